// Package orgindex is the registry's search index in memory. For every
// token of the organisations' names and body documents and for every
// filter value it keeps the set of organisations that have it, as a
// compressed bitmap (roaring), so that a search is a few bitmap
// intersections: the count of any result and every facet value's count
// cost microseconds to a millisecond at a million organisations, where the
// databases' full-text indexes read every entry of a common word's list.
//
// Organisations are numbered (ordinals) in the order of the search ranking
// (display-name length, name, id) when the index is built, so the matches
// of a tier come out of a bitmap already ranked. Changes after the build
// get new ordinals at the end, kept in a small sorted list that is merged
// in (Apply); the old ordinal of a changed or removed organisation is
// marked dead. The database stays the only record: the store builds the
// index from it and feeds it the changes it logs (docs/search.md).
//
// An Index is safe for concurrent use: searches share a read lock, Apply
// takes the write lock.
package orgindex

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
)

// Doc is one organisation as the index sees it.
type Doc struct {
	Seq   int64    // the store's key
	ID    string   // breaks ties of the ranking
	Name  string   // display name: its length and bytes order the ranking
	Names []string // tokens of the names document
	Body  []string // tokens of the body document
	Tags  []string // filter values as tags ("cjp", "kuniversity", ...)
}

// Change is a new version of one organisation; Doc is nil when it was
// removed.
type Change struct {
	Seq int64
	Doc *Doc
}

// Term is one term of a query: a whole token, or with Prefix every token
// that starts with it.
type Term struct {
	Token  string
	Prefix bool
}

// Filter is one filter of a query: an organisation passes if it has one of
// Tags. Name names the facet it belongs to.
type Filter struct {
	Name string
	Tags []string
}

// Query asks for one page of a search.
type Query struct {
	Terms   []Term   // every term must match, in the names or the body
	Filters []Filter // every filter must hold
	// Exact holds the keys of the organisations one of whose names is the
	// query; those that match are ranked first.
	Exact         []int64
	Offset, Limit int
	// Facets asks, per facet name, for the count of every tag that starts
	// with the given prefix, among the matches of the query with its other
	// filters (the facet's own filter left out).
	Facets map[string]string
}

// TagCount is one tag of a facet and its count.
type TagCount struct {
	Tag   string
	Count int
}

// Result is a page of a search.
type Result struct {
	Total  int                   // exact
	Page   []int64               // keys in ranked order
	Facets map[string][]TagCount // per facet, the tags that count more than 0, by tag
}

// Index is the search index of a registry at one version of its change
// log.
type Index struct {
	mu      sync.RWMutex
	version int64

	// Per ordinal.
	seq    []int64
	length []int32 // display-name length in characters
	name   []string
	id     []string

	nBase  uint32   // ordinals below are in ranked order
	byName []uint32 // base ordinals in name order (name, id)
	delta  []uint32 // later ordinals, in ranked order
	dName  []uint32 // later ordinals, in name order
	dead   *roaring.Bitmap
	live   int
	ord    map[int64]uint32 // key → current ordinal

	names map[string]*roaring.Bitmap // token → ordinals with it in their names
	any   map[string]*roaring.Bitmap // token → ordinals with it in names or body
	tags  map[string]*roaring.Bitmap
	vocab []string // every token of names and body, sorted (prefix terms)

	cacheMu sync.Mutex
	prefix  map[prefixKey]*roaring.Bitmap // prefix terms' unions until the next Apply
}

type prefixKey struct {
	token     string
	namesOnly bool
}

// maxPrefixCache bounds the number of prefix unions kept.
const maxPrefixCache = 256

// Build indexes docs, which hold the registry at change-log version.
func Build(docs []Doc, version int64) *Index {
	b := NewBuilder(version, len(docs))
	for i := range docs {
		b.Add(docs[i].Seq, docs[i].ID, docs[i].Name)
	}
	for i := range docs {
		b.Tokens(docs[i].Seq, docs[i].Names, docs[i].Body)
		b.Tag(docs[i].Seq, docs[i].Tags...)
	}
	return b.Index()
}

