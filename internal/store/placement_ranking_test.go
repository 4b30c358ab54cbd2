package store

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/errs"
)

func TestRankingJSON(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		bad            bool
	}{
		{"ids and a tie", `["p1", ["p2", "p3"], "p4"]`, `["p1",["p2","p3"],"p4"]`, false},
		{"a group of one is an id", `[["p1"]]`, `["p1"]`, false},
		{"empty", `[]`, `[]`, false},
		{"a number", `["p1", 2]`, "", true},
		{"nested too deep", `[[["p1"]]]`, "", true},
		{"an object", `{"p1": 1}`, "", true},
	} {
		var rk Ranking
		err := json.Unmarshal([]byte(tc.in), &rk)
		if (err != nil) != tc.bad {
			t.Errorf("%s: got error %v, want error %v", tc.name, err, tc.bad)
			continue
		}
		if got, _ := json.Marshal(rk); !tc.bad && string(got) != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestRankingCheck(t *testing.T) {
	rk := Ranking{{" p1 "}, {"p2", ""}, {"p1"}, {"p9"}}
	var p errs.Problems
	rk.check(&p, "ranking", func(id string) string {
		if id == "p9" {
			return "no position p9"
		}
		return ""
	})
	got := []string{}
	for _, f := range p {
		got = append(got, f.Field+": "+f.Problem)
	}
	want := []string{`ranking[1][1]: is empty`, `ranking[2]: "p1" is already listed at ranking[0]`, `ranking[3]: no position p9`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems: got %q, want %q", got, want)
	}
	if b, _ := json.Marshal(rk); string(b) != `["p1","p2"]` {
		t.Errorf("kept: got %s, want [\"p1\",\"p2\"]", b)
	}
}

// FuzzRanking feeds the ranking reader, a reader of outside input (the
// API's applications and rankings), anything: it must not panic, and
// what it reads must write back to JSON it reads again the same.
func FuzzRanking(f *testing.F) {
	for _, s := range []string{`["p1",["p2","p3"]]`, `[]`, `[[]]`, `["\u00e9"]`, `[1]`, `null`, `{"a":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var rk Ranking
		if json.Unmarshal([]byte(in), &rk) != nil {
			return
		}
		var p errs.Problems
		rk.check(&p, "ranking", nil)
		b, err := json.Marshal(rk)
		if err != nil {
			t.Fatal(err)
		}
		var again Ranking
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("%s does not read back: %v", b, err)
		}
		if b2, _ := json.Marshal(again); string(b2) != string(b) {
			t.Fatalf("round trip: %s, then %s", b, b2)
		}
	})
}
