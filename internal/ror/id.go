package ror

import (
	"errors"
	"fmt"
	"strings"
)

// IDPrefix is the URL prefix of every full ROR id.
const IDPrefix = "https://ror.org/"

// ErrInvalidID is wrapped by every error ShortID returns.
var ErrInvalidID = errors.New("invalid ROR id")

// ShortID returns the nine-character form of a ROR id ("057zh3y96") given a
// full id URL ("https://ror.org/057zh3y96"), "ror.org/057zh3y96" or the bare
// id. The id must be a 0, six characters of Crockford base32 (no i, l, o or u)
// and two checksum digits, and the checksum must match. Upper-case letters are
// accepted and the result is lower case.
func ShortID(id string) (string, error) {
	s, canonical, err := parseID(id)
	if err != nil {
		return "", err
	}
	if canonical {
		return s, nil
	}
	return strings.ToLower(s), nil
}

// FullID returns the full URL form of a valid ROR id in any form ShortID
// accepts.
func FullID(id string) (string, error) {
	s, canonical, err := parseID(id)
	if err != nil {
		return "", err
	}
	if canonical && len(id) == len(IDPrefix)+len(s) && strings.HasPrefix(id, IDPrefix) {
		return id, nil // already full: no need to build it again
	}
	return IDPrefix + strings.ToLower(s), nil
}

// parseID checks id and returns its nine-character part and whether that is
// already lower case.
func parseID(id string) (s string, canonical bool, err error) {
	s = id
	for _, p := range []string{IDPrefix, "http://ror.org/", "ror.org/"} {
		if strings.HasPrefix(s, p) {
			s = s[len(p):]
			break
		}
	}
	if len(s) != 9 {
		return "", false, fmt.Errorf("%w %q: want 9 characters after the prefix, got %d", ErrInvalidID, id, len(s))
	}
	if s[0] != '0' {
		return "", false, fmt.Errorf("%w %q: does not start with 0", ErrInvalidID, id)
	}
	canonical = true
	var n int64
	for i := range 7 {
		c := lower(s[i])
		v := base32Value(c)
		if v < 0 {
			return "", false, fmt.Errorf("%w %q: %q is not a Crockford base32 character", ErrInvalidID, id, s[i])
		}
		canonical = canonical && c == s[i]
		n = n*32 + int64(v)
	}
	d1, d2 := s[7], s[8]
	if d1 < '0' || d1 > '9' || d2 < '0' || d2 > '9' {
		return "", false, fmt.Errorf("%w %q: checksum %q is not two digits", ErrInvalidID, id, s[7:])
	}
	got := int64(d1-'0')*10 + int64(d2-'0')
	if want := checksum(n); got != want {
		return "", false, fmt.Errorf("%w %q: checksum %02d, want %02d", ErrInvalidID, id, got, want)
	}
	return s, canonical, nil
}

// checksum is ROR's check value for the base32 number n: ISO 7064 MOD 97-10,
// computed as ror-api (after datacite's base32-url) does.
func checksum(n int64) int64 {
	return 98 - (n*100)%97
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// base32Value returns the value of a lower-case Crockford base32 digit, or -1.
// The alphabet leaves out i, l, o and u.
func base32Value(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'h':
		return int(c-'a') + 10
	case c == 'j' || c == 'k':
		return int(c-'j') + 18
	case c == 'm' || c == 'n':
		return int(c-'m') + 20
	case 'p' <= c && c <= 't':
		return int(c-'p') + 22
	case 'v' <= c && c <= 'z':
		return int(c-'v') + 27
	}
	return -1
}
