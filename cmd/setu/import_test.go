package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
)

// countOrgs returns how many organisations the SQLite database at path
// holds.
func countOrgs(t *testing.T, dsn string) int {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, _, err := st.CountOrganisations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportRORIdempotent(t *testing.T) {
	db := tempDB(t)
	r := mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl")
	if want := "testdata/ror.jsonl: created 3, updated 0, unchanged 0\n"; r.stdout != want {
		t.Errorf("first import: got %q, want %q", r.stdout, want)
	}
	r = mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl", "testdata/ror.jsonl")
	if want := strings.Repeat("testdata/ror.jsonl: created 0, updated 0, unchanged 3\n", 2); r.stdout != want {
		t.Errorf("re-import: got %q, want %q", r.stdout, want)
	}
	if n := countOrgs(t, db); n != 3 {
		t.Errorf("got %d organisations, want 3", n)
	}
}

func TestImportRORMalformed(t *testing.T) {
	good, err := os.ReadFile("testdata/ror.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	tests := []struct {
		name string
		line string // replaces the second line
		want string // the start of standard error, after the file name
	}{
		{"syntax", `{"id":"https://ror.org/002x6f380","names":` + "\n", `:2: `},
		{"field", strings.Replace(lines[1], `"country":"CN"`, `"country":"China"`, 1), `:2: field "country": `},
		{"registry", strings.Replace(lines[1], `"status":"active"`, `"status":"merged"`, 1), `:2: field "status": `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl")
			bad := filepath.Join(t.TempDir(), "bad.jsonl")
			if err := os.WriteFile(bad, []byte(lines[0]+tt.line+lines[2]), 0o644); err != nil {
				t.Fatal(err)
			}
			before := mustSetu(t, nil, "export", "orgs", "--db", db).stdout

			r := setu(t, nil, "import", "ror", "--db", db, bad)
			if r.code != 1 {
				t.Errorf("got exit %d, want 1", r.code)
			}
			if !strings.HasPrefix(r.stderr, bad+tt.want) || strings.Count(r.stderr, bad) != 1 || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("got stderr %q, want one line starting %q", r.stderr, bad+tt.want)
			}
			if r.stdout != "" {
				t.Errorf("got stdout %q, want none", r.stdout)
			}
			if after := mustSetu(t, nil, "export", "orgs", "--db", db).stdout; after != before {
				t.Errorf("the database changed")
			}
		})
	}
}

func TestImportOrgsInvalidRecord(t *testing.T) {
	db := tempDB(t)
	bad := filepath.Join(t.TempDir(), "orgs.csv")
	csv := "id,name,kind,country\norg-a,A,startup,JP\norg-b,B,spaceship,JP\n"
	if err := os.WriteFile(bad, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	r := setu(t, nil, "import", "orgs", "--db", db, bad)
	want := bad + `:3: validate organisation: invalid input: kind: "spaceship" is not a known kind` + "\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("got exit %d, stderr %q; want exit 1, stderr %q", r.code, r.stderr, want)
	}
	if n := countOrgs(t, db); n != 0 {
		t.Errorf("got %d organisations after a failed import, want 0", n)
	}
}
