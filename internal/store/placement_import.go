package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/placement"
)

// ImportSummary counts what ImportRound stored.
type ImportSummary struct {
	Applications int `json:"applications"`
	Rankings     int `json:"rankings"`
	Caps         int `json:"caps"`
}

// ImportRound reads ROUND.json (the format of setu match) into a round
// that has no run yet, in one transaction: applicants are people of the
// registry and positions the round's own; each application and host
// ranking is replaced by the file's, each region (a country) becomes a
// cap with the region's order of its positions, and each position's
// target is set; a seed replaces the round's.
// Every problem is reported with its JSON path and nothing is stored.
func (s *Store) ImportRound(ctx context.Context, roundID string, data []byte) (*ImportSummary, error) {
	const op = "import round"
	in, problems := placement.ReadRound(data)
	if problems != nil {
		return nil, pathProblems(op, problems)
	}
	var sum ImportSummary
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.roundTx(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Runs > 0 {
			return errs.E(op, errs.Conflict, "round %s is %s: its input is kept as its runs read it", roundID, r.Status)
		}
		ps, err := s.positions(ctx, tx, `p.round_id = ?`, roundID)
		if err != nil {
			return err
		}
		byID := map[string]*Position{}
		for _, p := range ps {
			byID[p.ID] = p
		}
		var bad []string
		for i, a := range in.Applicants {
			if _, err := s.person(ctx, tx, a.ID); err != nil {
				bad = append(bad, fmt.Sprintf("applicants[%d].id: no person %q in the registry", i, a.ID))
			}
		}
		for i, p := range in.Positions {
			switch ps := byID[p.ID]; {
			case ps == nil:
				bad = append(bad, fmt.Sprintf("positions[%d].id: no position %q in round %s", i, p.ID, roundID))
			case p.Capacity != ps.Capacity:
				bad = append(bad, fmt.Sprintf("positions[%d].capacity: %d, but position %s has %d seats", i, p.Capacity, p.ID, ps.Capacity))
			}
		}
		if len(in.ApplicantOrder) > 0 || len(in.PositionOrder) > 0 {
			bad = append(bad, "tiebreak: a stored round breaks ties by its seeded lottery; remove the master orders")
		}
		for i, reg := range in.Regions {
			for k, p := range reg.Positions {
				if ps := byID[in.Positions[p].ID]; ps != nil && ps.Country != reg.ID {
					bad = append(bad, fmt.Sprintf("regions[%d].order[%d]: position %s is in %s, not %s", i, k, ps.ID, ps.Country, reg.ID))
				}
			}
		}
		regionOf := map[string]string{}
		for _, reg := range in.Regions {
			for _, p := range reg.Positions {
				regionOf[in.Positions[p].ID] = reg.ID
			}
		}
		for i, p := range in.Positions {
			ps := byID[p.ID]
			if ps == nil || regionOf[p.ID] == ps.Country {
				continue
			}
			for _, reg := range in.Regions {
				if reg.ID == ps.Country {
					bad = append(bad, fmt.Sprintf("positions[%d].region: position %s is in %s, which regions caps: set \"region\": %q", i, p.ID, ps.Country, ps.Country))
				}
			}
		}
		if len(bad) > 0 {
			return pathProblems(op, bad)
		}
		before := struct {
			Round *Round `json:"round"`
		}{r}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_applications WHERE round_id = ?`), roundID); err != nil {
			return err
		}
		now := s.dialect.timeValue(s.now())
		for _, a := range in.Applicants {
			rk := rankingOf(a.Prefs, a.Tied, func(i int32) string { return in.Positions[i].ID })
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_applications (round_id, person_id, ranking, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?)`), roundID, a.ID, rk.text(), now, now); err != nil {
				return err
			}
			for _, p := range rk.IDs() {
				if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_choices (round_id, person_id, position_id) VALUES (?, ?, ?)`),
					roundID, a.ID, p); err != nil {
					return err
				}
			}
			sum.Applications++
		}
		target := map[string]int{}
		for _, reg := range in.Regions {
			for _, p := range reg.Positions {
				target[in.Positions[p].ID] = in.Positions[p].Target
			}
		}
		for _, p := range ps {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_positions SET ranking = '[]', target = -1 WHERE id = ?`), p.ID); err != nil {
				return err
			}
		}
		for _, p := range in.Positions {
			rk := rankingOf(p.Prefs, p.Tied, func(i int32) string { return in.Applicants[i].ID })
			t, ok := target[p.ID]
			if !ok {
				t = -1
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_positions SET ranking = ?, target = ? WHERE id = ?`), rk.text(), t, p.ID); err != nil {
				return err
			}
			sum.Rankings++
		}
		var caps []Cap
		for _, reg := range in.Regions {
			caps = append(caps, Cap{Country: reg.ID, Cap: reg.Cap})
		}
		if err := s.writeCaps(ctx, tx, roundID, caps); err != nil {
			return err
		}
		sum.Caps = len(caps)
		if err := s.writeRegionOrders(ctx, tx, roundID, in); err != nil {
			return err
		}
		if in.Lottery {
			if in.Seed > maxSeed {
				return pathProblems(op, []string{fmt.Sprintf("seed: must be at most %d", uint64(maxSeed))})
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_rounds SET seed = ? WHERE id = ?`), int64(in.Seed), roundID); err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, tx, "import", AuditRound, roundID, before, sum)
	})
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return &sum, nil
}

// writeRegionOrders replaces a round's region orders by those of in:
// each region's positions in its order (the file's "order", or the order
// its positions appear in), so that a run hands out the room under each
// cap as setu match on the file does.
func (s *Store) writeRegionOrders(ctx context.Context, tx *sql.Tx, roundID string, in *placement.Instance) error {
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_region_orders WHERE round_id = ?`), roundID); err != nil {
		return err
	}
	for _, reg := range in.Regions {
		ids := make([]string, len(reg.Positions))
		for i, p := range reg.Positions {
			ids[i] = in.Positions[p].ID
		}
		b, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_region_orders (round_id, country, positions) VALUES (?, ?, ?)`),
			roundID, reg.ID, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// regionOrders returns a round's stored region orders: position ids by
// country.
func (s *Store) regionOrders(ctx context.Context, q querier, roundID string) (map[string][]string, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT country, positions FROM placement_region_orders WHERE round_id = ?`), roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var country, text string
		if err := rows.Scan(&country, &text); err != nil {
			return nil, err
		}
		var ids []string
		if err := json.Unmarshal([]byte(text), &ids); err != nil {
			return nil, fmt.Errorf("region order of %s in round %s: %w", country, roundID, err)
		}
		out[country] = ids
	}
	return out, rows.Err()
}

// rankingOf turns an engine preference list back into a ranking.
func rankingOf(prefs []int32, tied []bool, id func(int32) string) Ranking {
	rk := Ranking{}
	for i, x := range prefs {
		if tied != nil && tied[i] && len(rk) > 0 {
			rk[len(rk)-1] = append(rk[len(rk)-1], id(x))
		} else {
			rk = append(rk, []string{id(x)})
		}
	}
	return rk
}

// pathProblems makes an invalid-input error of problems that start with
// their JSON path ("positions[3].prefs[5]: unknown applicant").
func pathProblems(op string, problems []string) error {
	var p errs.Problems
	for _, x := range problems {
		path, msg, ok := strings.Cut(x, ": ")
		if !ok || strings.ContainsAny(path, " \"") {
			path, msg = "", x
		}
		p.Add(path, "%s", msg)
	}
	return p.Err(op)
}
