package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
)

// seedEmptyRound stores what seedClosedRound does, but for the rankings:
// the same organisations, people and positions of round rnd-crash, with
// another seed, no caps and no applications, so that only an import can
// give it seedClosedRound's round.
func seedEmptyRound(t *testing.T, db string, n int) { t.Helper(); seedRound(t, db, n, false) }

// runAssignments returns the position of each applicant in run 1 of
// rnd-crash ("" for none), and the run's input digest.
func runAssignments(t *testing.T, db string) (map[string]string, string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := st.Runs(ctx, "rnd-crash")
	if err != nil || len(rs) != 1 {
		t.Fatalf("runs of rnd-crash: got %d, %v; want 1", len(rs), err)
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT person_id, position_id FROM placement_run_assignments WHERE run_id = ?`, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var person, position string
		if err := rows.Scan(&person, &position); err != nil {
			t.Fatal(err)
		}
		got[person] = position
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got, rs[0].InputSHA256
}

// roundAudit returns the audit entries of round rnd-crash.
func roundAudit(t *testing.T, db string) []store.AuditEntry {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, err := st.AuditLog(context.Background(), store.AuditQuery{EntityType: store.AuditRound, EntityID: "rnd-crash"})
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// writeFile writes data to a file name in a temporary folder and returns
// its path.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRoundImportRoundTrip exports a round, imports it into a database
// that holds the round's people and positions but none of its rankings,
// caps or seed, and checks that 'setu round run' there stores the run of
// the original: the same input digest and the same assignments. It reads
// the file once by name and once from standard input.
func TestRoundImportRoundTrip(t *testing.T) {
	const n = 40
	orig := tempDB(t)
	seedClosedRound(t, orig, n)
	exp := mustSetu(t, nil, "round", "export", "--db", orig, "rnd-crash").stdout
	file := writeFile(t, "round.json", exp)
	mustSetu(t, nil, "round", "run", "--db", orig, "rnd-crash")
	want, wantSHA := runAssignments(t, orig)

	tests := []struct {
		name  string
		arg   string // FILE
		stdin string
	}{
		{"file", file, ""},
		{"stdin", "-", exp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			seedEmptyRound(t, db, n)
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"round", "import", "--db", db, "rnd-crash", tt.arg},
				strings.NewReader(tt.stdin), &out, &errb, func(string) string { return "" })
			wantOut := fmt.Sprintf("%s: round rnd-crash: %d applications, %d host rankings, 1 caps\n", tt.arg, n, n/4)
			if code != 0 || out.String() != wantOut {
				t.Fatalf("import: got exit %d, stdout %q, stderr %q; want exit 0, stdout %q", code, out.String(), errb.String(), wantOut)
			}
			if got := mustSetu(t, nil, "round", "export", "--db", db, "rnd-crash").stdout; got != exp {
				t.Errorf("export after import: got\n%s\nwant\n%s", got, exp)
			}
			log := roundAudit(t, db)
			if last := log[len(log)-1]; last.Action != "import" || last.Actor != "cli" {
				t.Errorf("audit entry of the import: got action %q, actor %q; want import, cli", last.Action, last.Actor)
			}
			mustSetu(t, nil, "round", "run", "--db", db, "rnd-crash")
			got, gotSHA := runAssignments(t, db)
			if gotSHA != wantSHA {
				t.Errorf("input sha256: got %s, want %s", gotSHA, wantSHA)
			}
			if len(got) != len(want) {
				t.Errorf("got %d assignments, want %d", len(got), len(want))
			}
			for person, p := range want {
				if got[person] != p {
					t.Errorf("%s: got position %q, want %q", person, got[person], p)
				}
			}
		})
	}
}

// TestRoundImportInvalid imports files with a problem and checks that
// each fails with exit status 1 and one line that names the file and the
// problem, and that nothing of the round changed.
func TestRoundImportInvalid(t *testing.T) {
	const n = 40
	src := tempDB(t)
	seedClosedRound(t, src, n)
	good := mustSetu(t, nil, "round", "export", "--db", src, "rnd-crash").stdout
	lines := strings.SplitAfter(good, "\n")

	tests := []struct {
		name  string
		round string
		data  string
		want  string // a part of standard error, after "FILE: "
	}{
		{"syntax", "rnd-crash", strings.Join(lines[:3], "") + "  {\"id\": }\n", "invalid JSON at line 4, column 10: "},
		{"unknown field", "rnd-crash", strings.Replace(good, `"seed"`, `"sede"`, 1), `sede: unknown field`},
		{"unknown person", "rnd-crash", strings.ReplaceAll(good, `"per-c0"`, `"per-zz"`), `applicants[0].id: no person "per-zz" in the registry`},
		{"seats", "rnd-crash", strings.Replace(good, `{"id": "cp0", "capacity": 2`, `{"id": "cp0", "capacity": 3`, 1), `positions[0].capacity: 3, but position cp0 has 2 seats`},
		{"unknown round", "rnd-none", good, `no round "rnd-none"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tempDB(t)
			seedEmptyRound(t, db, n)
			before := mustSetu(t, nil, "round", "export", "--db", db, "rnd-crash").stdout
			entries := len(roundAudit(t, db))
			file := writeFile(t, "round.json", tt.data)

			r := setu(t, nil, "round", "import", "--db", db, tt.round, file)
			if r.code != 1 || r.stdout != "" {
				t.Errorf("got exit %d, stdout %q; want exit 1, no stdout", r.code, r.stdout)
			}
			if !strings.HasPrefix(r.stderr, file+": ") || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("got stderr %q, want one line starting %q with %q", r.stderr, file+": ", tt.want)
			}
			if after := mustSetu(t, nil, "round", "export", "--db", db, "rnd-crash").stdout; after != before {
				t.Errorf("the round changed:\n%s", after)
			}
			if got := len(roundAudit(t, db)); got != entries {
				t.Errorf("got %d audit entries of the round, want %d", got, entries)
			}
		})
	}
}

