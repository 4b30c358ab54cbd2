package store

import (
	"context"
	"fmt"
)

// bridgeCountsFill counts the capabilities of active organisations by
// country, direction, layer and domain into bridge_counts, and their needs
// by organisation into bridge_needs, both emptied first: what migration
// 0009 does once, and a bulk import at its end.
var bridgeCountsFill = []string{
	`DELETE FROM bridge_counts`,
	`INSERT INTO bridge_counts (country, direction, layer, domain, n)
	SELECT o.country, c.direction, c.layer, c.domain, COUNT(*)
	FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
	WHERE o.status = 'active' AND c.domain <> ''
	GROUP BY o.country, c.direction, c.layer, c.domain`,
	`DELETE FROM bridge_needs`,
	`INSERT INTO bridge_needs (org_seq, country, n)
	SELECT c.org_seq, o.country, COUNT(*)
	FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
	WHERE o.status = 'active' AND c.direction = 'need' AND c.domain <> ''
	GROUP BY c.org_seq, o.country`,
}

// deferBridgeCounts makes a bulk load into an empty SQLite registry count
// the bridge cells once at its end instead of with a trigger per
// capability: it drops the triggers that keep bridge_counts and returns
// the function that creates them again from the definitions SQLite stored
// and counts what the import loaded, to be called before the transaction
// commits (a failed import rolls the drop back). On PostgreSQL, or when
// the registry holds organisations already, it does nothing, like
// deferIndexes.
func (s *Store) deferBridgeCounts(ctx context.Context, tx querier, idx *importIndex) (rebuild func() error, err error) {
	nothing := func() error { return nil }
	if s.dialect != sqlite || len(idx.byID) > 0 {
		return nothing, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'trigger' AND name LIKE 'bridge_counts_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+name+`"`); err != nil {
			return nil, fmt.Errorf("defer trigger %s: %w", name, err)
		}
	}
	return func() error {
		for _, q := range bridgeCountsFill {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("recount bridges: %w", err)
			}
		}
		for i, def := range defs {
			if _, err := tx.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("recreate trigger %s: %w", names[i], err)
			}
		}
		return nil
	}, nil
}
