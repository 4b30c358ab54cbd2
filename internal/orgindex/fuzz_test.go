package orgindex_test

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/orgindex"
)

// search answers q over docs the plain way, as the SQL search does
// (internal/store/search.go): it is the oracle the index is held to.
func search(docs []orgindex.Doc, q orgindex.Query) orgindex.Result {
	has := func(tokens []string, t orgindex.Term) bool {
		return slices.ContainsFunc(tokens, func(s string) bool {
			if t.Prefix {
				return strings.HasPrefix(s, t.Token)
			}
			return s == t.Token
		})
	}
	inNames := func(d *orgindex.Doc) bool {
		for _, t := range q.Terms {
			if !has(d.Names, t) {
				return false
			}
		}
		return true
	}
	// matches reports whether d has every term and passes every filter
	// but those named skip.
	matches := func(d *orgindex.Doc, skip string) bool {
		for _, t := range q.Terms {
			if !has(d.Names, t) && !has(d.Body, t) {
				return false
			}
		}
		for _, f := range q.Filters {
			if f.Name != skip && !slices.ContainsFunc(f.Tags, func(tag string) bool { return slices.Contains(d.Tags, tag) }) {
				return false
			}
		}
		return true
	}

	var res orgindex.Result
	var found []*orgindex.Doc
	for i := range docs {
		if matches(&docs[i], "\x00") {
			found = append(found, &docs[i])
		}
	}
	res.Total = len(found)
	if len(q.Terms) == 0 {
		slices.SortFunc(found, func(a, b *orgindex.Doc) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
		})
	} else {
		rank := func(d *orgindex.Doc) int {
			switch {
			case slices.Contains(q.Exact, d.Seq) && inNames(d):
				return 0
			case slices.Contains(q.Exact, d.Seq):
				return 1
			case inNames(d):
				return 2
			}
			return 3
		}
		slices.SortFunc(found, func(a, b *orgindex.Doc) int {
			return cmp.Or(
				cmp.Compare(rank(a), rank(b)),
				cmp.Compare(utf8.RuneCountInString(a.Name), utf8.RuneCountInString(b.Name)),
				strings.Compare(a.Name, b.Name),
				strings.Compare(a.ID, b.ID))
		})
	}
	if q.Limit > 0 {
		for _, d := range found[min(q.Offset, len(found)):min(q.Offset+q.Limit, len(found))] {
			res.Page = append(res.Page, d.Seq)
		}
	}
	if len(q.Facets) > 0 {
		res.Facets = map[string][]orgindex.TagCount{}
		for name, prefix := range q.Facets {
			counts := map[string]int{}
			for i := range docs {
				d := &docs[i]
				if !matches(d, name) {
					continue
				}
				// A tag given twice counts once.
				for _, tag := range slices.Compact(slices.Sorted(slices.Values(d.Tags))) {
					if strings.HasPrefix(tag, prefix) {
						counts[tag]++
					}
				}
			}
			tcs := []orgindex.TagCount{}
			for _, tag := range slices.Sorted(maps.Keys(counts)) {
				tcs = append(tcs, orgindex.TagCount{Tag: tag, Count: counts[tag]})
			}
			res.Facets[name] = tcs
		}
	}
	return res
}

// applyChanges returns docs with changes applied, by key.
func applyChanges(docs []orgindex.Doc, changes []orgindex.Change) []orgindex.Doc {
	bySeq := map[int64]orgindex.Doc{}
	for _, d := range docs {
		bySeq[d.Seq] = d
	}
	for _, c := range changes {
		if c.Doc == nil {
			delete(bySeq, c.Seq)
		} else {
			bySeq[c.Seq] = *c.Doc
		}
	}
	out := make([]orgindex.Doc, 0, len(bySeq))
	for _, seq := range slices.Sorted(maps.Keys(bySeq)) {
		out = append(out, bySeq[seq])
	}
	return out
}

