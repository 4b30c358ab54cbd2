package store_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func dump(t *testing.T, s *store.Store) string {
	t.Helper()
	var b bytes.Buffer
	if err := s.DumpTables(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writerOrg(i int) *registry.Organisation {
	return &registry.Organisation{ID: fmt.Sprintf("w-%06d", i), Name: fmt.Sprintf("Writer %d", i), Kind: "company", Country: "IN",
		Capabilities: []registry.Capability{{Direction: "offer", Text: "Backups under load"}}}
}

// TestBackupWhileWriting backs a database up while a writer keeps
// creating organisations, checks that the backup holds a consistent
// snapshot (a prefix of the writes, every row as in the original, an
// intact audit chain), and restores it into the live database, which
// then equals the backup row for row.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "setu.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateOrganisation(ctx, tokyo()); err != nil {
		t.Fatal(err)
	}

	var (
		wg      sync.WaitGroup
		stop    atomic.Bool
		written atomic.Int64
		werr    error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; !stop.Load(); i++ {
			if err := s.CreateOrganisation(ctx, writerOrg(i)); err != nil {
				werr = err
				return
			}
			written.Store(int64(i))
		}
	}()
	for written.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	bak := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	atBackup := written.Load()
	for written.Load() < atBackup+20 && werr == nil {
		time.Sleep(time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	if werr != nil {
		t.Fatalf("writer: %v", werr)
	}

	b, err := store.Open(ctx, bak)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, err := b.VerifyAudit(ctx); err != nil {
		t.Errorf("backup's audit chain: %d entries, %v", n, err)
	}
	backupDump, liveDump := dump(t, b), dump(t, s)
	live := map[string]bool{}
	for _, l := range strings.Split(liveDump, "\n") {
		live[l] = true
	}
	var orgs []string
	for _, l := range strings.Split(backupDump, "\n") {
		table, _, _ := strings.Cut(l, "\t")
		if strings.HasPrefix(table, "organisation_fts") || table == "audit_head" {
			continue // rewritten by later writes
		}
		if !live[l] {
			t.Errorf("backup row not in the original: %s", l)
		}
		if table == "organisations" && strings.Contains(l, `"w-`) {
			orgs = append(orgs, l)
		}
	}
	k := len(orgs)
	if k == 0 || int64(k) > written.Load() {
		t.Fatalf("backup holds %d of the writer's organisations, want 1..%d", k, written.Load())
	}
	for i := 1; i <= k; i++ {
		if !strings.Contains(backupDump, fmt.Sprintf(`"w-%06d"`, i)) {
			t.Errorf("backup holds %d writes but not w-%06d: not a prefix", k, i)
		}
	}
	t.Logf("backup holds %d of %d writes", k, written.Load())

	// Restore into the database the store still has open.
	if err := store.Restore(ctx, path, bak); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); got != backupDump {
		t.Errorf("restored database differs from the backup (%d vs %d bytes)", len(got), len(backupDump))
	}
	if got, err := s.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Errorf("integrity check after restore: %q, %v", got, err)
	}
	if err := s.CreateOrganisation(ctx, writerOrg(k+1)); err != nil {
		t.Errorf("write after restore: %v", err)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Errorf("audit after restore and a write: %v", err)
	}
}

func TestRestoreRefusesBadBackup(t *testing.T) {
	ctx := context.Background()
	s := storetest.MustOpenSQLite(t)
	dir := t.TempDir()
	_ = s
	bad := filepath.Join(dir, "bad.db")
	if err := writeFile(bad, "not a database, not at all, no. "+strings.Repeat("x", 4096)); err != nil {
		t.Fatal(err)
	}
	if err := store.Restore(ctx, filepath.Join(dir, "target.db"), bad); err == nil {
		t.Error("restore of a corrupt file succeeded")
	}
	if err := store.Restore(ctx, filepath.Join(dir, "target.db"), filepath.Join(dir, "missing.db")); err == nil {
		t.Error("restore of a missing file succeeded")
	}
}