// add gives d the next ordinal and adds it to the bitmaps of its tokens.
// It returns newTokens with the tokens the vocabulary lacked appended.
func (x *Index) add(d *Doc, newTokens []string) []string {
	o := uint32(len(x.seq))
	x.seq = append(x.seq, d.Seq)
	x.length = append(x.length, int32(utf8.RuneCountInString(d.Name)))
	x.name = append(x.name, d.Name)
	x.id = append(x.id, d.ID)
	x.ord[d.Seq] = o
	x.live++
	// put adds o to t's bitmap in m; for a token new to m it returns the
	// copy of t that keys it (a copy, so as not to keep the document t was
	// cut from).
	put := func(m map[string]*roaring.Bitmap, t string) (key string, isNew bool) {
		b, ok := m[t]
		if !ok {
			t = strings.Clone(t)
			b = roaring.New()
			m[t] = b
		}
		b.Add(o)
		return t, !ok
	}
	for _, t := range d.Names {
		put(x.names, t)
		if k, isNew := put(x.any, t); isNew {
			newTokens = append(newTokens, k)
		}
	}
	for _, t := range d.Body {
		if k, isNew := put(x.any, t); isNew {
			newTokens = append(newTokens, k)
		}
	}
	for _, t := range d.Tags {
		put(x.tags, t)
	}
	return newTokens
}

// rankOrder orders ordinals as the search ranks matches of one tier.
func (x *Index) rankOrder(a, b uint32) int {
	return cmp.Or(cmp.Compare(x.length[a], x.length[b]), strings.Compare(x.name[a], x.name[b]), strings.Compare(x.id[a], x.id[b]))
}

// nameOrder orders ordinals as a search without text lists them.
func (x *Index) nameOrder(a, b uint32) int {
	return cmp.Or(strings.Compare(x.name[a], x.name[b]), strings.Compare(x.id[a], x.id[b]))
}

// Version returns the change-log version the index holds.
func (x *Index) Version() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.version
}

// Len returns the number of organisations indexed.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

// Changed returns the number of organisations changed, added or removed
// since the index was built: the part searches merge in.
func (x *Index) Changed() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.delta) + int(x.dead.GetCardinality())
}

// Apply brings the index to version with changes, which hold every
// organisation changed after the index's version, in any order; a
// change older than the index's version is applied again harmlessly.
func (x *Index) Apply(version int64, changes []Change) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if version <= x.version && len(changes) == 0 {
		return
	}
	var fresh []uint32           // new ordinals
	var newTokens []string       // tokens the vocabulary lacked
	removed := map[uint32]bool{} // ordinals of changed organisations
	for _, c := range changes {
		if o, ok := x.ord[c.Seq]; ok {
			x.dead.Add(o)
			delete(x.ord, c.Seq)
			x.live--
			removed[o] = true
		}
		if c.Doc == nil {
			continue
		}
		newTokens = x.add(c.Doc, newTokens)
		fresh = append(fresh, uint32(len(x.seq)-1))
	}
	gone := func(o uint32) bool { return removed[o] }
	x.delta = slices.DeleteFunc(x.delta, gone)
	x.dName = slices.DeleteFunc(x.dName, gone)
	fresh = slices.DeleteFunc(fresh, gone) // changed twice in this batch
	if len(fresh) <= 8 {
		for _, o := range fresh {
			i, _ := slices.BinarySearchFunc(x.delta, o, x.rankOrder)
			x.delta = slices.Insert(x.delta, i, o)
			i, _ = slices.BinarySearchFunc(x.dName, o, x.nameOrder)
			x.dName = slices.Insert(x.dName, i, o)
		}
	} else {
		x.delta = append(x.delta, fresh...)
		slices.SortFunc(x.delta, x.rankOrder)
		x.dName = append(x.dName, fresh...)
		slices.SortFunc(x.dName, x.nameOrder)
	}
	if len(newTokens) > 0 {
		// Merge the new tokens into the sorted vocabulary.
		slices.Sort(newTokens)
		merged := make([]string, 0, len(x.vocab)+len(newTokens))
		i := 0
		for _, t := range newTokens {
			for i < len(x.vocab) && x.vocab[i] < t {
				merged = append(merged, x.vocab[i])
				i++
			}
			merged = append(merged, t)
		}
		x.vocab = append(merged, x.vocab[i:]...)
	}
	x.version = max(x.version, version)
	x.cacheMu.Lock()
	clear(x.prefix)
	x.cacheMu.Unlock()
}

