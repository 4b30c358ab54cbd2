package orgindex

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
)

// A Builder builds an Index from the registry read in passes, so that the
// documents need not all be in memory at once: first every organisation's
// key, id and name (Add), then, in any order, its tokens (Tokens) and tags
// (Tag). Postings are kept as plain lists until Index numbers the
// organisations in ranked order and turns each list into a bitmap.
type Builder struct {
	version int64
	seq     []int64
	name    []string
	id      []string
	at      map[int64]int32 // key → position in the lists above

	names, any, tags map[string][]int32 // token → positions
}

// NewBuilder returns a Builder for the registry at change-log version,
// with room for n organisations.
func NewBuilder(version int64, n int) *Builder {
	return &Builder{
		version: version,
		seq:     make([]int64, 0, n),
		name:    make([]string, 0, n),
		id:      make([]string, 0, n),
		at:      make(map[int64]int32, n),
		names:   map[string][]int32{},
		any:     map[string][]int32{},
		tags:    map[string][]int32{},
	}
}

// Add adds an organisation. A second Add of the same key is ignored.
func (b *Builder) Add(seq int64, id, name string) {
	if _, ok := b.at[seq]; ok {
		return
	}
	b.at[seq] = int32(len(b.seq))
	b.seq = append(b.seq, seq)
	b.name = append(b.name, name)
	b.id = append(b.id, id)
}

// post adds position i to token t's list in m.
func post(m map[string][]int32, t string, i int32) {
	l, ok := m[t]
	if !ok {
		t = strings.Clone(t) // do not keep the document t was cut from
	}
	m[t] = append(l, i)
}

// Tokens adds the tokens of an added organisation's names and body
// documents; an organisation not added is ignored.
func (b *Builder) Tokens(seq int64, names, body []string) {
	i, ok := b.at[seq]
	if !ok {
		return
	}
	for _, t := range names {
		post(b.names, t, i)
		post(b.any, t, i)
	}
	for _, t := range body {
		post(b.any, t, i)
	}
}

// Tag adds filter tags to an added organisation; an organisation not
// added is ignored.
func (b *Builder) Tag(seq int64, tags ...string) {
	i, ok := b.at[seq]
	if !ok {
		return
	}
	for _, t := range tags {
		post(b.tags, t, i)
	}
}

// Index numbers the organisations in ranked order (display-name length,
// name, id) and returns the index. The Builder must not be used after.
func (b *Builder) Index() *Index {
	n := len(b.seq)
	// One sort, by name and id; a stable pass by length then gives the
	// ranked order.
	byName := make([]int32, n)
	for i := range byName {
		byName[i] = int32(i)
	}
	slices.SortFunc(byName, func(p, q int32) int {
		return cmp.Or(strings.Compare(b.name[p], b.name[q]), strings.Compare(b.id[p], b.id[q]))
	})
	length := make([]int32, n)
	var counts []int
	for i, name := range b.name {
		l := int32(utf8.RuneCountInString(name))
		length[i] = l
		if int(l) >= len(counts) {
			counts = append(counts, make([]int, int(l)+1-len(counts))...)
		}
		counts[l]++
	}
	next := make([]int, len(counts))
	for l := 1; l < len(counts); l++ {
		next[l] = next[l-1] + counts[l-1]
	}
	ordOf := make([]uint32, n)
	for _, i := range byName {
		ordOf[i] = uint32(next[length[i]])
		next[length[i]]++
	}
	x := &Index{
		version: b.version,
		seq:     make([]int64, n),
		length:  make([]int32, n),
		name:    make([]string, n),
		id:      make([]string, n),
		nBase:   uint32(n),
		byName:  make([]uint32, n),
		dead:    roaring.New(),
		live:    n,
		ord:     make(map[int64]uint32, n),
		prefix:  map[prefixKey]*roaring.Bitmap{},
	}
	for i, o := range ordOf {
		x.seq[o], x.length[o], x.name[o], x.id[o] = b.seq[i], length[i], b.name[i], b.id[i]
		x.ord[b.seq[i]] = o
	}
	for k, i := range byName {
		x.byName[k] = ordOf[i]
	}
	b.seq, b.name, b.id, b.at = nil, nil, nil, nil
	bitmaps := func(m map[string][]int32) map[string]*roaring.Bitmap {
		out := make(map[string]*roaring.Bitmap, len(m))
		ords := []uint32{}
		for t, l := range m {
			ords = ords[:0]
			for _, i := range l {
				ords = append(ords, ordOf[i])
			}
			slices.Sort(ords)
			bm := roaring.BitmapOf(slices.Compact(ords)...)
			bm.RunOptimize()
			out[t] = bm
			delete(m, t) // free the list as soon as it is a bitmap
		}
		return out
	}
	x.names, x.any, x.tags = bitmaps(b.names), bitmaps(b.any), bitmaps(b.tags)
	x.vocab = make([]string, 0, len(x.any))
	for t := range x.any {
		x.vocab = append(x.vocab, t)
	}
	slices.Sort(x.vocab)
	return x
}
