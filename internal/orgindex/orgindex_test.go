package orgindex_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/setu-council/setu/internal/orgindex"
)

// registryDocs is a small registry. Its ranked order (length in
// characters, name, id) is 7 6 9 3 2 8 4 5 1: the two "Abcd" tie on
// length and name and are ordered by id ("o6a" before "o6b"), and the
// CJK names count 4 characters though they take 12 bytes. Its name order
// is 7 6 9 5 8 1 4 3 2.
func registryDocs() []orgindex.Doc {
	return []orgindex.Doc{
		{Seq: 1, ID: "o1", Name: "Kyoto University", Names: []string{"kyoto", "university"}, Body: []string{"research", "japan"}, Tags: []string{"cjp", "kuniversity"}},
		{Seq: 2, ID: "o2", Name: "東京大学", Names: []string{"東京", "京大", "大学"}, Body: []string{"research", "tokyo"}, Tags: []string{"cjp", "kuniversity"}},
		{Seq: 3, ID: "o3", Name: "京都大学", Names: []string{"京都", "都大", "大学"}, Body: []string{"kyoto", "research"}, Tags: []string{"cjp", "kuniversity"}},
		{Seq: 4, ID: "o4", Name: "Tokyo Lab", Names: []string{"tokyo", "lab"}, Body: []string{"research"}, Tags: []string{"cjp", "klab"}},
		{Seq: 5, ID: "o5", Name: "Delhi Fund", Names: []string{"delhi", "fund"}, Body: []string{"research", "grants", "india"}, Tags: []string{"cin", "kfunder"}},
		{Seq: 6, ID: "o6b", Name: "Abcd", Names: []string{"abcd"}, Body: []string{"kyoto"}, Tags: []string{"cde", "klab"}},
		{Seq: 7, ID: "o6a", Name: "Abcd", Names: []string{"abcd"}, Body: []string{"research"}, Tags: []string{"cde", "kfunder"}},
		{Seq: 8, ID: "o8", Name: "Kyoto", Names: []string{"kyoto"}, Body: []string{"lab"}, Tags: []string{"cjp", "klab"}},
		{Seq: 9, ID: "o9", Name: "Bonn", Names: []string{"bonn", "university"}, Body: []string{"kyoto", "research"}, Tags: []string{"cde", "kuniversity"}},
	}
}

// facets are the facets the store asks for, as far as registryDocs has
// tags for them.
var facets = map[string]string{"country": "c", "kind": "k"}

func word(t string) orgindex.Term   { return orgindex.Term{Token: t} }
func prefix(t string) orgindex.Term { return orgindex.Term{Token: t, Prefix: true} }