// DocCount returns the number of organisations that have token t in
// their names, their body or their tags: what a full-text match of t on
// every column of the database's index counts.
func (x *Index) DocCount(t string) int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var parts []*roaring.Bitmap
	for _, m := range []map[string]*roaring.Bitmap{x.any, x.tags} {
		if b, ok := m[t]; ok {
			parts = append(parts, b)
		}
	}
	var b *roaring.Bitmap
	switch len(parts) {
	case 0:
		return 0
	case 1:
		b = parts[0]
	default:
		b = roaring.Or(parts[0], parts[1])
	}
	return int(b.GetCardinality() - b.AndCardinality(x.dead))
}

// term returns the ordinals that have t, in their names or anywhere. The
// bitmap is shared: callers must not change it.
func (x *Index) term(t Term, namesOnly bool) *roaring.Bitmap {
	m := x.any
	if namesOnly {
		m = x.names
	}
	if !t.Prefix {
		if b, ok := m[t.Token]; ok {
			return b
		}
		return roaring.New()
	}
	k := prefixKey{t.Token, namesOnly}
	x.cacheMu.Lock()
	b, ok := x.prefix[k]
	x.cacheMu.Unlock()
	if ok {
		return b
	}
	var parts []*roaring.Bitmap
	i, _ := slices.BinarySearch(x.vocab, t.Token)
	for ; i < len(x.vocab) && strings.HasPrefix(x.vocab[i], t.Token); i++ {
		if p, ok := m[x.vocab[i]]; ok {
			parts = append(parts, p)
		}
	}
	switch len(parts) {
	case 0:
		b = roaring.New()
	case 1:
		b = parts[0]
	default:
		b = roaring.FastOr(parts...)
	}
	x.cacheMu.Lock()
	if len(x.prefix) >= maxPrefixCache {
		clear(x.prefix)
	}
	x.prefix[k] = b
	x.cacheMu.Unlock()
	return b
}

// filter returns the ordinals that pass f (a new bitmap).
func (x *Index) filter(f Filter) *roaring.Bitmap {
	var parts []*roaring.Bitmap
	for _, t := range f.Tags {
		if b, ok := x.tags[t]; ok {
			parts = append(parts, b)
		}
	}
	if len(parts) == 0 {
		return roaring.New()
	}
	return roaring.FastOr(parts...)
}

// matches returns the live ordinals that have every term (in their names
// with namesOnly) and pass every filter but the one named skip. It returns
// nil for "every live organisation" (no terms, no filters).
func (x *Index) matches(terms []Term, namesOnly bool, filters []*roaring.Bitmap, names []string, skip string) *roaring.Bitmap {
	var parts []*roaring.Bitmap
	for _, t := range terms {
		parts = append(parts, x.term(t, namesOnly))
	}
	for i, f := range filters {
		if names[i] != skip {
			parts = append(parts, f)
		}
	}
	var b *roaring.Bitmap
	switch len(parts) {
	case 0:
		return nil
	case 1:
		b = parts[0].Clone()
	default:
		b = roaring.FastAnd(parts...)
	}
	if !x.dead.IsEmpty() {
		b.AndNot(x.dead)
	}
	return b
}

// noFilter is a filter name that no filter has: leave none out.
const noFilter = "\x00"

