// Package storetest opens stores for tests: a fresh SQLite file always, and
// a fresh PostgreSQL schema when SETU_TEST_POSTGRES names a server.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
)

// TestPostgresEnv names the environment variable that points the store
// tests at a PostgreSQL server.
const TestPostgresEnv = "SETU_TEST_POSTGRES"

// RequireEnv names the environment variable that lists, comma-separated,
// the optional test dependencies ("postgres", "chromium") whose absence
// must fail the tests instead of skipping them. CI sets it, so CI always
// exercises them.
const RequireEnv = "SETU_TEST_REQUIRE"

// Required reports whether dependency dep is listed in SETU_TEST_REQUIRE.
func Required(dep string) bool {
	for _, d := range strings.Split(os.Getenv(RequireEnv), ",") {
		if strings.TrimSpace(d) == dep {
			return true
		}
	}
	return false
}

// MustOpenSQLite opens a store on a fresh SQLite file in a temporary
// folder, closed when the test ends.
func MustOpenSQLite(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "setu.db"))
	if err != nil {
		tb.Fatalf("open sqlite store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// MustOpenPostgres opens a store on a fresh schema of the PostgreSQL
// server named by SETU_TEST_POSTGRES, dropped when the test ends, or
// skips the test if the variable is not set.
func MustOpenPostgres(tb testing.TB) *store.Store {
	tb.Helper()
	dsn := TestPostgresDSN(tb)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open postgres store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// TestPostgresDSN creates a fresh schema on the server named by
// SETU_TEST_POSTGRES and returns a URL whose connections use it; the
// schema is dropped when the test ends. It skips the test if the variable
// is not set.
func TestPostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(TestPostgresEnv)
	if base == "" {
		if Required("postgres") {
			tb.Fatalf("PostgreSQL required by %s but %s is not set", RequireEnv, TestPostgresEnv)
		}
		tb.Skipf("PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", TestPostgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	name := fmt.Sprintf("setu_test_%d_%s", os.Getpid(), strings.ToLower(strings.TrimPrefix(store.NewPersonID(), "per-")))
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil {
		tb.Fatalf("postgres: create schema: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("postgres: %s: %v", TestPostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// ForEachBackend runs fn as a subtest on a fresh SQLite store and, when
// SETU_TEST_POSTGRES is set, on a fresh PostgreSQL store.
func ForEachBackend(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, MustOpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, MustOpenPostgres(t)) })
}