func filter(name string, tags ...string) orgindex.Filter {
	return orgindex.Filter{Name: name, Tags: tags}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name   string
		q      orgindex.Query
		total  int
		page   []int64
		facets map[string][]orgindex.TagCount // checked when not nil
	}{
		{name: "browse every organisation in name order", q: orgindex.Query{Limit: 20}, total: 9, page: []int64{7, 6, 9, 5, 8, 1, 4, 3, 2}},
		{name: "browse second page", q: orgindex.Query{Offset: 3, Limit: 3}, total: 9, page: []int64{5, 8, 1}},
		{name: "browse past the end", q: orgindex.Query{Offset: 9, Limit: 3}, total: 9},
		{name: "browse no limit", q: orgindex.Query{}, total: 9},
		{name: "browse a filter", q: orgindex.Query{Filters: []orgindex.Filter{filter("kind", "klab")}, Limit: 20}, total: 3, page: []int64{6, 8, 4}},
		{name: "filter with alternatives", q: orgindex.Query{Filters: []orgindex.Filter{filter("country", "cjp", "cin")}, Limit: 20}, total: 6, page: []int64{5, 8, 1, 4, 3, 2}},
		{name: "two filters", q: orgindex.Query{Filters: []orgindex.Filter{filter("country", "cjp", "cin"), filter("kind", "kfunder", "klab")}, Limit: 20}, total: 3, page: []int64{5, 8, 4}},
		{name: "filter of unknown tag", q: orgindex.Query{Filters: []orgindex.Filter{filter("kind", "knope")}, Limit: 20}, total: 0},
		{name: "filter without tags", q: orgindex.Query{Filters: []orgindex.Filter{filter("kind")}, Limit: 20}, total: 0},
		{name: "names tier then body tier", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Limit: 20}, total: 5, page: []int64{8, 1, 6, 9, 3}},
		{name: "exact name first", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Exact: []int64{1}, Limit: 20}, total: 5, page: []int64{1, 8, 6, 9, 3}},
		{name: "exact names: names tier first", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Exact: []int64{3, 1, 3}, Limit: 20}, total: 5, page: []int64{1, 3, 8, 6, 9}},
		{name: "exact name that does not match", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Exact: []int64{5, 42}, Limit: 20}, total: 5, page: []int64{8, 1, 6, 9, 3}},
		{name: "page within the exact names", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Exact: []int64{1}, Limit: 1}, total: 5, page: []int64{1}},
		{name: "page across exact and names tier", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Exact: []int64{1}, Limit: 2}, total: 5, page: []int64{1, 8}},
		{name: "page across names and body tier", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Exact: []int64{1}, Offset: 1, Limit: 2}, total: 5, page: []int64{8, 6}},
		{name: "page in body tier", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Offset: 3, Limit: 5}, total: 5, page: []int64{9, 3}},
		{name: "page past the end", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Offset: 5, Limit: 5}, total: 5},
		{name: "text orders by length, browse by name", q: orgindex.Query{Terms: []orgindex.Term{word("research")}, Limit: 20}, total: 7, page: []int64{7, 9, 3, 2, 4, 5, 1}},
		{name: "CJK bigram", q: orgindex.Query{Terms: []orgindex.Term{word("大学")}, Limit: 20}, total: 2, page: []int64{3, 2}},
		{name: "CJK bigrams, both", q: orgindex.Query{Terms: []orgindex.Term{word("大学"), word("京大")}, Limit: 20}, total: 1, page: []int64{2}},
		{name: "CJK prefix", q: orgindex.Query{Terms: []orgindex.Term{prefix("京")}, Limit: 20}, total: 2, page: []int64{3, 2}},
		{name: "Latin prefix", q: orgindex.Query{Terms: []orgindex.Term{prefix("ky")}, Limit: 20}, total: 5, page: []int64{8, 1, 6, 9, 3}},
		{name: "prefix of several tokens", q: orgindex.Query{Terms: []orgindex.Term{prefix("t")}, Limit: 20}, total: 2, page: []int64{4, 2}},
		{name: "prefix is a whole token", q: orgindex.Query{Terms: []orgindex.Term{prefix("kyoto")}, Limit: 20}, total: 5, page: []int64{8, 1, 6, 9, 3}},
		{name: "prefix matching nothing", q: orgindex.Query{Terms: []orgindex.Term{prefix("zz")}, Limit: 20}, total: 0},
		{name: "word is not a prefix", q: orgindex.Query{Terms: []orgindex.Term{word("ky")}, Limit: 20}, total: 0},
		{name: "one term in names, other in body", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto"), word("university")}, Limit: 20}, total: 2, page: []int64{1, 9}},
		{name: "word and prefix", q: orgindex.Query{Terms: []orgindex.Term{prefix("univ"), word("research")}, Limit: 20}, total: 2, page: []int64{9, 1}},
		{name: "text and filter", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Filters: []orgindex.Filter{filter("country", "cde")}, Limit: 20}, total: 2, page: []int64{6, 9}},
		{name: "text and filter with alternatives", q: orgindex.Query{Terms: []orgindex.Term{word("research")}, Filters: []orgindex.Filter{filter("kind", "kuniversity", "kfunder")}, Limit: 20}, total: 6, page: []int64{7, 9, 3, 2, 5, 1}},
		{
			name: "facets of every organisation", q: orgindex.Query{Facets: facets}, total: 9,
			facets: map[string][]orgindex.TagCount{
				"country": {{"cde", 3}, {"cin", 1}, {"cjp", 5}},
				"kind":    {{"kfunder", 2}, {"klab", 3}, {"kuniversity", 4}},
			},
		},
		{
			name: "facet leaves its own filter out", q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Filters: []orgindex.Filter{filter("country", "cjp")}, Facets: facets, Limit: 20},
			total: 3, page: []int64{8, 1, 3},
			facets: map[string][]orgindex.TagCount{
				"country": {{"cde", 2}, {"cjp", 3}},
				"kind":    {{"klab", 1}, {"kuniversity", 2}},
			},
		},
		{
			name: "facets of a browse with a filter", q: orgindex.Query{Filters: []orgindex.Filter{filter("kind", "klab")}, Facets: facets},
			total: 3,
			facets: map[string][]orgindex.TagCount{
				"country": {{"cde", 1}, {"cjp", 2}},
				"kind":    {{"kfunder", 2}, {"klab", 3}, {"kuniversity", 4}},
			},
		},
		{
			name: "facet with a narrower prefix", q: orgindex.Query{Facets: map[string]string{"country": "cj", "kind": "kx"}}, total: 9,
			facets: map[string][]orgindex.TagCount{"country": {{"cjp", 5}}, "kind": {}},
		},
	}
	docs := registryDocs()
	x := orgindex.Build(docs, 1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := x.Search(tt.q)
			if got.Total != tt.total {
				t.Errorf("Total: got %d, want %d", got.Total, tt.total)
			}
			if !slices.Equal(got.Page, tt.page) {
				t.Errorf("Page: got %v, want %v", got.Page, tt.page)
			}
			if tt.facets != nil {
				if d := diffFacets(got.Facets, tt.facets); d != "" {
					t.Errorf("Facets: %s", d)
				}
			}
			// The oracle the fuzz test trusts must agree with these
			// hand-worked answers.
			if d := diffResults(got, search(docs, tt.q)); d != "" {
				t.Errorf("index and oracle differ: %s", d)
			}
		})
	}
}

