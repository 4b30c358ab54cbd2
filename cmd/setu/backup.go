package main

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/store"
)

func backupCommand() command {
	return command{name: "backup", summary: "copy the SQLite database, online, to a file", run: runBackup}
}

const backupHelp = `Usage: setu backup FILE [--db DATABASE]

Backup writes a consistent copy of the SQLite database to FILE while the
server goes on serving: the copy is one snapshot, so a write that commits
meanwhile is wholly in it or not at all. It writes FILE.tmp, checks its
integrity, syncs it to disk and renames it to FILE, replacing FILE if it
exists. Restore it with 'setu restore'. For PostgreSQL use pg_dump (see
docs/operations.md).`

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu backup", backupHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{fs.Name(), "name one FILE to write"}
	}
	if store.IsPostgres(e.database(*db)) {
		return fmt.Errorf("setu backup: only for SQLite; back PostgreSQL up with pg_dump (see docs/operations.md)")
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", e.database(*db), pos[0])
	return nil
}