// diffResults describes how got differs from want, or returns "". An
// empty page or facet equals a missing one.
func diffResults(got, want orgindex.Result) string {
	var d []string
	if got.Total != want.Total {
		d = append(d, fmt.Sprintf("Total: got %d, want %d", got.Total, want.Total))
	}
	if !slices.Equal(got.Page, want.Page) {
		d = append(d, fmt.Sprintf("Page: got %v, want %v", got.Page, want.Page))
	}
	if f := diffFacets(got.Facets, want.Facets); f != "" {
		d = append(d, "Facets: "+f)
	}
	return strings.Join(d, "; ")
}

func diffFacets(got, want map[string][]orgindex.TagCount) string {
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		return fmt.Sprintf("got %v, want %v", got, want)
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			return fmt.Sprintf("%s: got %v, want %v", name, got[name], w)
		}
	}
	return ""
}

// The fuzz vocabulary is tiny so that terms match often: tokens that are
// prefixes of each other, Latin and CJK; tags of two facets and one of
// none; name parts of one to three bytes a character.
var (
	fuzzTokens   = []string{"ab", "abc", "b", "ba", "東京", "東北", "京都", "x"}
	fuzzPrefixes = []string{"a", "ab", "東", "京", "", "z", "abcd", "b"}
	fuzzTags     = []string{"cde", "cjp", "cin", "kuni", "klab", "l1"}
	fuzzFilters  = []string{"country", "kind", "layer"}
	// The filters may ask for a tag that no organisation has.
	fuzzFilterTags = []string{"cde", "cjp", "cin", "kuni", "klab", "l1", "cxx"}
	fuzzParts      = []string{"A", "a", "B", "b", "é", "東", "Zz", " "}
	fuzzFacets     = map[string]string{"country": "c", "kind": "k", "all": ""}
)

// fuzzInput hands out small numbers from the fuzz bytes; when they run
// out it hands out 0.
type fuzzInput []byte

func (in *fuzzInput) intn(n int) int {
	if len(*in) == 0 {
		return 0
	}
	v := int((*in)[0]) % n
	*in = (*in)[1:]
	return v
}

// fuzzSeq returns a key: few, so that changes and exact names hit the
// organisations often.
func fuzzSeq(in *fuzzInput) int64 { return int64(in.intn(40) + 1) }

func (in *fuzzInput) pick(from []string) string { return from[in.intn(len(from))] }

func (in *fuzzInput) picks(from []string, max int) []string {
	var out []string
	for range in.intn(max + 1) {
		out = append(out, in.pick(from))
	}
	return out
}

// doc makes an organisation with key seq. Its id ends in seq, so ids are
// unique and the ranking has no ties, but their order is not the keys'.
func (in *fuzzInput) doc(seq int64) *orgindex.Doc {
	var name strings.Builder
	for range in.intn(5) {
		name.WriteString(in.pick(fuzzParts))
	}
	return &orgindex.Doc{
		Seq:   seq,
		ID:    string(rune('a'+in.intn(3))) + strconv.FormatInt(seq, 10),
		Name:  name.String(),
		Names: in.picks(fuzzTokens, 2),
		Body:  in.picks(fuzzTokens, 3),
		Tags:  in.picks(fuzzTags, 3),
	}
}

func (in *fuzzInput) query() orgindex.Query {
	var q orgindex.Query
	for range in.intn(3) {
		if in.intn(2) == 0 {
			q.Terms = append(q.Terms, orgindex.Term{Token: in.pick(fuzzTokens)})
		} else {
			q.Terms = append(q.Terms, orgindex.Term{Token: in.pick(fuzzPrefixes), Prefix: true})
		}
	}
	for range in.intn(3) {
		q.Filters = append(q.Filters, orgindex.Filter{Name: in.pick(fuzzFilters), Tags: in.picks(fuzzFilterTags, 2)})
	}
	for range in.intn(5) {
		q.Exact = append(q.Exact, fuzzSeq(in))
	}
	q.Offset, q.Limit = in.intn(12), in.intn(12)
	if in.intn(2) == 1 {
		q.Facets = fuzzFacets
	}
	return q
}

