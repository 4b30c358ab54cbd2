package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	sqlitedriver "modernc.org/sqlite"
)

// errNotSQLite reports a SQLite-only operation on PostgreSQL, whose
// backups are pg_dump's (docs/operations.md).
var errNotSQLite = errors.New("only for SQLite; back PostgreSQL up with pg_dump (docs/operations.md)")

// Backup writes a consistent copy of the SQLite database to path while the
// store goes on serving: VACUUM INTO reads one snapshot, so writes that
// commit meanwhile are either wholly in the copy or not at all. The copy
// goes to path.tmp, is checked and synced, and is then renamed to path, so
// path is never a partial backup.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != sqlite {
		return fmt.Errorf("store: backup: %w", errNotSQLite)
	}
	tmp := path + ".tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := checkSQLiteFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return syncFile(filepath.Dir(path))
}

// Restore replaces the SQLite database at dbPath with the backup at from,
// after checking the backup's integrity. It copies the backup into the
// database through SQLite's backup API, under the database's write lock:
// other connections, a running server's too, see the old database or the
// restored one, never a mix. Migrations the backup lacks are applied the
// next time the database is opened. It holds the database's restore lock
// (HoldRestoring) throughout, and fails at once with ErrServing, having
// changed nothing, while a server holds the serving lock.
func Restore(ctx context.Context, dbPath, from string) error {
	if IsPostgres(dbPath) {
		return fmt.Errorf("store: restore: %w", errNotSQLite)
	}
	err := withRestoreLock(dbPath, func() error { return restoreSQLite(ctx, dbPath, from) })
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// restoreSQLite is Restore under the restore lock.
func restoreSQLite(ctx context.Context, dbPath, from string) error {
	if err := checkSQLiteFile(ctx, from); err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	db, err := sql.Open("sqlite", sqliteDSN(dbPath))
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlitedriver.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver has no backup API")
		}
		b, err := r.NewRestore("file:" + from + "?mode=ro")
		if err != nil {
			return err
		}
		for {
			more, err := b.Step(-1)
			if err != nil {
				b.Finish()
				return err
			}
			if !more {
				return b.Finish()
			}
		}
	})
	if err != nil {
		return err
	}
	var ok string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("restored database fails its integrity check: %q %v", ok, err)
	}
	return nil
}

// checkSQLiteFile checks that path is a SQLite database that passes its
// integrity check and holds Setu's migrations table.
func checkSQLiteFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("not a Setu database (no migrations recorded)")
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// IntegrityCheck runs the database's own consistency check: SQLite's
// PRAGMA integrity_check ("ok" when sound). PostgreSQL has none to run
// and reports "ok".
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.dialect != sqlite {
		return "ok", nil
	}
	var res string
	if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	return res, nil
}

// DumpTables writes every row of every table, one line per row ("TABLE"
// TAB the row's values as JSON), tables by name and rows in the order of
// their columns, so that two databases hold the same data exactly when
// their dumps are equal. Full-text virtual tables are left out (their
// shadow tables are included).
func (s *Store) DumpTables(ctx context.Context, w io.Writer) error {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`
	if s.dialect == postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("store: dump: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// One read transaction, so the dump is of one snapshot.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: dump: %w", err)
	}
	defer tx.Rollback()
	for _, t := range tables {
		if err := dumpTable(ctx, tx, t, w); err != nil {
			return fmt.Errorf("store: dump %s: %w", t, err)
		}
	}
	return nil
}

func dumpTable(ctx context.Context, tx *sql.Tx, table string, w io.Writer) error {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
	if err != nil {
		return err
	}
	cols, err := rows.Columns()
	rows.Close()
	if err != nil {
		return err
	}
	order := make([]string, len(cols))
	for i := range cols {
		order[i] = fmt.Sprint(i + 1)
	}
	rows, err = tx.QueryContext(ctx, `SELECT * FROM "`+table+`" ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		b, err := json.Marshal(vals)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s\t%s\n", table, b); err != nil {
			return err
		}
	}
	return rows.Err()
}
