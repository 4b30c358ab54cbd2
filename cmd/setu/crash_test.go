package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/orgfile"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/synth"
)

// buildSetu builds the setu binary into a temporary folder.
func buildSetu(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "setu")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeSynthOrgs writes n synthetic organisations, from first on, as a
// Setu JSON Lines export.
func writeSynthOrgs(t *testing.T, path string, seed uint64, first, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := orgfile.NewJSONLWriter(f)
	g := synth.New(seed)
	for i := first; i < first+n; i++ {
		if err := w.Write(g.Organisation(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestImportSurvivesSIGKILL kills 'setu import orgs' with SIGKILL in the
// middle of a large import and checks that the database passes its
// integrity check, holds all or nothing of the import, and that its audit
// trail is intact and agrees; then that the import, run again,
// completes. -short skips it.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports a large file; skipped with -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "setu.db")
	bin := buildSetu(t)

	// A small import first, so "nothing" is not an empty database.
	small := filepath.Join(dir, "small.jsonl")
	writeSynthOrgs(t, small, 1, 0, 100)
	mustSetu(t, nil, "import", "orgs", "--db", db, small)
	before := countOrgs(t, db)

	const n = 60000
	large := filepath.Join(dir, "large.jsonl")
	writeSynthOrgs(t, large, 1, 1000, n)

	cmd := exec.Command(bin, "import", "orgs", "--db", db, large)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the import has written a good part of its transaction to
	// the write-ahead log.
	wal := db + "-wal"
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(wal); err == nil && fi.Size() > 2<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import wrote no 2 MiB of log in 60 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the import was not killed mid-way (%v); make the file larger", err)
	}

	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer st.Close()
	if res, err := st.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Errorf("integrity check: %q, %v", res, err)
	}
	after, _, err := st.CountOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before && after != before+n {
		t.Errorf("after SIGKILL: %d organisations, want %d (nothing) or %d (all)", after, before, before+n)
	}
	entries, err := st.VerifyAudit(ctx)
	if err != nil {
		t.Errorf("audit trail after SIGKILL: %v", err)
	}
	if want := map[bool]int64{true: 1, false: 2}[after == before]; entries != want {
		t.Errorf("audit trail holds %d entries with %d organisations, want %d", entries, after, want)
	}
	t.Logf("killed mid-import: %d organisations before, %d after", before, after)

	// The interrupted import can be run again and completes.
	mustSetu(t, nil, "import", "orgs", "--db", db, large)
	if got := countOrgs(t, db); got != before+n {
		t.Errorf("after re-running the import: %d organisations, want %d", got, before+n)
	}
}
