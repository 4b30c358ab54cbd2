// Package fulltext turns names and text in any script into the tokens that
// both databases index, so that SQLite (FTS5) and PostgreSQL (tsvector)
// search the same terms and return the same results.
//
// Words in scripts written with spaces (Latin, Devanagari, ...) become one
// token each, lower-cased; Latin, Greek and Cyrillic words lose their
// diacritics, so "Tōkyō" and "Tokyo", "Đà Nẵng" and "Da Nang" are one word.
// Runs of Han, Kana, Hangul, Thai, Lao, Khmer and Myanmar characters, which
// are written without spaces between words, become overlapping character
// bigrams plus the run's last character, so any part of two or more
// characters finds the name ("東京大学" contains "東京", "京大", "大学").
package fulltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTokens bounds the tokens taken from one query.
const MaxTokens = 32

// Tokens returns the index tokens of s, in order, with repeats.
func Tokens(s string) []string {
	var out []string
	eachWord(s, func(w string, bigram bool) {
		if bigram {
			out = appendBigrams(out, w)
			return
		}
		out = append(out, w)
	})
	return out
}

// Document returns the tokens of all the given texts as one space-separated
// string, each distinct token once, the form the store indexes.
func Document(texts ...string) string {
	lists := make([][]string, len(texts))
	for i, t := range texts {
		lists[i] = Tokens(t)
	}
	return Join(lists...)
}

// Join writes lists of tokens as a document, as Document does: one
// space-separated string, each distinct token once, in order.
func Join(lists ...[]string) string {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	seen := make(map[string]struct{}, n)
	var b strings.Builder
	for _, l := range lists {
		for _, tok := range l {
			if _, dup := seen[tok]; dup {
				continue
			}
			seen[tok] = struct{}{}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(tok)
		}
	}
	return b.String()
}

// Analyse returns both the Key and the Tokens of a name, tokenising it
// once.
func Analyse(s string) (key string, tokens []string) {
	var words []string
	eachWord(s, func(w string, bigram bool) {
		words = append(words, w)
		if bigram {
			tokens = appendBigrams(tokens, w)
		} else {
			tokens = append(tokens, w)
		}
	})
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " "), tokens
}

// Term is one token of a query. A prefix term matches every indexed token
// that starts with it.
type Term struct {
	Token  string
	Prefix bool
}

// Query returns the terms of a user's query: every token must match. The
// last word of a spaced script matches as a prefix so that a query typed
// in part ("Tokyo Daig") still finds; a single character of an unspaced
// script matches as a prefix of the bigrams that start with it.
func Query(q string) []Term {
	var terms []Term
	seen := map[string]bool{}
	add := func(t Term) {
		if len(terms) >= MaxTokens || seen[t.Token] {
			return
		}
		seen[t.Token] = true
		terms = append(terms, t)
	}
	var lastSpaced = -1
	eachWord(q, func(w string, bigram bool) {
		if !bigram {
			add(Term{Token: w})
			lastSpaced = len(terms) - 1
			return
		}
		if utf8.RuneCountInString(w) == 1 {
			add(Term{Token: w, Prefix: true})
			return
		}
		for _, t := range appendBigrams(nil, w) {
			if utf8.RuneCountInString(t) == 2 {
				add(Term{Token: t})
			}
		}
	})
	if lastSpaced >= 0 && lastSpaced == len(terms)-1 {
		terms[lastSpaced].Prefix = true
	}
	return terms
}

// Key returns the comparison key of a name: its words, folded as for the
// index, joined by single spaces, without a leading "the". Two names with
// the same key are the same name for exact-match ranking.
func Key(s string) string {
	var words []string
	eachWord(s, func(w string, bigram bool) { words = append(words, w) })
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// appendBigrams appends the overlapping bigrams of run and its last
// character (alone for a run of one).
func appendBigrams(out []string, run string) []string {
	rs := []rune(run)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return append(out, string(rs[len(rs)-1:]))
}

// eachWord splits s into words and unspaced-script runs, folded, calling
// fn for each in order.
func eachWord(s string, fn func(w string, bigram bool)) {
	s = norm.NFKC.String(s)
	var word strings.Builder
	var run strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			fn(fold(word.String()), false)
			word.Reset()
		}
	}
	flushRun := func() {
		if run.Len() > 0 {
			fn(run.String(), true)
			run.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unspaced(r):
			flushWord()
			run.WriteRune(r)
		case unicode.IsMark(r) && run.Len() > 0:
			run.WriteRune(r) // Thai vowels and tone marks belong to the run
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			flushRun()
			word.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// apostrophes join: "Xavier's" is one word
			flushRun()
		default:
			flushWord()
			flushRun()
		}
	}
	flushWord()
	flushRun()
}

func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) && !unicode.IsMark(r) ||
		r == 'ー' // the Katakana long-vowel mark is Common script
}

// fold removes the diacritics of Latin, Greek and Cyrillic letters and maps
// the few letters that do not decompose (đ, ø, ł, ß, æ, œ, ı) to ASCII.
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) && foldable(b.String()) {
			continue
		}
		switch r {
		case 'đ':
			b.WriteString("d")
		case 'ø':
			b.WriteString("o")
		case 'ł':
			b.WriteString("l")
		case 'ß':
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ı':
			b.WriteString("i")
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// foldable reports whether the mark that follows prefix sits on a Latin,
// Greek or Cyrillic letter, whose marks are diacritics to drop; marks of
// other scripts (Devanagari vowel signs, say) are part of the word.
func foldable(prefix string) bool {
	r, _ := utf8.DecodeLastRuneInString(prefix)
	for unicode.Is(unicode.Mn, r) && len(prefix) > 0 {
		prefix = prefix[:len(prefix)-utf8.RuneLen(r)]
		r, _ = utf8.DecodeLastRuneInString(prefix)
	}
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}
