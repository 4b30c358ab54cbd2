package partners

import (
	"slices"
	"testing"

	"github.com/setu-council/setu/internal/fulltext"
	"github.com/setu-council/setu/internal/registry"
)

func TestAnalyse(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		terms  []string
		places []string
	}{
		{"stop words and plurals", "Fabless customers for the wafers and studies", []string{"fabless", "customer", "wafer", "study"}, nil},
		{"words ending in s that are not plurals", "process bus analysis gas", []string{"process", "bus", "analysis", "gas"}, nil},
		{"places count as places, not words", "Indian co-investors from Japan", []string{"co", "investor"}, []string{"IN", "JP"}},
		{"South-East Asia names ASEAN", "contract manufacturers in South-East Asia", []string{"contract", "manufacturer", "south", "east", "asia"},
			[]string{"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"}},
		{"East Asian names East Asia", "East Asian companies", []string{"east", "asian", "company"}, []string{"CN", "JP", "KR", "MN", "TW"}},
		{"a place after outside is excluded", "capacity outside Korea", []string{"capacity", "outside"}, nil},
		{"Penang is Malaysian", "engineers from Penang or Taiwan", []string{"engineer"}, []string{"MY", "TW"}},
		{"unspaced scripts become bigrams", "東京大学", []string{"東京", "京大", "大学", "学"}, nil},
		{"diacritics fold", "Đà Nẵng pilots", []string{"da", "nang", "pilot"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(tt.in)
			if !slices.Equal(a.terms, tt.terms) {
				t.Errorf("terms: got %q, want %q", a.terms, tt.terms)
			}
			if !slices.Equal(a.places, tt.places) {
				t.Errorf("places: got %q, want %q", a.places, tt.places)
			}
		})
	}
}

// corpusOf builds a corpus and documents from texts, as Rank does.
func corpusOf(texts ...string) (dictionary, *corpus, []document) {
	d := dictionary{}
	c := &corpus{}
	var docs []document
	for _, s := range texts {
		doc := docOf(d, s)
		c.add(doc)
		docs = append(docs, doc)
	}
	return d, c, docs
}

func docOf(d dictionary, s string) document {
	var ids []int32
	eachTerm(s, func(t []byte) { ids = append(ids, d.id(t)) })
	return documentOf(ids)
}

func TestRelevance(t *testing.T) {
	d, c, docs := corpusOf(
		"fan-out wafer-level packaging pilot runs for edge dies",
		"multi-project wafer shuttles on 28 nm",
		"pilot deployments of inspection on assembly lines",
		"cobot arms with an open SDK",
	)
	q := func(s string) query { return newQuery(c, docOf(d, s)) }
	avg := c.avgLen()
	tests := []struct {
		name      string
		need      string
		doc       int
		wantAbove float64
		wantBelow float64
	}{
		{"the same words score high (less for a longer than average text)", "fan-out wafer-level packaging pilot runs for edge dies", 0, 0.75, 1.0001},
		{"no words in common score 0", "speech corpora in Japanese", 3, -1, 0.0001},
		{"a rare word in common scores more than a common one", "packaging", 0, 0.5, 1.0001},
		{"a common word alone scores little", "pilot wafer speech corpora", 1, 0.05, 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := relevance(q(tt.need), docs[tt.doc], avg)
			if got <= tt.wantAbove || got >= tt.wantBelow {
				t.Errorf("relevance(%q, doc %d): got %.3f, want in (%.3f, %.3f)", tt.need, tt.doc, got, tt.wantAbove, tt.wantBelow)
			}
		})
	}
	// IDF: a term in one document weighs more than a term in two.
	if rare, common := c.idf(d.id([]byte("packaging"))), c.idf(d.id([]byte("wafer"))); rare <= common {
		t.Errorf("idf(packaging) = %.3f, idf(wafer) = %.3f: want the rarer term to weigh more", rare, common)
	}
}

// asciiSamples are texts on which asciiTokens must agree with
// fulltext.Tokens.
var asciiSamples = []string{
	"", "   ", "Fan-out wafer-level packaging (FOWLP) pilot runs, from 25 wafers!",
	"Xavier's lab's 6 x 6 mm die", "ISO/TS 15066 & ISO 10218", "tab\tnew\nline", "UPPER lower MiXeD 4,000 hours",
	"a'b''c' 'quoted'", "~`!@#$%^&*()_+-={}[]|\\:;\"<>,.?/", "\x00\x01control\x7f",
}

// asciiTokens returns the tokens eachASCIIToken finds, or ok false.
func asciiTokens(s string) (toks []string, ok bool) {
	ok = eachASCIIToken(s, func(t []byte) { toks = append(toks, string(t)) })
	return toks, ok
}

func TestASCIITokens(t *testing.T) {
	for _, s := range asciiSamples {
		got, ok := asciiTokens(s)
		if want := fulltext.Tokens(s); !ok || !slices.Equal(got, want) {
			t.Errorf("asciiTokens(%q): got %q, %v, want %q", s, got, ok, want)
		}
	}
	for _, o := range sampleOrganisations(t) {
		for _, s := range append([]string{o.Description}, capabilityTexts(o)...) {
			if got, ok := asciiTokens(s); ok && !slices.Equal(got, fulltext.Tokens(s)) {
				t.Errorf("asciiTokens(%q): got %q, want %q", s, got, fulltext.Tokens(s))
			}
		}
	}
	if _, ok := asciiTokens("Tōkyō"); ok {
		t.Errorf("asciiTokens accepted a non-ASCII text")
	}
}

func capabilityTexts(o *registry.Organisation) []string {
	var out []string
	for _, c := range o.Capabilities {
		out = append(out, c.Text)
	}
	return out
}

func FuzzASCIITokens(f *testing.F) {
	for _, s := range asciiSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := asciiTokens(s); ok && !slices.Equal(got, fulltext.Tokens(s)) {
			t.Errorf("asciiTokens(%q): got %q, want %q", s, got, fulltext.Tokens(s))
		}
	})
}