// buildInPasses builds the index of docs as the store does: every
// organisation first, then the tags and the tokens in other orders and in
// several calls, with a second Add of a key and calls for an organisation
// not added mixed in.
func buildInPasses(docs []orgindex.Doc, version int64) *orgindex.Index {
	b := orgindex.NewBuilder(version, len(docs))
	for _, d := range docs {
		b.Add(d.Seq, d.ID, d.Name)
	}
	if len(docs) > 0 { // a second Add of a key is ignored
		b.Add(docs[0].Seq, "zz", "added twice")
	}
	for _, d := range slices.Backward(docs) {
		for _, tag := range d.Tags {
			b.Tag(d.Seq, tag)
		}
		b.Tag(d.Seq+1000, "cde")
	}
	for _, first := range []int{1, 0} { // odd positions, then even
		for i := first; i < len(docs); i += 2 {
			b.Tokens(docs[i].Seq, docs[i].Names, docs[i].Body)
		}
	}
	b.Tokens(-2, []string{"ab"}, nil)
	return b.Index()
}

// FuzzIndexMatchesBuild builds an index, applies changes in batches, and
// holds its answers, and those of new builds of the result (Build, and a
// Builder fed in passes as the store feeds it), to the plain search.
func FuzzIndexMatchesBuild(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x05\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"))
	f.Add([]byte("\x28\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"))
	f.Add([]byte("kyoto university research 東京大学 京都大学 tokyo lab delhi fund"))
	f.Add([]byte{20, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5, 0, 2, 8, 8, 4, 1, 9, 7, 1, 6, 9, 3, 9, 9, 3, 7, 5, 1, 0, 5, 8, 2, 0, 9, 7, 4, 9, 4, 4, 5, 9, 2, 3, 0, 7, 8, 1, 6, 4, 0, 6, 2, 8, 6, 2, 0, 8, 9, 9, 8, 6, 2, 8, 0, 3, 4, 8, 2, 5, 3, 4, 2, 1, 1, 7, 0, 6, 7, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fuzzInput(data)
		var docs []orgindex.Doc
		seen := map[int64]bool{}
		for range in.intn(41) {
			seq := fuzzSeq(&in)
			if !seen[seq] {
				seen[seq] = true
				docs = append(docs, *in.doc(seq))
			}
		}
		x := orgindex.Build(docs, 10)
		version := int64(10)
		final := docs
		queries := []orgindex.Query{in.query()}
		for range in.intn(4) {
			var changes []orgindex.Change
			for range in.intn(7) {
				seq := fuzzSeq(&in)
				c := orgindex.Change{Seq: seq}
				if in.intn(4) != 0 {
					c.Doc = in.doc(seq)
				}
				changes = append(changes, c)
			}
			// A batch may come again with an older version.
			v := version + int64(in.intn(3)) - 1
			version = max(version, v)
			// Searches between batches fill the prefix cache, which the
			// next batch must clear.
			q := in.query()
			x.Search(q)
			queries = append(queries, q)
			x.Apply(v, changes)
			final = applyChanges(final, changes)
		}
		for range in.intn(4) {
			queries = append(queries, in.query())
		}

		if got := x.Len(); got != len(final) {
			t.Errorf("Len: got %d, want %d", got, len(final))
		}
		if got := x.Version(); got != version {
			t.Errorf("Version: got %d, want %d", got, version)
		}
		fresh := orgindex.Build(reversed(final), version)
		passes := buildInPasses(final, version)
		for _, q := range queries {
			got := x.Search(q)
			want := search(final, q)
			if d := diffResults(got, want); d != "" {
				t.Errorf("query %+v: index after Apply and plain search differ: %s", q, d)
			}
			if d := diffResults(fresh.Search(q), want); d != "" {
				t.Errorf("query %+v: new build and plain search differ: %s", q, d)
			}
			if d := diffResults(passes.Search(q), want); d != "" {
				t.Errorf("query %+v: build in passes and plain search differ: %s", q, d)
			}
		}
		if t.Failed() {
			t.Logf("docs built: %+v", docs)
			t.Logf("docs in the end: %+v", final)
		}
	})
}
