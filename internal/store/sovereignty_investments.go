package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyInvestments counts the desk's investment leads whose
// destination is home and whose investor comes from another country: a
// lead counts once per layer, for its origin country, in the year it
// first reached the memorandum stage or a later one (its stage history),
// if it is not lost. Amounts are confidential and never read. Cells of a
// partner, layer and year with fewer than sovereignty.MinLeads leads are
// pooled (sovereignty.PoolSmallCells), so no single lead shows.
func (s *Store) sovereigntyInvestments(ctx context.Context, q querier, home string) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourceInvestments}
	reached := desk.Stages[desk.StageIndex(desk.Memorandum):]
	var stages []any
	for _, t := range reached {
		if t.Code != desk.Lost {
			stages = append(stages, t.Code)
		}
	}
	args := append([]any{home, home, desk.Lost}, stages...)
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT l.id, l.origin_country, l.layers, MIN(st.at)
		FROM desk_leads l JOIN desk_lead_stages st ON st.lead_id = l.id
		WHERE l.destination_country = ? AND l.origin_country <> ? AND l.stage <> ? AND l.layers <> ''
			AND st.stage IN (`+placeholders(len(stages))+`)
		GROUP BY l.id, l.origin_country, l.layers
		ORDER BY l.id`), args...)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty investments: %w", err)
	}
	defer rows.Close()
	var records []sovereignty.Record
	for rows.Next() {
		var id, origin, layers string
		var at sql.NullString
		if err := rows.Scan(&id, &origin, &layers, &at); err != nil {
			return src, fmt.Errorf("store: sovereignty investments: %w", err)
		}
		year := sovereigntyYear(at.String)
		for _, l := range strings.Split(layers, ",") {
			records = append(records, sovereignty.Record{Partner: origin, Layer: l, Year: year, Weight: 1})
		}
	}
	if err := rows.Err(); err != nil {
		return src, fmt.Errorf("store: sovereignty investments: %w", err)
	}
	src.Records = sovereignty.PoolSmallCells(records, sovereignty.MinLeads)
	return src, nil
}
