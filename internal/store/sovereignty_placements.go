package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyPosition is what the placements source needs of a position.
type sovereigntyPosition struct {
	country string
	layers  []string
	due     int // the year its round's results were due
	counts  map[int]int
}

// sovereigntyPlacements counts the placements of home's people (by their
// home country) at positions in other countries, once per layer of the
// position, in the year the placement started or, before that, the year
// its round's results were due. Positions without a layer are left out.
// Every placement of a published run counts, whatever its progress.
//
// Positions and rounds are few: they are read first and joined in Go.
// The placements are counted per home country, position and start date
// by triggers (migration 0010) and summed per year in Go.
func (s *Store) sovereigntyPlacements(ctx context.Context, q querier, home string) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourcePlacements}
	prows, err := q.QueryContext(ctx, `SELECT pos.id, pos.country, pos.layers, r.results_due
		FROM placement_positions pos JOIN placement_rounds r ON r.id = pos.round_id`)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty positions: %w", err)
	}
	defer prows.Close()
	positions := map[string]*sovereigntyPosition{}
	for prows.Next() {
		var id, layersJSON, due string
		p := &sovereigntyPosition{counts: map[int]int{}}
		if err := prows.Scan(&id, &p.country, &layersJSON, &due); err != nil {
			return src, fmt.Errorf("store: sovereignty positions: %w", err)
		}
		if err := json.Unmarshal([]byte(layersJSON), &p.layers); err != nil {
			return src, fmt.Errorf("store: sovereignty positions: %s: layers %q: %w", id, layersJSON, err)
		}
		p.due = sovereigntyYear(due)
		if p.country != home && len(p.layers) > 0 {
			positions[id] = p
		}
	}
	if err := prows.Err(); err != nil {
		return src, fmt.Errorf("store: sovereignty positions: %w", err)
	}
	if len(positions) == 0 {
		return src, nil
	}

	// A placement carries its person's home country when it was published
	// (sovereignty_countries.go); triggers keep the counts per home
	// country, position and start date (migration 0010).
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`
		SELECT position_id, started_on, n FROM sovereignty_placements
		WHERE home_country = ? AND n > 0`), home)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty placements: %w", err)
	}
	defer rows.Close()
	var posID, started sql.RawBytes
	var n int
	for rows.Next() {
		if err := rows.Scan(&posID, &started, &n); err != nil {
			return src, fmt.Errorf("store: sovereignty placements: %w", err)
		}
		p := positions[string(posID)]
		if p == nil {
			continue
		}
		year := sovereigntyYear(string(started))
		if year == 0 {
			year = p.due
		}
		p.counts[year] += n
	}
	if err := rows.Err(); err != nil {
		return src, fmt.Errorf("store: sovereignty placements: %w", err)
	}
	for _, id := range slices.Sorted(maps.Keys(positions)) { // a fixed order
		p := positions[id]
		for _, year := range slices.Sorted(maps.Keys(p.counts)) {
			n := p.counts[year]
			for _, l := range p.layers {
				src.Records = append(src.Records, sovereignty.Record{Partner: p.country, Layer: l, Year: year, Weight: float64(n)})
			}
		}
	}
	return src, nil
}