func TestBuildRanking(t *testing.T) {
	// Ties in length are broken by the name's bytes, then by id; the length
	// counts characters, not bytes.
	docs := []orgindex.Doc{
		{Seq: 1, ID: "b", Name: "bb", Names: []string{"t"}},
		{Seq: 2, ID: "a", Name: "bb", Names: []string{"t"}},
		{Seq: 3, ID: "c", Name: "ab", Names: []string{"t"}},
		{Seq: 4, ID: "d", Name: "ééé", Names: []string{"t"}}, // 3 characters, 6 bytes
		{Seq: 5, ID: "e", Name: "abcd", Names: []string{"t"}},
		{Seq: 6, ID: "f", Name: "", Names: []string{"t"}},
		{Seq: 7, ID: "g", Name: "Zz", Names: []string{"t"}},
		{Seq: 8, ID: "h", Name: "東", Names: []string{"t"}},
	}
	tests := []struct {
		name string
		q    orgindex.Query
		want []int64
	}{
		{"ranked", orgindex.Query{Terms: []orgindex.Term{word("t")}, Limit: 20}, []int64{6, 8, 7, 3, 2, 1, 4, 5}},
		{"by name", orgindex.Query{Limit: 20}, []int64{6, 7, 3, 5, 2, 1, 4, 8}},
	}
	// The order of the input does not matter.
	for _, order := range [][]orgindex.Doc{docs, reversed(docs)} {
		x := orgindex.Build(order, 1)
		for _, tt := range tests {
			if got := x.Search(tt.q).Page; !slices.Equal(got, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestApply(t *testing.T) {
	kyoto := &orgindex.Doc{Seq: 1, ID: "o1", Name: "KU", Names: []string{"kyoto", "ku"}, Body: []string{"research"}, Tags: []string{"cjp", "kuniversity"}}
	tests := []struct {
		name    string
		changes []orgindex.Change
		q       orgindex.Query
		total   int
		page    []int64
	}{
		{
			name:    "removed",
			changes: []orgindex.Change{{Seq: 8}},
			q:       orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Limit: 20}, total: 4, page: []int64{1, 6, 9, 3},
		},
		{
			name:    "removed, browse",
			changes: []orgindex.Change{{Seq: 8}},
			q:       orgindex.Query{Limit: 20}, total: 8, page: []int64{7, 6, 9, 5, 1, 4, 3, 2},
		},
		{
			name:    "removed, unknown",
			changes: []orgindex.Change{{Seq: 42}},
			q:       orgindex.Query{Limit: 20}, total: 9, page: []int64{7, 6, 9, 5, 8, 1, 4, 3, 2},
		},
		{
			name:    "renamed shorter",
			changes: []orgindex.Change{{Seq: 1, Doc: kyoto}},
			q:       orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Limit: 20}, total: 5, page: []int64{1, 8, 6, 9, 3},
		},
		{
			name:    "renamed shorter, browse",
			changes: []orgindex.Change{{Seq: 1, Doc: kyoto}},
			q:       orgindex.Query{Limit: 20}, total: 9, page: []int64{7, 6, 9, 5, 1, 8, 4, 3, 2},
		},
		{
			name:    "renamed, old token gone",
			changes: []orgindex.Change{{Seq: 1, Doc: kyoto}},
			q:       orgindex.Query{Terms: []orgindex.Term{word("university")}, Limit: 20}, total: 1, page: []int64{9},
		},
		{
			name:    "renamed, old tag gone",
			changes: []orgindex.Change{{Seq: 4, Doc: &orgindex.Doc{Seq: 4, ID: "o4", Name: "Tokyo Lab", Names: []string{"tokyo", "lab"}, Tags: []string{"cjp"}}}},
			q:       orgindex.Query{Filters: []orgindex.Filter{filter("kind", "klab")}, Facets: facets, Limit: 20}, total: 2, page: []int64{6, 8},
		},
		{
			name: "renamed longer, twice",
			changes: []orgindex.Change{
				{Seq: 7, Doc: &orgindex.Doc{Seq: 7, ID: "o6a", Name: "Abcd Research Institute", Names: []string{"abcd"}, Body: []string{"research"}}},
				{Seq: 6, Doc: &orgindex.Doc{Seq: 6, ID: "o6b", Name: "Abcd of Kyoto", Names: []string{"abcd", "kyoto"}}},
				{Seq: 7, Doc: &orgindex.Doc{Seq: 7, ID: "o6a", Name: "Abcd Research", Names: []string{"abcd"}, Body: []string{"kyoto"}}},
			},
			q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Limit: 20}, total: 6, page: []int64{8, 6, 1, 9, 3, 7},
		},
		{
			name: "added, tie with a base organisation broken by id",
			changes: []orgindex.Change{
				{Seq: 10, Doc: &orgindex.Doc{Seq: 10, ID: "o10", Name: "Kyoto", Names: []string{"kyoto"}}},
				{Seq: 11, Doc: &orgindex.Doc{Seq: 11, ID: "o0", Name: "Kyoto", Names: []string{"kyoto"}}},
			},
			q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Limit: 20}, total: 7, page: []int64{11, 10, 8, 1, 6, 9, 3},
		},
		{
			name: "added, browse",
			changes: []orgindex.Change{
				{Seq: 10, Doc: &orgindex.Doc{Seq: 10, ID: "o10", Name: "Kyoto", Names: []string{"kyoto"}}},
				{Seq: 11, Doc: &orgindex.Doc{Seq: 11, ID: "o0", Name: "Kyoto", Names: []string{"kyoto"}}},
			},
			q: orgindex.Query{Offset: 3, Limit: 4}, total: 11, page: []int64{5, 11, 10, 8},
		},
		{
			name: "added then removed",
			changes: []orgindex.Change{
				{Seq: 10, Doc: &orgindex.Doc{Seq: 10, ID: "o10", Name: "Kyoto", Names: []string{"kyoto"}}},
				{Seq: 10},
			},
			q: orgindex.Query{Terms: []orgindex.Term{word("kyoto")}, Limit: 20}, total: 5, page: []int64{8, 1, 6, 9, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := orgindex.Build(registryDocs(), 1)
			x.Apply(2, tt.changes)
			got := x.Search(tt.q)
			if got.Total != tt.total {
				t.Errorf("Total: got %d, want %d", got.Total, tt.total)
			}
			if !slices.Equal(got.Page, tt.page) {
				t.Errorf("Page: got %v, want %v", got.Page, tt.page)
			}
			final := applyChanges(registryDocs(), tt.changes)
			if d := diffResults(got, search(final, tt.q)); d != "" {
				t.Errorf("index and oracle differ: %s", d)
			}
			if d := diffResults(got, orgindex.Build(final, 2).Search(tt.q)); d != "" {
				t.Errorf("index and a new build differ: %s", d)
			}
		})
	}
}

