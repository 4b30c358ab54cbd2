package store

import (
	"context"
	"fmt"
)

// registryTables are the tables an import of organisations fills.
const registryTables = `'organisations', 'organisation_names', 'organisation_external_ids',
	'organisation_layers', 'organisation_domains', 'capabilities', 'organisation_relationships'`

// deferIndexes makes a bulk load into an empty SQLite registry build its
// secondary indexes once, by sorting, instead of updating them row by row:
// it drops them and returns the function that creates them again from the
// definitions SQLite stored, to be called before the transaction commits.
// SQLite's DDL is transactional, so a failed import rolls the drop back
// with everything else. The import itself reads none of these indexes (it
// matches records through importIndex, in memory). On PostgreSQL, or when
// the registry holds organisations already, it does nothing.
func (s *Store) deferIndexes(ctx context.Context, tx querier, idx *importIndex) (rebuild func() error, err error) {
	nothing := func() error { return nil }
	if s.dialect != sqlite || len(idx.byID) > 0 {
		return nothing, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+registryTables+`) ORDER BY name`)
	if err != nil {
		return nil, err
	}
	type index struct{ name, sql string }
	var defs []index
	for rows.Next() {
		var d index
		if err := rows.Scan(&d.name, &d.sql); err != nil {
			rows.Close()
			return nil, err
		}
		defs = append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range defs {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+d.name+`"`); err != nil {
			return nil, fmt.Errorf("defer index %s: %w", d.name, err)
		}
	}
	return func() error {
		for _, d := range defs {
			if _, err := tx.ExecContext(ctx, d.sql); err != nil {
				return fmt.Errorf("rebuild index %s: %w", d.name, err)
			}
		}
		return nil
	}, nil
}
