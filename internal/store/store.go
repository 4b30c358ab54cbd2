// Package store keeps Setu's records in a SQL database through
// database/sql: embedded SQLite (modernc.org/sqlite, no cgo) by default and
// PostgreSQL (pgx) for deployments that outgrow one machine. All SQL lives
// here. Exported methods open their own transaction; unexported helpers take
// a *sql.Tx so that transactions compose.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Store is Setu's database. It is safe for concurrent use.
type Store struct {
	db       *sql.DB
	dialect  dialect
	now      func() time.Time
	tune     searchTuning
	sov      sovereigntyCache // computed sovereignty figures (sovereignty.go)
	ledger   ledgerCache      // the ledger's records for its figures (ledger_scorecard.go)
	bridges  bridgeCache      // computed country bridges (bridges_cache.go)
	prefixes prefixTerms      // tokens of search prefix terms (search_sqlite_terms.go)
	search   searchIndex      // the search index in memory (search_index.go)
	path     string           // the SQLite file's path, for its serving lock (serving.go)
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a SQLite file path or a
// postgres:// URL) and applies the migrations it lacks.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if err := s.seedVocabulary(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, dsn string) (*Store, error) {
	var (
		db  *sql.DB
		d   dialect
		err error
	)
	if IsPostgres(dsn) {
		d = postgres
		db, err = sql.Open("pgx", dsn)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(10)
		}
	} else {
		d = sqlite
		db, err = sql.Open("sqlite", sqliteDSN(dsn))
		if err == nil {
			// One writer at a time is SQLite's rule; readers run alongside
			// in WAL mode.
			db.SetMaxOpenConns(8)
			db.SetMaxIdleConns(8)
			db.SetConnMaxIdleTime(0)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s database: %w", d, err)
	}
	s := &Store{db: db, dialect: d, now: func() time.Time { return time.Now().UTC() }, tune: defaultSearchTuning}
	if d == sqlite {
		s.path = dsn
	}
	s.search.bg, s.search.stop = context.WithCancel(context.Background())
	return s, nil
}

// sqliteDSN adds Setu's pragmas to a SQLite file path. They are set on
// every connection the pool opens, in this one place: write-ahead logging
// so readers never wait for the writer, foreign keys enforced, a busy
// timeout instead of immediate SQLITE_BUSY, NORMAL sync, which is
// durable in WAL mode except for the last transactions on power loss, and
// memory-mapped reads of up to 2 GiB of the file, which spares a search
// at a million organisations a read system call and a copy per page
// (measured in docs/benchmarks.md).
func sqliteDSN(path string) string {
	pragmas := []string{
		"journal_mode(WAL)",
		"foreign_keys(1)",
		"busy_timeout(10000)",
		"synchronous(NORMAL)",
		"cache_size(-65536)",
		"temp_store(MEMORY)",
		"mmap_size(2147418112)",
	}
	var b strings.Builder
	b.WriteString("file:")
	b.WriteString(path)
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for _, p := range pragmas {
		b.WriteString(sep)
		b.WriteString("_pragma=")
		b.WriteString(p)
		sep = "&"
	}
	b.WriteString("&_txlock=immediate")
	return b.String()
}

// Close stops a search index build that runs in the background and closes
// the database.
func (s *Store) Close() error {
	s.search.stop()
	s.search.wg.Wait()
	return s.db.Close()
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.String() }

// DB returns the underlying database, for backups and tests.
func (s *Store) DB() *sql.DB { return s.db }

// Ready reports whether the database answers and its migrations are
// current.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: database unreachable: %w", err)
	}
	pending, err := s.pendingMigrations(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("store: %d migrations not applied (first: %s)", len(pending), pending[0])
	}
	return nil
}

// inTx runs fn in a transaction, committing if it returns nil and rolling
// back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
