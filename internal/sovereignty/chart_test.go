package sovereignty

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking):\n%s", name, got)
	}
}

// wellFormed checks that s is well-formed XML with an svg root that has a
// title and a desc.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var names []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			names = append(names, se.Name.Local)
		}
	}
	if len(names) < 3 || names[0] != "svg" || names[1] != "title" || names[2] != "desc" {
		t.Errorf("got elements %v..., want svg, title, desc first", names[:min(3, len(names))])
	}
}

func TestCharts(t *testing.T) {
	f := Compute(workedExample(), 0)
	for _, tt := range []struct {
		name string
		svg  string
	}{
		{"shares-combined.svg", SharesChart(f, Combined)},
		{"shares-budgets.svg", SharesChart(f, SourceBudgets)},
		{"trend-combined.svg", TrendChart(f, Combined)},
		{"trend-empty.svg", TrendChart(Compute(Input{Home: "IN"}, 0), Combined)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wellFormed(t, tt.svg)
			golden(t, tt.name, tt.svg)
		})
	}
	s := SharesChart(f, Combined)
	for _, want := range []string{"<title>United States: 55.6%</title>", "Model: United States leads with 55.6%, HHI 4463", "HHI 4463"} {
		if !strings.Contains(s, want) {
			t.Errorf("shares chart lacks %q", want)
		}
	}
	if tr := TrendChart(f, Combined); !strings.Contains(tr, "Model: HHI 5000 in 2024, 4630 in 2025") {
		t.Errorf("trend chart: desc lacks the model line\n%s", tr)
	}
	if bytes.Contains([]byte(s), []byte("style=")) || bytes.Contains([]byte(s), []byte("<script")) {
		t.Error("a chart with a style attribute or a script")
	}
}
