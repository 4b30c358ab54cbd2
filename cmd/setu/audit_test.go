package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
)

func TestAuditVerifyAndLog(t *testing.T) {
	db := tempDB(t)
	mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl")
	mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl")
	r := mustSetu(t, nil, "audit", "verify", "--db", db)
	if r.stdout != "audit trail intact: 2 entries\n" {
		t.Errorf("verify: got %q", r.stdout)
	}
	r = mustSetu(t, nil, "audit", "log", "--db", db, "--entity", "import/testdata/ror.jsonl")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "import import/testdata/ror.jsonl") {
		t.Errorf("log: got %q", r.stdout)
	}
	r = mustSetu(t, nil, "audit", "log", "--db", db, "--json", "--last", "1")
	if !strings.Contains(r.stdout, `"seq":2`) || !strings.Contains(r.stdout, `\"unchanged\":3`) && !strings.Contains(r.stdout, `"unchanged":3`) {
		t.Errorf("log --json: got %q", r.stdout)
	}
	if sum := "\"sha256\":\"" + fileSHA256(t, "testdata/ror.jsonl") + "\""; !strings.Contains(r.stdout, sum) {
		t.Errorf("log --json lacks %s: %q", sum, r.stdout)
	}
	if !strings.Contains(r.stdout, `"actor":"cli"`) {
		t.Errorf("log --json: the import's actor is not cli: %q", r.stdout)
	}
	if r := setu(t, nil, "audit", "log", "--db", db, "--entity", "nothing"); r.code != 2 {
		t.Errorf("--entity without a slash: exit %d, want 2", r.code)
	}

	// Tampering, with the guard trigger dropped, is found.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 1`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	r = setu(t, nil, "audit", "verify", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "broken at entry 1") {
		t.Errorf("verify after tampering: exit %d, stderr %q; want 1, entry 1", r.code, r.stderr)
	}
}

func fileSHA256(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestBackupRestore(t *testing.T) {
	db := tempDB(t)
	bak := filepath.Join(t.TempDir(), "backup.db")
	mustSetu(t, nil, "import", "ror", "--db", db, "testdata/ror.jsonl")
	mustSetu(t, nil, "backup", "--db", db, bak)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteOrganisation(context.Background(), "ror-000nbq540"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if n := countOrgs(t, db); n != 2 {
		t.Fatalf("after delete: %d organisations, want 2", n)
	}
	r := mustSetu(t, nil, "restore", "--db", db, bak)
	if !strings.Contains(r.stdout, "audit trail intact: 1 entries") {
		t.Errorf("restore: got %q", r.stdout)
	}
	if n := countOrgs(t, db); n != 3 {
		t.Errorf("after restore: %d organisations, want 3", n)
	}
	if r := setu(t, nil, "restore", "--db", db, "testdata/ror.jsonl"); r.code != 1 {
		t.Errorf("restore of a file that is no database: exit %d, want 1", r.code)
	}
	if n := countOrgs(t, db); n != 3 {
		t.Errorf("after a refused restore: %d organisations, want 3", n)
	}
	if r := setu(t, nil, "backup", "--db", "postgres://x@127.0.0.1/none", bak); r.code != 1 || !strings.Contains(r.stderr, "pg_dump") {
		t.Errorf("backup of PostgreSQL: exit %d %q, want 1 and a pointer to pg_dump", r.code, r.stderr)
	}
}
