package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
)

// inReadTx runs fn in a read-only transaction, so that all its reads see
// one snapshot of the database, and writers are not held up by it.
//
// PostgreSQL: REPEATABLE READ, READ ONLY; the snapshot is taken at the
// first statement.
//
// SQLite: a deferred BEGIN, which takes no lock; in WAL mode the snapshot
// starts at the first read and writers go on committing to the WAL
// alongside it. The DSN's _txlock=immediate would make BeginTx start
// BEGIN IMMEDIATE and hold the write lock to the end, but modernc.org/sqlite
// leaves the lock mode out for a ReadOnly transaction (tx.go, newTx:
// "begin" unless !opts.ReadOnly); TestExportDoesNotBlockWriters holds it
// to that. While the snapshot is open the WAL cannot be checkpointed past
// it, so it grows by what writers commit meanwhile.
func (s *Store) inReadTx(ctx context.Context, fn func(q querier) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Snapshot reads the database as it was at one moment, whatever is
// written meanwhile: an export reads through one, so that its records
// agree with each other. It is valid only inside the function given to
// ReadSnapshot, and is not safe for concurrent use.
type Snapshot struct {
	s *Store
	q querier
}

// ReadSnapshot calls fn with a Snapshot of the database and ends the
// snapshot when fn returns. The snapshot blocks no writer, on either
// database.
func (s *Store) ReadSnapshot(ctx context.Context, fn func(sn *Snapshot) error) error {
	return s.inReadTx(ctx, func(q querier) error { return fn(&Snapshot{s: s, q: q}) })
}

// Vocabulary returns the kinds and domains the registry knows.
func (sn *Snapshot) Vocabulary(ctx context.Context) (registry.Vocabulary, error) {
	return sn.s.vocabulary(ctx, sn.q)
}

// Organisation returns the organisation with id, as Store.Organisation
// does.
func (sn *Snapshot) Organisation(ctx context.Context, id string) (*registry.Organisation, error) {
	return sn.s.organisation(ctx, sn.q, id)
}

// EachOrganisation calls fn for every organisation, as
// Store.EachOrganisation does.
func (sn *Snapshot) EachOrganisation(ctx context.Context, fn func(*registry.Organisation) error) error {
	return sn.s.eachOrganisation(ctx, sn.q, fn)
}

// Ledger returns the whole ledger, as Store.LoadLedger(ctx, "") does.
func (sn *Snapshot) Ledger(ctx context.Context) (*ledger.Ledger, error) {
	l := &ledger.Ledger{}
	if err := sn.s.readLedger(ctx, sn.q, "", l, map[string]string{}); err != nil {
		return nil, errs.Wrap("load ledger", err)
	}
	return l, nil
}
