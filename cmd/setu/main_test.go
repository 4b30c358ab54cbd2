package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// result is what one run of the program did.
type result struct {
	code           int
	stdout, stderr string
}

// setu runs the program in-process with args and the environment vars,
// and no standard input.
func setu(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return vars[k] })
	return result{code, out.String(), errb.String()}
}

// mustSetu runs the program and fails the test unless it succeeds.
func mustSetu(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	r := setu(t, vars, args...)
	if r.code != 0 {
		t.Fatalf("setu %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// tempDB returns the path of a fresh SQLite database file.
func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "setu.db") }

// syncBuffer is a bytes.Buffer safe to write from the program's goroutine
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestHelp(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // a part of standard output
		stderr   string // a part of standard error
		noStdout bool
	}{
		{"help", []string{"help"}, 0, "  serve      serve the web application", "", false},
		{"-h", []string{"-h"}, 0, "Run 'setu COMMAND -h'", "", false},
		{"no command", nil, 2, "", "setu: missing command", true},
		{"unknown", []string{"frobnicate"}, 2, "", `setu: unknown command "frobnicate"`, true},
		{"serve -h", []string{"serve", "-h"}, 0, "Usage: setu serve", "", false},
		{"serve flags", []string{"serve", "-h"}, 0, "-log-format string", "", false},
		{"help serve", []string{"help", "serve"}, 0, "Usage: setu serve", "", false},
		{"help import", []string{"help", "import"}, 0, "  ror        import ROR records", "", false},
		{"help import ror", []string{"help", "import", "ror"}, 0, "Usage: setu import ror FILE", "", false},
		{"export orgs -h", []string{"export", "orgs", "--help"}, 0, "other_names    value|type[|lang]", "", false},
		{"bad flag", []string{"serve", "--port", "80"}, 2, "", "setu serve: flag provided but not defined: -port\nRun 'setu serve -h' for help.", true},
		{"no files", []string{"import", "ror"}, 2, "", "setu import ror: name at least one FILE", true},
		{"bad format", []string{"export", "orgs", "--format", "xml"}, 2, "", `unknown format "xml"`, true},
		{"bad log format", []string{"serve", "--log-format", "xml"}, 2, "", `--log-format "xml": want text or json`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := setu(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
					r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
			if tt.noStdout && r.stdout != "" {
				t.Errorf("got stdout %q, want none", r.stdout)
			}
		})
	}
}

func TestDBFlagWinsOverEnv(t *testing.T) {
	dir := t.TempDir()
	flagDB, envDB := filepath.Join(dir, "flag.db"), filepath.Join(dir, "env.db")
	env := map[string]string{"SETU_DB": envDB}
	mustSetu(t, env, "import", "ror", "testdata/ror.jsonl", "--db", flagDB)
	if got := countOrgs(t, flagDB); got != 3 {
		t.Errorf("--db database: got %d organisations, want 3", got)
	}
	if got := countOrgs(t, envDB); got != 0 {
		t.Errorf("$SETU_DB database: got %d organisations, want 0 (the flag wins)", got)
	}
	// Without the flag, SETU_DB is used.
	mustSetu(t, env, "import", "ror", "testdata/ror.jsonl")
	if got := countOrgs(t, envDB); got != 3 {
		t.Errorf("$SETU_DB database: got %d organisations, want 3", got)
	}
}
