package partners

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden keeps the ranked list, with every reason, for one sample
// organisation, with a concentration that discounts Taiwan in India's
// semiconductor layer. Run go test -run TestGolden -update after a
// deliberate change to the score, and read the diff.
func TestGolden(t *testing.T) {
	orgs := sampleOrganisations(t)
	me := byID(t, orgs, "sample-dhruvika-silicon")
	conc := Concentration{{"IN", "semiconductor"}: {"TW": 0.55, "JP": 0.3, "KR": 0.1}}
	got := Rank(me, orgs, Filters{Limit: 10}, Context{Concentration: conc})
	b, err := json.MarshalIndent(struct {
		Query         string         `json:"query"`
		Concentration map[string]any `json:"concentration"`
		Matches       []Match        `json:"matches"`
	}{me.ID, map[string]any{"IN/semiconductor": conc[HomeLayer{"IN", "semiconductor"}]}, got}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "golden", "dhruvika-silicon.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("ranking of %s differs from %s; run go test -run TestGolden -update and review the diff", me.ID, path)
	}
}
