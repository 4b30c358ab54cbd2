package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// PersonResult is a person's result in the published run of a round:
// the position received ("" when not placed) and why not a position ranked
// higher. Results of runs not yet published are left out of a person's
// export, as they are of the person's own view, until the round publishes.
type PersonResult struct {
	RoundID     string `json:"round_id"`
	RunID       string `json:"run_id"`
	PositionID  string `json:"position_id"`
	Explanation []Why  `json:"explanation"`
}

// personPlacementData reads, within tx, what the placement rounds hold
// about person id: applications, published results and placements.
func (s *Store) personPlacementData(ctx context.Context, tx querier, id string, x *PersonExport) error {
	x.Applications, x.Results, x.Placements = []Application{}, []PersonResult{}, []*Placement{}
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT round_id FROM placement_applications WHERE person_id = ? ORDER BY round_id`), id)
	if err != nil {
		return err
	}
	var rounds []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return err
		}
		rounds = append(rounds, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range rounds {
		a, err := s.applicationTx(ctx, tx, r, id)
		if err != nil {
			return err
		}
		x.Applications = append(x.Applications, *a)
	}

	rows, err = tx.QueryContext(ctx, s.dialect.rebind(`SELECT r.id, a.run_id, a.position_id, a.explanation
		FROM placement_run_assignments a JOIN placement_rounds r ON r.published_run = a.run_id
		WHERE a.person_id = ? ORDER BY r.id`), id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var res PersonResult
		var text string
		if err := rows.Scan(&res.RoundID, &res.RunID, &res.PositionID, &text); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(text), &res.Explanation); err != nil {
			return fmt.Errorf("result in round %s: %w", res.RoundID, err)
		}
		x.Results = append(x.Results, res)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	x.Placements, err = s.placements(ctx, tx, "pl.person_id = ?", id)
	return err
}
