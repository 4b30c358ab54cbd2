package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyPlacements counts the placements of home's people (by their
// home country) at positions in other countries, once per layer of the
// position, in the year the placement started or, before that, the year
// its round's results were due. Positions without a layer are left out.
// Every placement of a published run counts, whatever its progress.
func (s *Store) sovereigntyPlacements(ctx context.Context, q querier, home string) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourcePlacements}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`
		SELECT pos.country, pos.layers, pl.started_on, r.results_due
		FROM placements pl
		JOIN people p ON p.id = pl.person_id
		JOIN placement_positions pos ON pos.id = pl.position_id
		JOIN placement_rounds r ON r.id = pl.round_id
		WHERE p.home_country = ? AND pos.country <> ?
		ORDER BY pl.id`), home, home)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty placements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var country, layersJSON, started, due string
		if err := rows.Scan(&country, &layersJSON, &started, &due); err != nil {
			return src, fmt.Errorf("store: sovereignty placements: %w", err)
		}
		var layers []string
		if err := json.Unmarshal([]byte(layersJSON), &layers); err != nil {
			return src, fmt.Errorf("store: sovereignty placements: layers %q: %w", layersJSON, err)
		}
		year := sovereigntyYear(started)
		if year == 0 {
			year = sovereigntyYear(due)
		}
		for _, l := range layers {
			src.Records = append(src.Records, sovereignty.Record{Partner: country, Layer: l, Year: year, Weight: 1})
		}
	}
	return src, rows.Err()
}
