//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/store"
)

// fileLocks reports whether the SQLite serving lock is enforced here.
const fileLocks = true

// lockHelperEnv names the database a helper process holds the serving
// lock of, in TestServingLockHelperProcess.
const lockHelperEnv = "SETU_TEST_SERVING_LOCK_HELPER"

// TestServingLockReleasedOnKill runs a "server" in another process that
// holds a SQLite database's serving lock, checks that a restore cannot
// take the lock, kills the process with SIGKILL, which gives it no chance
// to release anything, and checks that the restore now can: the kernel
// drops a flock when the process's files close.
func TestServingLockReleasedOnKill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "setu.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestServingLockHelperProcess$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	held := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "holding" {
				held <- true
				return
			}
		}
		held <- false
	}()
	select {
	case ok := <-held:
		if !ok {
			t.Fatal("the helper process ended without taking the lock")
		}
	case <-time.After(time.Minute):
		t.Fatal("the helper process did not take the lock within a minute")
	}
	if _, err := s.HoldRestoring(ctx); !errors.Is(err, store.ErrServing) {
		t.Fatalf("restore while another process serves: got %v, want ErrServing", err)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	release, err := s.HoldRestoring(ctx)
	if err != nil {
		t.Fatalf("restore after the serving process was killed: %v", err)
	}
	release()
}

// TestServingLockHelperProcess is the process that
// TestServingLockReleasedOnKill kills: it holds the serving lock of the
// database that lockHelperEnv names until it is killed.
func TestServingLockHelperProcess(t *testing.T) {
	path := os.Getenv(lockHelperEnv)
	if path == "" {
		t.Skip("the helper process of TestServingLockReleasedOnKill")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.HoldServing(ctx); err != nil {
		t.Fatal(err)
	}
	fmt.Println("holding")
	time.Sleep(2 * time.Minute) // until killed
	t.Fatal("not killed")
}