// TestRoundImportAgain imports a round twice, which gives the same round
// (the file replaces the rankings, as the API's import does), and then
// after a run, which is refused as a conflict and changes nothing.
func TestRoundImportAgain(t *testing.T) {
	const n = 40
	src := tempDB(t)
	seedClosedRound(t, src, n)
	exp := mustSetu(t, nil, "round", "export", "--db", src, "rnd-crash").stdout
	file := writeFile(t, "round.json", exp)
	db := tempDB(t)
	seedEmptyRound(t, db, n)
	mustSetu(t, nil, "round", "import", "--db", db, "rnd-crash", file)
	mustSetu(t, nil, "round", "import", "--db", db, "rnd-crash", file)
	if got := mustSetu(t, nil, "round", "export", "--db", db, "rnd-crash").stdout; got != exp {
		t.Errorf("export after two imports: got\n%s\nwant\n%s", got, exp)
	}
	mustSetu(t, nil, "round", "run", "--db", db, "rnd-crash")
	entries := len(roundAudit(t, db))

	r := setu(t, nil, "round", "import", "--db", db, "rnd-crash", file)
	want := "round rnd-crash is matched: its input is kept as its runs read it\n"
	if r.code != 1 || !strings.HasPrefix(r.stderr, file+": import round: ") || !strings.HasSuffix(r.stderr, want) || r.stdout != "" {
		t.Errorf("import after a run: got exit %d, stdout %q, stderr %q; want exit 1, one line %q ... %q", r.code, r.stdout, r.stderr, file+": import round: ", want)
	}
	if got := len(roundAudit(t, db)); got != entries {
		t.Errorf("got %d audit entries of the round, want %d", got, entries)
	}
	if got := mustSetu(t, nil, "round", "export", "--db", db, "rnd-crash").stdout; got != exp {
		t.Errorf("the round changed after the refused import")
	}
}

func TestRoundImportUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a part of standard output
		stderr string // a part of standard error
	}{
		{"-h", []string{"round", "import", "-h"}, 0, "Usage: setu round import [--db DATABASE] ROUND_ID FILE", ""},
		{"--help flags", []string{"round", "import", "--help"}, 0, "-db string", ""},
		{"help round import", []string{"help", "round", "import"}, 0, `"-" reads standard input`, ""},
		{"round -h", []string{"round", "-h"}, 0, "  import     read ROUND.json into a round before its first run", ""},
		{"help", []string{"help"}, 0, "run, export or import a stored placement round", ""},
		{"no file", []string{"round", "import", "rnd-crash"}, 2, "", "setu round import: want ROUND_ID and FILE\nRun 'setu round import -h' for help."},
		{"bad flag", []string{"round", "import", "--dry-run", "rnd-crash", "x.json"}, 2, "", "setu round import: flag provided but not defined: -dry-run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := setu(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
					r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}