// Search answers q.
func (x *Index) Search(q Query) Result {
	x.mu.RLock()
	defer x.mu.RUnlock()
	filters := make([]*roaring.Bitmap, len(q.Filters))
	fnames := make([]string, len(q.Filters))
	for i, f := range q.Filters {
		filters[i], fnames[i] = x.filter(f), f.Name
	}
	all := x.matches(q.Terms, false, filters, fnames, noFilter)
	var res Result
	if all == nil {
		res.Total = x.live
	} else {
		res.Total = int(all.GetCardinality())
	}
	end := q.Offset + q.Limit
	if q.Offset < res.Total && q.Limit > 0 {
		var ranked []uint32
		if len(q.Terms) == 0 {
			ranked = x.browse(all, end)
		} else {
			ranked = x.rank(q, all, filters, fnames, end)
		}
		for _, o := range ranked[min(q.Offset, len(ranked)):min(end, len(ranked))] {
			res.Page = append(res.Page, x.seq[o])
		}
	}
	if len(q.Facets) > 0 {
		res.Facets = map[string][]TagCount{}
		for name, prefix := range q.Facets {
			base := x.matches(q.Terms, false, filters, fnames, name)
			counts := []TagCount{}
			for t, b := range x.tags {
				if !strings.HasPrefix(t, prefix) {
					continue
				}
				var n uint64
				if base != nil {
					n = base.AndCardinality(b)
				} else {
					n = b.GetCardinality() - b.AndCardinality(x.dead)
				}
				if n > 0 {
					counts = append(counts, TagCount{t, int(n)})
				}
			}
			slices.SortFunc(counts, func(a, b TagCount) int { return strings.Compare(a.Tag, b.Tag) })
			res.Facets[name] = counts
		}
	}
	return res
}

// rank returns the first n matches of a text search in ranked order: the
// exact names, then the names tier, then the rest.
func (x *Index) rank(q Query, all *roaring.Bitmap, filters []*roaring.Bitmap, fnames []string, n int) []uint32 {
	names := x.matches(q.Terms, true, filters, fnames, noFilter)
	var exact []uint32
	for _, s := range q.Exact {
		if o, ok := x.ord[s]; ok && all.Contains(o) && !slices.Contains(exact, o) {
			exact = append(exact, o)
		}
	}
	slices.SortFunc(exact, func(a, b uint32) int {
		if an, bn := names.Contains(a), names.Contains(b); an != bn {
			if an {
				return -1
			}
			return 1
		}
		return x.rankOrder(a, b)
	})
	out := append(make([]uint32, 0, n), exact...)
	ex := roaring.BitmapOf(exact...)
	names.AndNot(ex)
	body := all.Clone()
	body.AndNot(names)
	body.AndNot(ex)
	for _, tier := range []*roaring.Bitmap{names, body} {
		if len(out) >= n {
			break
		}
		out = x.firstRanked(out, tier, n)
	}
	return out
}

// firstRanked appends to out the members of b in ranked order until out
// holds n: the base ordinals come out of the bitmap ranked; the later ones
// are merged in from the delta list.
func (x *Index) firstRanked(out []uint32, b *roaring.Bitmap, n int) []uint32 {
	it := b.Iterator()
	di := 0
	nextDelta := func() (uint32, bool) {
		for ; di < len(x.delta); di++ {
			if b.Contains(x.delta[di]) {
				return x.delta[di], true
			}
		}
		return 0, false
	}
	d, dok := nextDelta()
	for len(out) < n {
		var o uint32
		base := it.HasNext() && it.PeekNext() < x.nBase
		switch {
		case base && dok && x.rankOrder(d, it.PeekNext()) < 0, !base && dok:
			o = d
			di++
			d, dok = nextDelta()
		case base:
			o = it.Next()
		default:
			return out
		}
		out = append(out, o)
	}
	return out
}

// browse returns the first n matches of a search without text, in name
// order; b is nil for every live organisation.
func (x *Index) browse(b *roaring.Bitmap, n int) []uint32 {
	in := func(o uint32) bool {
		if b == nil {
			return !x.dead.Contains(o)
		}
		return b.Contains(o)
	}
	card := x.live
	if b != nil {
		card = int(b.GetCardinality())
	}
	if b != nil && card > 0 && float64(n)*float64(x.live)/float64(card) > float64(card) {
		// Few matches: sort them, rather than walk the name order far.
		all := b.ToArray()
		slices.SortFunc(all, x.nameOrder)
		return all[:min(n, len(all))]
	}
	out := make([]uint32, 0, n)
	bi, di := 0, 0
	for len(out) < n {
		for bi < len(x.byName) && !in(x.byName[bi]) {
			bi++
		}
		for di < len(x.dName) && !in(x.dName[di]) {
			di++
		}
		switch {
		case bi < len(x.byName) && (di == len(x.dName) || x.nameOrder(x.byName[bi], x.dName[di]) < 0):
			out = append(out, x.byName[bi])
			bi++
		case di < len(x.dName):
			out = append(out, x.dName[di])
			di++
		default:
			return out
		}
	}
	return out
}
