package store

import (
	"context"
	"fmt"
)

// everyOrganisation is the org_seq of a change-log row that stands for
// every organisation: no organisation has key 0.
const everyOrganisation = 0

// deferChangeLog makes a bulk load into an empty SQLite registry log one
// change for the whole load instead of one per organisation (a trigger
// per row, about 8% of the import's time): it drops the insert trigger of
// the change log and returns the function that logs the load as a change
// of every organisation and creates the trigger again from the definition
// SQLite stored, to be called before the transaction commits (a failed
// import rolls the drop back). A search index older than that change is
// built again. On PostgreSQL, or when the registry holds organisations
// already, it does nothing, like deferIndexes.
func (s *Store) deferChangeLog(ctx context.Context, tx querier, idx *importIndex) (rebuild func() error, err error) {
	nothing := func() error { return nil }
	if s.dialect != sqlite || len(idx.byID) > 0 {
		return nothing, nil
	}
	const trigger = "organisations_change_insert"
	var def string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, trigger).Scan(&def); err != nil {
		return nil, fmt.Errorf("defer trigger %s: %w", trigger, err)
	}
	if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+trigger); err != nil {
		return nil, fmt.Errorf("defer trigger %s: %w", trigger, err)
	}
	return func() error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organisation_changes (org_seq, version)
			VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM organisation_changes))
			ON CONFLICT (org_seq) DO UPDATE SET version = excluded.version`, everyOrganisation); err != nil {
			return fmt.Errorf("log the load: %w", err)
		}
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("recreate trigger %s: %w", trigger, err)
		}
		return nil
	}, nil
}
