//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRestoreRefusedWhileServing runs "setu serve" and "setu restore" on
// the same database: the restore exits 1 and says to stop the server,
// and succeeds once the server has stopped.
func TestRestoreRefusedWhileServing(t *testing.T) {
	db := tempDB(t)
	bak := filepath.Join(t.TempDir(), "backup.db")
	mustSetu(t, nil, "backup", "--db", db, bak)

	srv := startServe(t, "--db", db, "--no-load")
	r := setu(t, nil, "restore", "--db", db, bak)
	t.Logf("restore while serving: %s", r.stderr)
	if r.code != 1 {
		t.Errorf("restore while serving: exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if want := "a server (setu serve) or another restore is using this database; stop the server"; !strings.Contains(r.stderr, want) {
		t.Errorf("restore while serving: stderr %q, want it to contain %q", r.stderr, want)
	}
	if code := srv.stop(); code != 0 {
		t.Fatalf("serve exited with %d\nstderr: %s", code, srv.stderr.String())
	}
	r = mustSetu(t, nil, "restore", "--db", db, bak)
	if !strings.HasPrefix(r.stdout, "restored ") {
		t.Errorf("restore after the server stopped: got %q", r.stdout)
	}
	// The server starts again on the restored database.
	srv = startServe(t, "--db", db, "--no-load")
	if code := srv.stop(); code != 0 {
		t.Errorf("serve after the restore exited with %d", code)
	}
}
