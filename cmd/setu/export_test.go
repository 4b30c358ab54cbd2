package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/dataset"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// awkward is an organisation whose text has every character the formats
// must take care of.
func awkward() *registry.Organisation {
	return &registry.Organisation{
		Name: `=Sakura "AI"; K|K \ Labs`, Kind: "startup", Country: "JP", City: "Tōkyō", Established: 2019,
		OtherNames:   []registry.Name{{Value: "さくら;AI|ラボ", Type: "label", Lang: "ja"}, {Value: "-SAL", Type: "acronym"}},
		ExternalIDs:  []registry.ExternalID{{Scheme: "jp-corporate-number", Value: "1234567890123"}},
		Description:  "Line one,\nline two with \"quotes\"; and | bars.\n@mention",
		Layers:       []string{"model", "application"},
		Domains:      []string{"healthcare", "language-technology"},
		Capabilities: []registry.Capability{{Direction: "offer", Layer: "model", Domain: "healthcare", Text: "Clinical NLP; on-prem | air-gapped \\o/"}},
		Relationships: []registry.Relationship{{Type: "related", TargetScheme: "ror", TargetValue: "057zh3y96"},
			{Type: "parent", TargetScheme: "ror", TargetValue: "000nbq540"}},
		Provenance: registry.Provenance{Source: "setu", Licence: "CC0-1.0"},
	}
}

// fill loads the shipped data and one awkward organisation into the
// database dsn.
func fill(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := dataset.Load(ctx, st, dataset.Shipped()); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateOrganisation(ctx, awkward()); err != nil {
		t.Fatal(err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	backends := []struct {
		name  string
		fresh func(testing.TB) string
	}{
		{"sqlite", func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "setu.db") }},
		{"postgres", storetest.TestPostgresDSN},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			src := b.fresh(t)
			start := time.Now()
			fill(t, src)
			t.Logf("loaded the shipped data in %v", time.Since(start))
			n := countOrgs(t, src)
			for _, format := range []string{"jsonl", "csv"} {
				t.Run(format, func(t *testing.T) {
					dir := t.TempDir()
					first, second := filepath.Join(dir, "first."+format), filepath.Join(dir, "second."+format)
					mustSetu(t, nil, "export", "orgs", "--db", src, "--out", first)

					dst := b.fresh(t)
					start := time.Now()
					r := mustSetu(t, nil, "import", "orgs", "--db", dst, first)
					t.Logf("imported %d organisations from %s in %v", n, format, time.Since(start))
					if want := fmt.Sprintf("%s: created %d, updated 0, unchanged 0\n", first, n); r.stdout != want {
						t.Errorf("import: got %q, want %q", r.stdout, want)
					}
					mustSetu(t, nil, "export", "orgs", "--db", dst, "--format", format, "--out", second)
					a, _ := os.ReadFile(first)
					c, _ := os.ReadFile(second)
					if !bytes.Equal(a, c) {
						t.Errorf("export -> import -> export is not byte-identical: %d and %d bytes; first difference at line %d",
							len(a), len(c), firstDiffLine(a, c))
					}
					r = mustSetu(t, nil, "import", "orgs", "--db", dst, first)
					if want := fmt.Sprintf("%s: created 0, updated 0, unchanged %d\n", first, n); r.stdout != want {
						t.Errorf("re-import: got %q, want %q", r.stdout, want)
					}
				})
			}
		})
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

func TestExportFormats(t *testing.T) {
	db := tempDB(t)
	mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl")
	tests := []struct {
		name   string
		args   []string
		prefix string
	}{
		{"default jsonl", nil, `{"id":"ror-000nbq540","name":"State Key Laboratory of Surface Physics",`},
		{"csv", []string{"--format", "csv"}, "\ufeffid,name,kind,kind_label,country,country_name,"},
		{"CSV", []string{"--format=CSV"}, "\ufeffid,name,kind,kind_label,country,country_name,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSetu(t, nil, append([]string{"export", "orgs", "--db", db}, tt.args...)...)
			if !strings.HasPrefix(r.stdout, tt.prefix) {
				t.Errorf("got %.120q, want it to start %q", r.stdout, tt.prefix)
			}
			if lines := strings.Count(r.stdout, "\n"); lines != 3 && lines != 4 {
				t.Errorf("got %d lines, want 3 records (and a header for CSV)", lines)
			}
		})
	}
	// --out with a .csv name chooses CSV, and says how many it wrote.
	out := filepath.Join(t.TempDir(), "orgs.csv")
	r := mustSetu(t, nil, "export", "orgs", "--db", db, "--out", out)
	if want := out + ": 3 organisations\n"; r.stdout != want {
		t.Errorf("got %q, want %q", r.stdout, want)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("\ufeffid,name,")) {
		t.Errorf("%s: got %.40q, want CSV", out, b)
	}
}
