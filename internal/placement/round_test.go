package placement

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestReadRound(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "example.json"))
	if err != nil {
		t.Fatal(err)
	}
	in, problems := ReadRound(data)
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	a1 := in.Applicants[0]
	if a1.ID != "a1" || !slices.Equal(a1.Prefs, []int32{0, 1, 2, 3}) || !slices.Equal(a1.Tied, []bool{false, false, true, false}) {
		t.Errorf("a1: got %+v, want prefs [0 1 2 3] with p3 tied to p2", a1)
	}
	if in.Applicants[1].Tied != nil {
		t.Errorf("a2 has no ties, got marks %v", in.Applicants[1].Tied)
	}
	p1 := in.Positions[0]
	if p1.Capacity != 2 || p1.Target != 1 || !slices.Equal(p1.Prefs, []int32{1, 0}) {
		t.Errorf("p1: got %+v", p1)
	}
	if want := []Region{{ID: "JP", Cap: 2, Positions: []int32{0, 1}}}; len(in.Regions) != 1 || in.Regions[0].ID != want[0].ID ||
		in.Regions[0].Cap != want[0].Cap || !slices.Equal(in.Regions[0].Positions, want[0].Positions) {
		t.Errorf("regions: got %+v, want %+v", in.Regions, want)
	}
	if !slices.Equal(in.ApplicantOrder, []int32{1, 0}) || !slices.Equal(in.PositionOrder, []int32{1, 0}) {
		t.Errorf("master orders: got %v and %v", in.ApplicantOrder, in.PositionOrder)
	}
	if !in.Lottery || in.Seed != 42 {
		t.Errorf("seed: got %v %d, want 42", in.Lottery, in.Seed)
	}
}

func TestReadRoundDefaults(t *testing.T) {
	in, problems := ReadRound([]byte(`{"positions":[{"id":"x","capacity":1,"region":"R"},{"id":"y","capacity":1},{"id":"z","capacity":3,"region":"R","target":2}],
		"regions":[{"id":"R","cap":2}]}`))
	if problems != nil {
		t.Fatal(problems)
	}
	if got := in.Regions[0].Positions; !slices.Equal(got, []int32{0, 2}) {
		t.Errorf("default order: got %v, want the region's positions in file order [0 2]", got)
	}
	if in.Lottery {
		t.Errorf("no seed: got a lottery with seed %d", in.Seed)
	}
}

