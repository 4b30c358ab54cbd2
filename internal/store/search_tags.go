package store

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/registry"
)

// SQLite keeps an organisation's filter values in its full-text index, as
// a third column, search_tags, of tokens that a user's query can never
// produce (user terms are restricted to the two text columns). A filtered
// search is then an intersection of doclists inside FTS5, with no row
// lookups. The tags are:
//
//	c<country>  country, lower case           cjp
//	k<kind>     kind                           kuniversity
//	l<layer>    each AI-stack layer            lmodel
//	d<domain>   each domain                    drobotics
//	s1, s0      sample record or not
//	n<length>   display-name length in characters, three digits (n007),
//	            999 for longer names; its prefixes (n0*, n01*) are the
//	            length buckets the ranking walks in order
//
// Values are written with tagWord, so any code is a single token.

// maxTagLength is the largest name length that has its own tag.
const maxTagLength = 999

// searchTags returns the search_tags document of o.
func searchTags(o *registry.Organisation) string {
	var b strings.Builder
	b.Grow(32 + 16*(len(o.Layers)+len(o.Domains)))
	b.WriteString(countryTag(o.Country))
	b.WriteByte(' ')
	b.WriteString(tagWord('k', o.Kind))
	for _, l := range o.Layers {
		b.WriteByte(' ')
		b.WriteString(tagWord('l', l))
	}
	for _, d := range o.Domains {
		b.WriteByte(' ')
		b.WriteString(tagWord('d', d))
	}
	b.WriteByte(' ')
	b.WriteString(sampleTag(o.Sample))
	b.WriteByte(' ')
	b.WriteString(lengthTag(utf8.RuneCountInString(o.Name)))
	return b.String()
}

// sampleTag returns the tag of sample records (s1) or real ones (s0).
func sampleTag(sample bool) string {
	if sample {
		return "s1"
	}
	return "s0"
}

// countryTag returns the tag of a country code (ISO codes are upper case;
// the tag is lower case).
func countryTag(c string) string { return tagWord('c', strings.ToLower(c)) }

// lengthTag returns the tag of a display-name length.
func lengthTag(n int) string {
	n = min(n, maxTagLength)
	s := strconv.Itoa(n)
	return "n" + strings.Repeat("0", 3-len(s)) + s
}

// untagWord returns the value of a tag written by tagWord, without its
// prefix letter.
func untagWord(tag string) string {
	b := make([]byte, 0, len(tag))
	for i := 1; i < len(tag); i++ {
		if tag[i] == 'z' && i+2 < len(tag) {
			if v, err := strconv.ParseUint(tag[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		b = append(b, tag[i])
	}
	return string(b)
}

// tagWord writes a filter value as one token of the ascii tokenizer:
// the prefix letter, then the value with a-y and 0-9 kept and every other
// byte (hyphens, 'z', upper case) written as z and two hex digits, so
// different values never give the same token.
func tagWord(prefix byte, v string) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 1, 1+len(v))
	b[0] = prefix
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'y', c >= '0' && c <= '9':
			b = append(b, c)
		default:
			b = append(b, 'z', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}
