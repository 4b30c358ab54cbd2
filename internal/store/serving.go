package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/setu-council/setu/internal/errs"
)

// PostgreSQL advisory lock keys, all in this one place. Migrations take
// the single-key (bigint) lock migrateLockKey. Servers and restores take
// the two-key lock (servingLockClass, hash of the current schema): the
// schema in the key keeps Setu databases that share a PostgreSQL database
// in separate schemas, and the tests' schemas, apart. The two forms are
// separate key spaces in PostgreSQL, and the numbers differ all the same.
const (
	migrateLockKey   = 727274 // pg_advisory_lock(bigint): one migration at a time
	servingLockClass = 727275 // pg_advisory_lock(int, int): servers shared, restore exclusive
)

// ErrServing is the error a restore returns, at once and having changed
// nothing, while a server (setu serve) uses the database, or another
// restore runs on it.
var ErrServing = &errs.Error{Kind: errs.Conflict,
	Msg: "a server (setu serve) or another restore is using this database; stop the server, restore, then start it again (docs/operations.md)"}

// ErrRestoring is the error HoldServing returns, at once, while a restore
// runs on the database.
var ErrRestoring = &errs.Error{Kind: errs.Conflict,
	Msg: "a restore (setu restore) is running on this database; start the server once it has finished"}

// errLocked reports that a lock is held elsewhere in a conflicting mode.
var errLocked = errors.New("locked")

// HoldServing takes the serving lock, shared among servers, for as long
// as a server runs, and returns the function that releases it. It fails
// at once with ErrRestoring while a restore holds the lock, which in turn
// makes a restore fail with ErrServing while any server holds it. On
// PostgreSQL the lock is a session advisory lock on a connection of its
// own, released when the connection ends; on SQLite it is an OS file lock
// (flock) on the file DATABASE.lock next to the database, released when
// the process ends, however it ends. Other commands take no lock.
func (s *Store) HoldServing(ctx context.Context) (release func(), err error) {
	release, err = s.holdLock(ctx, false)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("store: serve: %w", ErrRestoring)
	}
	if err != nil {
		return nil, fmt.Errorf("store: serve: lock: %w", err)
	}
	return release, nil
}

// HoldRestoring takes the serving lock exclusively, for a restore, and
// returns the function that releases it. It fails at once with ErrServing
// while a server holds the lock. Restore takes it on SQLite; PostgreSQL
// databases are restored with pg_restore (docs/operations.md), and a tool
// that restores over a live PostgreSQL database would take it first.
func (s *Store) HoldRestoring(ctx context.Context) (release func(), err error) {
	release, err = s.holdLock(ctx, true)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("store: restore: %w", ErrServing)
	}
	if err != nil {
		return nil, fmt.Errorf("store: restore: lock: %w", err)
	}
	return release, nil
}

func (s *Store) holdLock(ctx context.Context, exclusive bool) (func(), error) {
	if s.dialect == postgres {
		return s.holdAdvisoryLock(ctx, exclusive)
	}
	return lockSQLite(s.path, exclusive)
}

// holdAdvisoryLock takes the serving advisory lock on a connection kept
// out of the pool until the release.
func (s *Store) holdAdvisoryLock(ctx context.Context, exclusive bool) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var key int32
	if err := conn.QueryRowContext(ctx, `SELECT hashtext(coalesce(current_schema(), ''))`).Scan(&key); err != nil {
		conn.Close()
		return nil, err
	}
	lock, unlock := `SELECT pg_try_advisory_lock_shared($1, $2)`, `SELECT pg_advisory_unlock_shared($1, $2)`
	if exclusive {
		lock, unlock = `SELECT pg_try_advisory_lock($1, $2)`, `SELECT pg_advisory_unlock($1, $2)`
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, lock, servingLockClass, key).Scan(&ok); err != nil {
		conn.Close()
		return nil, err
	}
	if !ok {
		conn.Close()
		return nil, errLocked
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			var unlocked bool
			err := conn.QueryRowContext(context.Background(), unlock, servingLockClass, key).Scan(&unlocked)
			if err != nil || !unlocked {
				// Close the session rather than return a connection that
				// may still hold the lock to the pool.
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			conn.Close()
		})
	}, nil
}

// sqliteLockPath returns the lock file of the SQLite database at path
// (path.lock, without the path's query), or "" for an in-memory database,
// which no other process can open.
func sqliteLockPath(path string) string {
	file, query, _ := strings.Cut(path, "?")
	if file == "" || file == ":memory:" || strings.HasPrefix(file, ":memory:") || strings.Contains(query, "mode=memory") {
		return ""
	}
	return file + ".lock"
}

// lockSQLite takes the serving lock of the SQLite database at path, shared
// or exclusive.
func lockSQLite(path string, exclusive bool) (func(), error) {
	lp := sqliteLockPath(path)
	if lp == "" {
		return func() {}, nil
	}
	return lockFile(lp, exclusive)
}

// withRestoreLock runs fn while holding the restore lock of the SQLite
// database at dbPath.
func withRestoreLock(dbPath string, fn func() error) error {
	release, err := lockSQLite(dbPath, true)
	if errors.Is(err, errLocked) {
		return ErrServing
	}
	if err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer release()
	return fn()
}
