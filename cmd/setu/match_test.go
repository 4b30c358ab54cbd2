package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runMatchCommand runs "setu match" in-process and returns what run would:
// the exit status (0, 1, or 2 for a usage error) and the output. It
// dispatches to matchCommand itself, so it works whether or not main.go's
// table lists the command yet.
func runMatchCommand(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	err := dispatch(context.Background(), e, "setu", mainHelp, []command{matchCommand()}, append([]string{"match"}, args...))
	code := 0
	var ue usageError
	switch {
	case err == nil, errors.Is(err, errHelpShown):
	case errors.As(err, &ue):
		code = 2
		errb.WriteString(ue.Error() + "\n")
	default:
		code = 1
		errb.WriteString(err.Error() + "\n")
	}
	return result{code, out.String(), errb.String()}
}

const matchRound = `{"applicants":[{"id":"a1","prefs":["p1",["p2","p3"]]},{"id":"a2","prefs":["p1","p2"]},{"id":"a3","prefs":["p2"]}],
 "positions":[{"id":"p1","capacity":1,"region":"JP","prefs":["a2","a1"]},{"id":"p2","capacity":1,"region":"JP","prefs":["a3","a1","a2"]},
   {"id":"p3","capacity":1,"prefs":["a1"]}],
 "regions":[{"id":"JP","cap":1}],
 "seed":7}`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMatchWritesResult(t *testing.T) {
	in := writeTemp(t, "round.json", matchRound)
	out := filepath.Join(t.TempDir(), "result.json")
	r := runMatchCommand(t, "", "--in", in, "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Assignments map[string]string `json:"assignments"`
		Unassigned  []string          `json:"unassigned"`
		Seed        *uint64           `json:"seed"`
		Verdict     struct{ OK bool } `json:"verdict"`
		InputSHA256 string            `json:"input_sha256"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("RESULT.json: %v\n%s", err, data)
	}
	want := map[string]string{"a2": "p1", "a1": "p3"}
	if len(res.Assignments) != 2 || res.Assignments["a2"] != "p1" || res.Assignments["a1"] != "p3" {
		t.Errorf("assignments: got %v, want %v", res.Assignments, want)
	}
	if len(res.Unassigned) != 1 || res.Unassigned[0] != "a3" {
		t.Errorf("unassigned: got %v, want [a3]", res.Unassigned)
	}
	if res.Seed == nil || *res.Seed != 7 || !res.Verdict.OK || len(res.InputSHA256) != 64 {
		t.Errorf("seed %v, verdict %v, digest %q", res.Seed, res.Verdict.OK, res.InputSHA256)
	}
}

func TestMatchStandardStreams(t *testing.T) {
	r := runMatchCommand(t, matchRound, "--in", "-")
	if r.code != 0 || !strings.Contains(r.stdout, `"a2": "p1"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestMatchInvalidRound(t *testing.T) {
	in := writeTemp(t, "round.json", `{"applicants":[{"id":"a1","prefs":["p1","p1"]}],
		"positions":[{"id":"p1","capacity":-1,"prefs":["a9"]}]}`)
	out := filepath.Join(t.TempDir(), "result.json")
	r := runMatchCommand(t, "", "--in", in, "--out", out)
	if r.code != 2 {
		t.Fatalf("exit %d, want 2: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		`applicants[0].prefs[1]: position "p1" listed twice (also at applicants[0].prefs[0])` + "\n",
		"positions[0].capacity: negative (-1)\n",
		`positions[0].prefs[0]: unknown applicant "a9"` + "\n",
		"setu match: " + in + ": 3 problems; no result written\n",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an output file was written for an invalid round (stat: %v)", err)
	}
	if r.stdout != "" {
		t.Errorf("stdout: %q", r.stdout)
	}
	r = runMatchCommand(t, "{", "--in", "-")
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "invalid JSON") {
		t.Errorf("malformed JSON on standard input: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestMatchUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"help", []string{"-h"}, 0, "Usage: setu match --in ROUND.json", ""},
		{"no --in", nil, 2, "", "setu match: name the round with --in ROUND.json"},
		{"argument", []string{"--in", "x.json", "extra"}, 2, "", "unexpected argument extra"},
		{"missing file", []string{"--in", filepath.Join(t.TempDir(), "none.json")}, 1, "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMatchCommand(t, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want %d, %q, %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}