func TestApplyCounts(t *testing.T) {
	x := orgindex.Build(registryDocs(), 5)
	if got := x.Changed(); got != 0 {
		t.Errorf("Changed after Build: got %d, want 0", got)
	}
	x.Apply(7, []orgindex.Change{
		{Seq: 8},
		{Seq: 1, Doc: &orgindex.Doc{Seq: 1, ID: "o1", Name: "KU"}},
		{Seq: 10, Doc: &orgindex.Doc{Seq: 10, ID: "o10", Name: "New"}},
	})
	if got := x.Len(); got != 9 {
		t.Errorf("Len: got %d, want 9", got)
	}
	if got := x.Changed(); got != 4 { // 2 later ordinals, 2 dead
		t.Errorf("Changed: got %d, want 4", got)
	}
	if got := x.Version(); got != 7 {
		t.Errorf("Version: got %d, want 7", got)
	}
	// An older change applied again leaves the version where it was.
	x.Apply(6, []orgindex.Change{{Seq: 10, Doc: &orgindex.Doc{Seq: 10, ID: "o10", Name: "New"}}})
	if got := x.Version(); got != 7 {
		t.Errorf("Version after an older change: got %d, want 7", got)
	}
	if got := x.Len(); got != 9 {
		t.Errorf("Len after an older change: got %d, want 9", got)
	}
	if got := x.Changed(); got != 5 { // 2 later ordinals, 3 dead
		t.Errorf("Changed after a later organisation changed again: got %d, want 5", got)
	}
	x.Apply(9, nil)
	if got := x.Version(); got != 9 {
		t.Errorf("Version after an empty change: got %d, want 9", got)
	}
}

