package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestServingLock checks the serving lock on both databases: servers
// share it, a restore cannot take it while any server holds it, and a
// server cannot take it while a restore holds it.
func TestServingLock(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() == "sqlite" && !fileLocks {
			t.Skip("no flock on this system: the SQLite serving lock is not enforced")
		}
		ctx := context.Background()
		first, err := s.HoldServing(ctx)
		if err != nil {
			t.Fatalf("first server: %v", err)
		}
		second, err := s.HoldServing(ctx)
		if err != nil {
			t.Fatalf("second server alongside the first: %v", err)
		}
		if _, err := s.HoldRestoring(ctx); !errors.Is(err, store.ErrServing) {
			t.Errorf("restore while two servers run: got %v, want ErrServing", err)
		}
		first()
		if _, err := s.HoldRestoring(ctx); !errors.Is(err, store.ErrServing) {
			t.Errorf("restore while one server runs: got %v, want ErrServing", err)
		}
		second()
		second() // releasing twice is harmless

		restore, err := s.HoldRestoring(ctx)
		if err != nil {
			t.Fatalf("restore once the servers stopped: %v", err)
		}
		if _, err := s.HoldServing(ctx); !errors.Is(err, store.ErrRestoring) {
			t.Errorf("server during a restore: got %v, want ErrRestoring", err)
		}
		if _, err := s.HoldRestoring(ctx); !errors.Is(err, store.ErrServing) {
			t.Errorf("second restore during a restore: got %v, want ErrServing", err)
		}
		restore()
		again, err := s.HoldServing(ctx)
		if err != nil {
			t.Fatalf("server after the restore: %v", err)
		}
		again()
	})
}

// TestRestoreRefusedWhileServing restores a SQLite backup while a server
// holds the serving lock: the restore fails with ErrServing and leaves the
// database as it was; once the server stops, it succeeds.
func TestRestoreRefusedWhileServing(t *testing.T) {
	if !fileLocks {
		t.Skip("no flock on this system: the SQLite serving lock is not enforced")
	}
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
	bak := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	backupDump := dump(t, s)
	if err := s.CreateOrganisation(ctx, writerOrg(1)); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)

	release, err := s.HoldServing(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = store.Restore(ctx, path, bak)
	if !errors.Is(err, store.ErrServing) {
		t.Fatalf("restore while serving: got %v, want ErrServing", err)
	}
	if got := dump(t, s); got != before {
		t.Errorf("a refused restore changed the database")
	}
	release()
	if err := store.Restore(ctx, path, bak); err != nil {
		t.Fatalf("restore after the server stopped: %v", err)
	}
	if got := dump(t, s); got != backupDump {
		t.Errorf("restored database differs from the backup")
	}
	if _, err := s.HoldServing(ctx); err != nil {
		t.Errorf("server after the restore: %v", err)
	}
}