// TestReadRoundProblems checks that every problem of an input is listed
// with its JSON path.
func TestReadRoundProblems(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", ``, []string{"invalid JSON: empty input"}},
		{"null", `null`, []string{"the round must be a JSON object, not null"}},
		{"array", `[]`, []string{"the round must be a JSON object, not an array"}},
		{"syntax", "{\"applicants\": [\n}", []string{"invalid JSON at line 2, column 1: invalid character '}' looking for beginning of value"}},
		{"truncated", `{"applicants": [`, []string{"invalid JSON: unexpected end of input"}},
		{"trailing", `{} {}`, []string{"data after the round"}},
		{"ids and lists",
			`{"applicants":[{"id":"a1","prefs":["p1",["p2","p2"],"p9",[],3,null]},{"prefs":[]}],
			  "positions":[{"id":"p1","capacity":-1,"prefs":["a9","a1","a1"]},{"id":"p2","capacity":1},{"id":"p1","capacity":"2"},{"id":"p4"}]}`,
			[]string{
				"applicants[0].prefs[4]: want an id or an array of ids, not the number 3",
				"applicants[0].prefs[5]: want an id or an array of ids, not null",
				"positions[2].capacity: want an integer, not a string",
				"applicants[1].id: missing",
				`positions[2].id: "p1" is also the id of positions[0]`,
				`applicants[0].prefs[1][1]: position "p2" listed twice (also at applicants[0].prefs[1])`,
				`applicants[0].prefs[2]: unknown position "p9"`,
				"applicants[0].prefs[3]: empty tie group",
				"positions[0].capacity: negative (-1)",
				`positions[0].prefs[0]: unknown applicant "a9"`,
				`positions[0].prefs[2]: applicant "a1" listed twice (also at positions[0].prefs[1])`,
				"positions[3].capacity: missing",
			}},
		{"types and unknown fields",
			`{"applicants":[{"id":"a1","name":"x"}],"extra":1,"seed":-1,"regions":[{"id":"JP","cap":1.5,"order":"p1"}],"tiebreak":[]}`,
			[]string{
				"applicants[0].name: unknown field",
				"extra: unknown field",
				"regions[0].cap: want an integer, not 1.5",
				"regions[0].order: want an array, not a string",
				"seed: want an integer from 0 to 18446744073709551615, not -1",
				"tiebreak: want an object, not an array",
			}},
		{"ties",
			`{"applicants":[{"id":"a1","prefs":[["p1","p2"]]}],"positions":[{"id":"p1","capacity":1,"prefs":[["a1","a2"]]},{"id":"p2","capacity":1,"prefs":[["a1","a2","a3","a4","a5"]]}],
			  "applicants_":null,"tiebreak":{"applicants":["a3","a1","a1"]}}`,
			[]string{
				"applicants_: unknown field",
				`tiebreak.applicants[0]: unknown applicant "a3"`,
				`tiebreak.applicants[2]: applicant "a1" listed twice`,
				`applicants[0].prefs[0]: tie between "p1", "p2" is not settled: tiebreak.positions does not order them and there is no seed`,
				`positions[0].prefs[0][1]: unknown applicant "a2"`,
				`positions[1].prefs[0][1]: unknown applicant "a2"`,
				`positions[1].prefs[0][2]: unknown applicant "a3"`,
				`positions[1].prefs[0][3]: unknown applicant "a4"`,
				`positions[1].prefs[0][4]: unknown applicant "a5"`,
			}},
		{"regions",
			`{"positions":[{"id":"p1","capacity":1,"region":"JP","target":2},{"id":"p2","capacity":3,"region":"JP","target":2},{"id":"p3","capacity":1,"region":"KR","target":1},{"id":"p4","capacity":1,"target":1}],
			  "regions":[{"id":"JP","cap":3,"order":["p1","p3","p9","p1"]},{"id":"JP"},{"id":"TW","cap":-1}]}`,
			[]string{
				`regions[1].id: "JP" is also the id of regions[0]`,
				"positions[0].target: 2 is above the capacity 1",
				`positions[2].region: unknown region "KR"`,
				"positions[3].target: set but the position is in no region",
				`regions[0].order[1]: position "p3" is not in region "JP"`,
				`regions[0].order[2]: unknown position "p9"`,
				`regions[0].order[3]: position "p1" listed twice`,
				`regions[0].order: does not list position "p2" of the region`,
				"regions[0]: targets of its positions sum to 4, above the cap 3",
				"regions[1].cap: missing",
				"regions[2].cap: negative (-1)",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, got := ReadRound([]byte(tt.in))
			if in != nil {
				t.Fatal("an invalid round gave an instance")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got problems\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// timings matches the timings line of RESULT.json, which changes on every run.
var timings = regexp.MustCompile(`"timings_ms": \{[^}]*\}`)

// TestRunMatchGolden runs the example round and compares RESULT.json with
// testdata/example.result.json (regenerate with -update), timings aside.
func TestRunMatchGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "example.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	code, problems := RunMatch(f, &out)
	if code != ExitOK || problems != nil {
		t.Fatalf("exit %d: %v", code, problems)
	}
	if !json.Valid(out.Bytes()) {
		t.Fatalf("RESULT.json is not valid JSON:\n%s", out.String())
	}
	got := timings.ReplaceAll(out.Bytes(), []byte(`"timings_ms": {}`))
	golden := filepath.Join("testdata", "example.result.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("RESULT.json differs from %s (run with -update to accept):\n%s", golden, got)
	}
}

func TestRunMatchInvalid(t *testing.T) {
	var out bytes.Buffer
	code, problems := RunMatch(strings.NewReader(`{"positions":[{"id":"p1","capacity":1,"prefs":["a9"]}]}`), &out)
	if code != ExitInvalid || !slices.Equal(problems, []string{`positions[0].prefs[0]: unknown applicant "a9"`}) {
		t.Errorf("got exit %d %v, want 2 and the unknown applicant", code, problems)
	}
	if out.Len() != 0 {
		t.Errorf("invalid input wrote %q", out.String())
	}
}

// TestRunMatchOutput checks the shape of RESULT.json on a random round:
// every applicant exactly once, in assignments or unassigned.
func TestRunMatchOutput(t *testing.T) {
	round := generateRound(roundSpec{Seed: 3, Applicants: 300, Positions: 40, Prefs: 5, Regions: 3})
	var in bytes.Buffer
	if err := WriteRound(&in, round); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code, problems := RunMatch(&in, &out)
	if code != ExitOK {
		t.Fatalf("exit %d: %v", code, problems)
	}
	var res struct {
		Assignments map[string]string `json:"assignments"`
		Unassigned  []string          `json:"unassigned"`
		Verdict     struct{ OK bool } `json:"verdict"`
		Stats       struct{ Proposals int }
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for a := range res.Assignments {
		seen[a]++
	}
	for _, a := range res.Unassigned {
		seen[a]++
	}
	for _, a := range round.Applicants {
		if seen[a.ID] != 1 {
			t.Errorf("applicant %s appears %d times", a.ID, seen[a.ID])
		}
	}
	if len(seen) != len(round.Applicants) || !res.Verdict.OK || res.Stats.Proposals == 0 {
		t.Errorf("%d applicants in the result for %d; verdict %v; %d proposals", len(seen), len(round.Applicants), res.Verdict.OK, res.Stats.Proposals)
	}
}
