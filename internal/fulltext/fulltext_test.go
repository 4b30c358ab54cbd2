package fulltext

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"latin words lower-cased", "The University of Tokyo", []string{"the", "university", "of", "tokyo"}},
		{"macrons folded", "Tōkyō Daigaku", []string{"tokyo", "daigaku"}},
		{"vietnamese folded", "Trường Đại học Bách khoa, Đà Nẵng", []string{"truong", "dai", "hoc", "bach", "khoa", "da", "nang"}},
		{"han bigrams", "東京大学", []string{"東京", "京大", "大学", "学"}},
		{"single han", "京", []string{"京"}},
		{"hangul bigrams", "연세대학교", []string{"연세", "세대", "대학", "학교", "교"}},
		{"devanagari keeps vowel signs", "भारतीय विज्ञान", []string{"भारतीय", "विज्ञान"}},
		{"thai keeps marks in run", "สยามเทค", []string{"สย", "ยา", "าม", "มเ", "เท", "ทค", "ค"}},
		{"mixed scripts split", "AI東京", []string{"ai", "東京", "京"}},
		{"full width folded", "ＩＩＳｃ", []string{"iisc"}},
		{"apostrophe joins", "Xavier's College", []string{"xaviers", "college"}},
		{"punctuation splits", "IISER-TVM (Kerala)", []string{"iiser", "tvm", "kerala"}},
		{"empty", "  -- ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []Term
	}{
		{"Tokyo Daig", []Term{{"tokyo", false}, {"daig", true}}},
		{"東京大学", []Term{{"東京", false}, {"京大", false}, {"大学", false}}},
		{"연", []Term{{"연", true}}},
		{"univ 東京", []Term{{"univ", false}, {"東京", false}}},
		{"tokyo tokyo", []Term{{"tokyo", true}}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Query(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Query(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestQueryTermsAreIndexed(t *testing.T) {
	// Every non-prefix term of a query for a part of a name must be a token
	// of the name itself, or the part would not find the name.
	names := []string{"The University of Tokyo", "東京大学", "연세대학교 암병원", "สำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์", "Trường Đại học Đại Nam"}
	parts := []string{"University of Tokyo", "東京", "대학교", "ส่งเสริม", "truong dai hoc"}
	for i, n := range names {
		doc := strings.Fields(Document(n))
		for _, term := range Query(parts[i]) {
			found := false
			for _, tok := range doc {
				if tok == term.Token || term.Prefix && strings.HasPrefix(tok, term.Token) {
					found = true
				}
			}
			if !found {
				t.Errorf("query %q: term %q not in document of %q (%q)", parts[i], term.Token, n, doc)
			}
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The University of Tokyo", "university of tokyo"},
		{"University of Tokyo", "university of tokyo"},
		{"Tōkyō  Daigaku", "tokyo daigaku"},
		{"東京大学", "東京大学"},
		{"The", "the"},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"東京大学", "Tōkyō", "Đà Nẵng", "연세", "สยามเทค", "a'b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || strings.ContainsAny(tok, " \t\n'\"") {
				t.Fatalf("Tokens(%q) gave bad token %q", s, tok)
			}
		}
		for _, term := range Query(s) {
			if term.Token == "" {
				t.Fatalf("Query(%q) gave an empty term", s)
			}
		}
		_ = Key(s)
	})
}

func TestAnalyseMatchesKeyAndTokens(t *testing.T) {
	for _, s := range []string{"The University of Tokyo", "東京大学", "Trường Đại học Bách khoa", "ＩＩＳｃ", "the", "서울대학교 Seoul", "", "Xavier's"} {
		key, toks := Analyse(s)
		if key != Key(s) || strings.Join(toks, " ") != strings.Join(Tokens(s), " ") {
			t.Errorf("Analyse(%q) = %q, %q; want %q, %q", s, key, toks, Key(s), Tokens(s))
		}
	}
	if got, want := Join(Tokens("Tokyo University"), Tokens("university of tokyo")), Document("Tokyo University", "university of tokyo"); got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
}
