package main

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/store"
)

func restoreCommand() command {
	return command{name: "restore", summary: "replace the SQLite database with a backup", run: runRestore}
}

const restoreHelp = `Usage: setu restore FILE [--db DATABASE]

Restore replaces the SQLite database with the backup FILE that 'setu
backup' wrote. It first checks FILE's integrity and that it is a Setu
database, and refuses it otherwise. The copy is made through SQLite's
backup API under the database's write lock, so it is atomic: other
connections see the old database or the restored one, never a mix, and a
failed restore leaves the database as it was.

Stop the server first: what it holds in memory would be older than the
restored data. Restore enforces it: while a 'setu serve' uses the
database (it holds a lock on DATABASE.lock, next to the database), restore
fails at once, changing nothing, with "a server (setu serve) ... is using
this database"; stop the server, restore, and start it again. Meanwhile a
server refuses to start. On systems without flock (Windows) the lock is
not taken and stopping the server is up to you (docs/operations.md).

Everything written after the backup is lost, and people erased since must
be erased again.`

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu restore", restoreHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{fs.Name(), "name the backup FILE to restore"}
	}
	dsn := e.database(*db)
	if err := store.Restore(ctx, dsn, pos[0]); err != nil {
		return err
	}
	// Apply the migrations the backup lacks, and check the result.
	st, err := e.openStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("restored %s, but: %w", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "restored %s from %s (audit trail intact: %d entries)\n", dsn, pos[0], n)
	return nil
}
