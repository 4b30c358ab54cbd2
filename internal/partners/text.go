package partners

import (
	"math"
	"slices"

	"github.com/setu-council/setu/internal/fulltext"
)

// stopWords are English words too common in capability texts to say
// anything about a match. Other scripts keep every token: their bigrams
// are rarely so common, and IDF weighs the rest down.
var stopWords = setOf("a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "for", "from",
	"has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "per", "so", "such",
	"than", "that", "the", "their", "them", "this", "to", "up", "via", "we", "who", "will",
	"with", "within", "without")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// analysed is a text cut into matching terms, with the countries it names.
type analysed struct {
	terms  []string // in order, with repeats
	places []string // country codes named, sorted, each once
}

// analyse returns the matching terms of s and the countries it names (see
// eachTerm).
func analyse(s string) analysed {
	var a analysed
	a.places = eachTerm(s, func(t []byte) { a.terms = append(a.terms, string(t)) })
	return a
}

// eachTerm calls term with each matching term of s, in order, and returns
// the countries s names, sorted. The terms are the fulltext tokens (so that
// every script is cut as the search index cuts it) without English stop
// words and place names, English plurals folded to the singular. term must
// not keep the slice it is given.
func eachTerm(s string, term func([]byte)) []string {
	var pr placeReader
	emit := func(tok []byte) {
		pr.read(tok)
		if stopWords[string(tok)] || placeWords[string(tok)] != nil {
			return // places count once, as places
		}
		term(singular(tok))
	}
	if !eachASCIIToken(s, emit) {
		for _, t := range fulltext.Tokens(s) {
			emit([]byte(t))
		}
	}
	slices.Sort(pr.places)
	return pr.places
}

// eachASCIIToken calls fn with each token that fulltext.Tokens would return
// for s, an order of magnitude faster, if s is ASCII; it reports whether it
// was. Most capability texts are English; a test and a fuzz target hold the
// two to the same output.
func eachASCIIToken(s string, fn func([]byte)) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	var buf [64]byte
	word := buf[:0]
	for i := 0; i <= len(s); i++ {
		var c byte = ' '
		if i < len(s) {
			c = s[i]
		}
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			word = append(word, c)
		case 'A' <= c && c <= 'Z':
			word = append(word, c+'a'-'A')
		case c == '\'':
			// an apostrophe joins: "Xavier's" is one word
		case len(word) > 0:
			fn(word)
			word = word[:0]
		}
	}
	return true
}

// singular folds a regular English plural to its singular: "wafers" to
// "wafer", "studies" to "study". Words of other scripts, short words and
// words ending in -ss, -us or -is are left alone. It is deliberately crude:
// it only has to fold the two sides of a match the same way. It may reuse
// t's array.
func singular(t []byte) []byte {
	n := len(t)
	if n <= 3 || t[n-1] != 's' || !isASCIILower(t) {
		return t
	}
	switch {
	case t[n-2] == 's', t[n-2] == 'u', t[n-2] == 'i':
		return t
	case n > 4 && t[n-3] == 'i' && t[n-2] == 'e':
		return append(t[:n-3], 'y')
	}
	return t[:n-1]
}

func isASCIILower(t []byte) bool {
	for _, c := range t {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// dictionary numbers the terms seen in one ranking, so that documents are
// compared as sorted integer lists.
type dictionary map[string]int32

func (d dictionary) id(t []byte) int32 {
	if id, ok := d[string(t)]; ok {
		return id
	}
	id := int32(len(d))
	d[string(t)] = id
	return id
}

// termFreq is a term of a document and how often it occurs there.
type termFreq struct {
	id int32
	tf int32
}

// document is a capability text as a bag of terms, sorted by term id.
type document struct {
	terms  []termFreq
	length int // number of terms with repeats
}

// documentOf makes a document of term ids, sorting ids in place.
func documentOf(ids []int32) document {
	slices.Sort(ids)
	doc := document{length: len(ids)}
	distinct := 0
	for i := range ids {
		if i == 0 || ids[i] != ids[i-1] {
			distinct++
		}
	}
	doc.terms = make([]termFreq, 0, distinct)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		doc.terms = append(doc.terms, termFreq{id: ids[i], tf: int32(j - i)})
		i = j
	}
	return doc
}

// corpus holds the document frequencies of the candidates' capability
// texts, from which the IDF of a term is computed.
type corpus struct {
	df       []int32 // by term id; ids beyond the slice have df 0
	docs     int
	totalLen int
}

func (c *corpus) add(doc document) {
	for _, t := range doc.terms {
		for int(t.id) >= len(c.df) {
			c.df = append(c.df, 0)
		}
		c.df[t.id]++
	}
	c.docs++
	c.totalLen += doc.length
}

// idf is the BM25 inverse document frequency, always positive: a term in
// few capability texts weighs more than one in many.
func (c *corpus) idf(id int32) float64 {
	var df float64
	if int(id) < len(c.df) {
		df = float64(c.df[id])
	}
	return math.Log(1 + (float64(c.docs)-df+0.5)/(df+0.5))
}

func (c *corpus) avgLen() float64 {
	if c.docs == 0 {
		return 1
	}
	return float64(c.totalLen) / float64(c.docs)
}

// query is a need text as its distinct terms with their IDF.
type query struct {
	ids    []int32 // sorted
	idf    []float64
	sumIDF float64
}

func newQuery(c *corpus, doc document) query {
	q := query{ids: make([]int32, len(doc.terms)), idf: make([]float64, len(doc.terms))}
	for i, t := range doc.terms {
		q.ids[i] = t.id
		q.idf[i] = c.idf(t.id)
		q.sumIDF += q.idf[i]
	}
	return q
}

// relevance is the BM25 score of doc for q divided by the sum of q's IDFs,
// capped at 1: roughly the share of the need's words, weighted by rarity,
// that the offer uses. An offer of average length that has each word of
// the need once scores 1.
func relevance(q query, doc document, avgLen float64) float64 {
	if q.sumIDF == 0 || doc.length == 0 {
		return 0
	}
	norm := bm25K1 * (1 - bm25B + bm25B*float64(doc.length)/avgLen)
	var s float64
	i, j := 0, 0
	for i < len(q.ids) && j < len(doc.terms) {
		switch a, b := q.ids[i], doc.terms[j].id; {
		case a < b:
			i++
		case a > b:
			j++
		default:
			tf := float64(doc.terms[j].tf)
			s += q.idf[i] * tf * (bm25K1 + 1) / (tf + norm)
			i++
			j++
		}
	}
	return min(1, s/q.sumIDF)
}