func TestApplyPrefixCache(t *testing.T) {
	x := orgindex.Build(registryDocs(), 1)
	tests := []struct {
		name    string
		term    orgindex.Term
		changes []orgindex.Change
		want    []int64 // after the change
	}{
		{
			// "京" is the prefix of two tokens: its union is a bitmap of
			// its own, cached.
			name:    "known token, new organisation",
			term:    prefix("京"),
			changes: []orgindex.Change{{Seq: 11, Doc: &orgindex.Doc{Seq: 11, ID: "o11", Name: "京大", Names: []string{"京大"}}}},
			want:    []int64{11, 3, 2},
		},
		{
			name:    "new token under a known prefix",
			term:    prefix("京"),
			changes: []orgindex.Change{{Seq: 12, Doc: &orgindex.Doc{Seq: 12, ID: "o12", Name: "京阪大学", Body: []string{"京阪"}}}},
			want:    []int64{11, 3, 2, 12},
		},
		{
			name:    "new token under a prefix that matched nothing",
			term:    prefix("ze"),
			changes: []orgindex.Change{{Seq: 13, Doc: &orgindex.Doc{Seq: 13, ID: "o13", Name: "Zebra", Names: []string{"zebra"}}}},
			want:    []int64{13},
		},
		{
			name:    "organisation removed",
			term:    prefix("京"),
			changes: []orgindex.Change{{Seq: 11}},
			want:    []int64{3, 2, 12},
		},
		{
			name:    "token removed from names",
			term:    prefix("ze"),
			changes: []orgindex.Change{{Seq: 13, Doc: &orgindex.Doc{Seq: 13, ID: "o13", Name: "Zebra", Body: []string{"zebra"}}}},
			want:    []int64{13},
		},
	}
	version := int64(1)
	for _, tt := range tests {
		q := orgindex.Query{Terms: []orgindex.Term{tt.term}, Limit: 20}
		x.Search(q) // fills the cache
		version++
		x.Apply(version, tt.changes)
		if got := x.Search(q).Page; !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSearchDuringApply(t *testing.T) {
	const n = 60
	doc := func(seq, round int) orgindex.Doc {
		name := fmt.Sprintf("Org %d%s", seq, strings.Repeat("é", (seq+round)%5))
		return orgindex.Doc{
			Seq:   int64(seq),
			ID:    fmt.Sprintf("id%d", seq),
			Name:  name,
			Names: []string{"org", fmt.Sprintf("n%d", (seq+round)%7)},
			Body:  []string{fmt.Sprintf("b%d", (seq*round)%11), fmt.Sprintf("r%d", round)},
			Tags:  []string{fmt.Sprintf("c%d", (seq+round)%3), fmt.Sprintf("k%d", seq%4)},
		}
	}
	docs := make([]orgindex.Doc, n)
	for i := range docs {
		docs[i] = doc(i+1, 0)
	}
	x := orgindex.Build(docs, 0)
	queries := []orgindex.Query{
		{Limit: 10},
		{Offset: 20, Limit: 10, Facets: facets},
		{Terms: []orgindex.Term{word("org")}, Exact: []int64{3, 5}, Limit: 10},
		{Terms: []orgindex.Term{prefix("n")}, Offset: 5, Limit: 10, Facets: facets},
		{Terms: []orgindex.Term{prefix("r")}, Filters: []orgindex.Filter{filter("country", "c1", "c2")}, Limit: 10, Facets: facets},
		{Terms: []orgindex.Term{prefix("b"), prefix("n")}, Limit: 10},
		{Filters: []orgindex.Filter{filter("kind", "k1")}, Limit: 10, Facets: facets},
	}
	const rounds = 300
	var wg sync.WaitGroup
	wg.Go(func() {
		for r := 1; r <= rounds; r++ {
			// Every round renames a few and adds and removes one, so that
			// the number of organisations stays n.
			var changes []orgindex.Change
			for _, seq := range []int{r%n + 1, (r*7)%n + 1} {
				d := doc(seq, r)
				changes = append(changes, orgindex.Change{Seq: d.Seq, Doc: &d})
			}
			tmp := doc(n+1, r)
			changes = append(changes, orgindex.Change{Seq: tmp.Seq, Doc: &tmp}, orgindex.Change{Seq: tmp.Seq})
			x.Apply(int64(r), changes)
		}
	})
	for g := range 4 {
		wg.Go(func() {
			for i := range rounds {
				q := queries[(g+i)%len(queries)]
				res := x.Search(q)
				if len(q.Terms) == 0 && len(q.Filters) == 0 && res.Total != n {
					t.Errorf("browse during Apply: got Total %d, want %d", res.Total, n)
				}
				if len(res.Page) > q.Limit {
					t.Errorf("query %d: got %d on the page, want at most %d", (g+i)%len(queries), len(res.Page), q.Limit)
				}
				if seen := slices.Compact(slices.Sorted(slices.Values(res.Page))); len(seen) != len(res.Page) {
					t.Errorf("query %d: page %v lists an organisation twice", (g+i)%len(queries), res.Page)
				}
				_ = x.Version()
				_ = x.Len()
				_ = x.Changed()
			}
		})
	}
	wg.Wait()
	// In the end, the index answers as a new build does.
	final := make([]orgindex.Doc, n)
	for i := range final {
		final[i] = doc(i+1, 0)
	}
	for r := 1; r <= rounds; r++ {
		for _, seq := range []int{r%n + 1, (r*7)%n + 1} {
			final[seq-1] = doc(seq, r)
		}
	}
	fresh := orgindex.Build(final, rounds)
	for i, q := range queries {
		if d := diffResults(x.Search(q), fresh.Search(q)); d != "" {
			t.Errorf("query %d: index and a new build differ: %s", i, d)
		}
	}
}

func reversed(docs []orgindex.Doc) []orgindex.Doc {
	r := slices.Clone(docs)
	slices.Reverse(r)
	return r
}

// TestLargeIndexMatchesSearch holds an index of more ordinals than one
// bitmap container holds (65,536), after changes, to the plain search.
func TestLargeIndexMatchesSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of 70,000 organisations")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tokens := []string{"ab", "abc", "b", "ba", "東京", "東北", "京都", "x", "rare"}
	tags := []string{"cde", "cjp", "cin", "kuni", "klab"}
	some := func(from []string, n int) []string {
		var out []string
		for range rng.IntN(n + 1) {
			// The last comes half as often as the others.
			out = append(out, from[rng.IntN(len(from))%(len(from)-rng.IntN(2))])
		}
		return out
	}
	doc := func(seq int64) *orgindex.Doc {
		return &orgindex.Doc{
			Seq:   seq,
			ID:    fmt.Sprintf("%c%d", 'a'+rng.IntN(3), seq),
			Name:  strings.Repeat("é", rng.IntN(3)) + fmt.Sprintf("%x", rng.IntN(5000)),
			Names: some(tokens, 2),
			Body:  some(tokens, 3),
			Tags:  some(tags, 2),
		}
	}
	const n = 70_000
	docs := make([]orgindex.Doc, n)
	for i := range docs {
		docs[i] = *doc(int64(i + 1))
	}
	x := orgindex.Build(docs, 1)
	var changes []orgindex.Change
	for range 300 {
		c := orgindex.Change{Seq: int64(rng.IntN(n+100) + 1)}
		if rng.IntN(4) != 0 {
			c.Doc = doc(c.Seq)
		}
		changes = append(changes, c)
	}
	x.Apply(2, changes[:150])
	x.Apply(3, changes[150:])
	final := applyChanges(docs, changes)
	queries := []orgindex.Query{
		{Offset: 65_530, Limit: 20},
		{Terms: []orgindex.Term{word("rare")}, Offset: 100, Limit: 50, Facets: facets},
		{Terms: []orgindex.Term{prefix("東"), word("rare")}, Exact: []int64{5, 69_999, 70_050}, Limit: 30},
		{Terms: []orgindex.Term{prefix("a")}, Filters: []orgindex.Filter{filter("kind", "klab")}, Offset: 3_000, Limit: 30, Facets: facets},
		{Filters: []orgindex.Filter{filter("country", "cin"), filter("kind", "kuni")}, Offset: 1_500, Limit: 30},
		{Filters: []orgindex.Filter{filter("country", "cin")}, Terms: []orgindex.Term{word("rare"), word("x")}, Limit: 30, Facets: facets},
	}
	for i, q := range queries {
		want := search(final, q)
		if len(want.Page) == 0 {
			t.Errorf("query %d: got an empty page from the plain search, want a query that tests something", i)
		}
		if d := diffResults(x.Search(q), want); d != "" {
			t.Errorf("query %d: index and plain search differ: %s", i, d)
		}
	}
}
