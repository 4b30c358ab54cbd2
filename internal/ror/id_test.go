package ror

import (
	"errors"
	"strings"
	"testing"
)

func TestShortID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		err  string // a substring of the error; "" for none
	}{
		{"full URL", "https://ror.org/057zh3y96", "057zh3y96", ""},
		{"http URL", "http://ror.org/04dese585", "04dese585", ""},
		{"no scheme", "ror.org/04dese585", "04dese585", ""},
		{"bare", "057zh3y96", "057zh3y96", ""},
		{"upper case", "057ZH3Y96", "057zh3y96", ""},
		{"all zeros", "000000098", "000000098", ""},
		{"largest", "0zzzzzz02", "0zzzzzz02", ""},
		{"bad checksum", "057zh3y97", "", "checksum 97, want 96"},
		{"swapped characters", "https://ror.org/04desd585", "", "checksum"},
		{"empty", "", "", "want 9 characters"},
		{"too short", "057zh3y9", "", "want 9 characters"},
		{"too long", "https://ror.org/057zh3y960", "", "want 9 characters"},
		{"trailing slash", "https://ror.org/057zh3y96/", "", "want 9 characters"},
		{"no leading zero", "157zh3y96", "", "does not start with 0"},
		{"letter i", "0i7zh3y96", "", `'i' is not a Crockford base32 character`},
		{"letter l", "0l7zh3y96", "", `'l' is not a Crockford base32 character`},
		{"letter o", "0o7zh3y96", "", `'o' is not a Crockford base32 character`},
		{"letter u", "0u7zh3y96", "", `'u' is not a Crockford base32 character`},
		{"letter checksum", "057zh3yab", "", "is not two digits"},
		{"other host", "https://example.org/057zh3y96", "", "want 9 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ShortID(tt.in)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("ShortID(%q): got error %v, want %q", tt.in, err, tt.want)
				}
				if got != tt.want {
					t.Errorf("ShortID(%q): got %q, want %q", tt.in, got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ShortID(%q): got %q, want an error containing %q", tt.in, got, tt.err)
			}
			if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ShortID(%q): got error %q, want it to contain %q", tt.in, err, tt.err)
			}
			if !errors.Is(err, ErrInvalidID) {
				t.Errorf("ShortID(%q): got error %v, want one wrapping ErrInvalidID", tt.in, err)
			}
		})
	}
}

func TestFullID(t *testing.T) {
	got, err := FullID("ror.org/057ZH3Y96")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://ror.org/057zh3y96"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestChecksumCatchesSingleErrors checks that the checksum rejects every
// single-character change to a real id.
func TestChecksumCatchesSingleErrors(t *testing.T) {
	const id = "057zh3y96"
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	for i := 1; i < 9; i++ {
		chars := alphabet
		if i >= 7 {
			chars = alphabet[:10]
		}
		for _, c := range []byte(chars) {
			if c == id[i] {
				continue
			}
			changed := id[:i] + string(c) + id[i+1:]
			if _, err := ShortID(changed); err == nil {
				t.Errorf("ShortID(%q): got no error, want a checksum error", changed)
			}
		}
	}
}
