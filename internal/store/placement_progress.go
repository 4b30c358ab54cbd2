package store

import (
	"context"
	"database/sql"

	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// The stages of a placement, in order.
const (
	PlacementPlaced    = "placed"
	PlacementStarted   = "started"
	PlacementCompleted = "completed"
	PlacementReturned  = "returned_home"
)

// placementStages lists the stages in order.
var placementStages = []string{PlacementPlaced, PlacementStarted, PlacementCompleted, PlacementReturned}

// Placement is a person placed at a position by a published run, tracked
// until they return home with what they produced (ledger outputs).
type Placement struct {
	ID          string    `json:"id"`
	RoundID     string    `json:"round_id"`
	RunID       string    `json:"run_id"`
	PersonID    string    `json:"person_id"`
	PersonName  string    `json:"person_name"`
	HomeCountry string    `json:"home_country"`
	PositionID  string    `json:"position_id"`
	HostOrg     string    `json:"host_org"`
	Status      string    `json:"status"`
	StartedOn   string    `json:"started_on,omitempty"`
	CompletedOn string    `json:"completed_on,omitempty"`
	ReturnedOn  string    `json:"returned_on,omitempty"`
	Outputs     []string  `json:"outputs"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Progress is an update of a placement: its new stage, the date it was
// reached (YYYY-MM-DD; today when empty) and the ledger outputs it
// produced (replacing those linked before; nil keeps them).
type Progress struct {
	Status  string   `json:"status"`
	On      string   `json:"on"`
	Outputs []string `json:"outputs"`
}

// UpdatePlacement moves a placement forward (placed -> started ->
// completed -> returned_home, never back; staying at a stage updates its
// outputs) and links the ledger outputs it produced.
func (s *Store) UpdatePlacement(ctx context.Context, id string, pr Progress) (*Placement, error) {
	const op = "update placement"
	var out *Placement
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.placementTx(ctx, tx, id)
		if err != nil {
			return err
		}
		var p errs.Problems
		next := slices.Index(placementStages, pr.Status)
		cur := slices.Index(placementStages, before.Status)
		switch {
		case next < 0:
			p.Add("status", "must be one of %s", strings.Join(placementStages, ", "))
		case next < cur:
			p.Add("status", "a placement moves forward: it is %s already", before.Status)
		case next > cur+1:
			p.Add("status", "a placement %s cannot be %s before it is %s", before.Status, pr.Status, placementStages[cur+1])
		}
		on := strings.TrimSpace(pr.On)
		if on == "" {
			on = s.now().UTC().Format(time.DateOnly)
		} else if _, err := time.Parse(time.DateOnly, on); err != nil {
			p.Add("on", "%q is not a date (YYYY-MM-DD)", on)
		}
		for i, o := range pr.Outputs {
			if ok, err := s.exists(ctx, tx, "outputs", o); err != nil {
				return err
			} else if !ok {
				p.Add(fmt.Sprintf("outputs[%d]", i), "no output %q in the ledger", o)
			}
		}
		if err := p.Err(op); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if next != cur {
			col := map[string]string{PlacementStarted: "started_on", PlacementCompleted: "completed_on", PlacementReturned: "returned_on"}[pr.Status]
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placements SET status = ?, `+col+` = ?, updated_at = ? WHERE id = ?`),
				pr.Status, on, s.dialect.timeValue(now), id); err != nil {
				return err
			}
		}
		if pr.Outputs != nil {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_outputs WHERE placement_id = ?`), id); err != nil {
				return err
			}
			seen := map[string]bool{}
			for _, o := range pr.Outputs {
				if seen[o] {
					continue
				}
				seen[o] = true
				if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_outputs (placement_id, output_id) VALUES (?, ?)`), id, o); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placements SET updated_at = ? WHERE id = ?`), s.dialect.timeValue(now), id); err != nil {
				return err
			}
		}
		if out, err = s.placementTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "progress", AuditPlacement, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return out, nil
}

// Placement returns the placement with id.
func (s *Store) Placement(ctx context.Context, id string) (*Placement, error) {
	p, err := s.placementTx(ctx, s.db, id)
	return p, errs.Wrap("get placement", err)
}

// Placements returns a round's placements at the positions of the
// organisations orgIDs, or all of them when orgIDs is nil.
func (s *Store) Placements(ctx context.Context, roundID string, orgIDs []string) ([]*Placement, error) {
	cond, args := `pl.round_id = ?`, []any{roundID}
	if orgIDs != nil {
		if len(orgIDs) == 0 {
			return []*Placement{}, nil
		}
		cond += ` AND pos.host_org IN (` + placeholders(len(orgIDs)) + `)`
		args = append(args, stringsAny(orgIDs)...)
	}
	out, err := s.placements(ctx, s.db, cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list placements: %w", err)
	}
	return out, nil
}

func (s *Store) placementTx(ctx context.Context, q querier, id string) (*Placement, error) {
	ps, err := s.placements(ctx, q, `pl.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errs.E("get placement", errs.NotFound, "no placement %q", id)
	}
	return ps[0], nil
}

func (s *Store) placements(ctx context.Context, q querier, cond string, args ...any) ([]*Placement, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT pl.id, pl.round_id, pl.run_id, pl.person_id, pe.name, pe.home_country, pl.position_id,
		pos.host_org, pl.status, pl.started_on, pl.completed_on, pl.returned_on, pl.updated_at
		FROM placements pl JOIN people pe ON pe.id = pl.person_id JOIN placement_positions pos ON pos.id = pl.position_id
		WHERE `+cond+` ORDER BY pl.position_id, pe.name, pl.id`), args...)
	if err != nil {
		return nil, err
	}
	out := []*Placement{}
	for rows.Next() {
		var p Placement
		if err := rows.Scan(&p.ID, &p.RoundID, &p.RunID, &p.PersonID, &p.PersonName, &p.HomeCountry, &p.PositionID, &p.HostOrg, &p.Status,
			&p.StartedOn, &p.CompletedOn, &p.ReturnedOn, timeScan{&p.UpdatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		p.Outputs = []string{}
		out = append(out, &p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, p := range out {
		ors, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT output_id FROM placement_outputs WHERE placement_id = ? ORDER BY output_id`), p.ID)
		if err != nil {
			return nil, err
		}
		for ors.Next() {
			var o string
			if err := ors.Scan(&o); err != nil {
				ors.Close()
				return nil, err
			}
			p.Outputs = append(p.Outputs, o)
		}
		ors.Close()
	}
	return out, nil
}

// RoundFigures are a round's public aggregates: no person is named.
type RoundFigures struct {
	Positions    int `json:"positions"`
	Seats        int `json:"seats"`
	Applicants   int `json:"applicants"`
	Placed       int `json:"placed"`
	Started      int `json:"started"`   // started or further
	Completed    int `json:"completed"` // completed or further
	ReturnedHome int `json:"returned_home"`
	// Outputs the placements produced, by kind, and how many of them
	// have their IP at home: licensed home, or held by an organisation of
	// the placed person's home country.
	Outputs       int            `json:"outputs"`
	OutputsByKind map[string]int `json:"outputs_by_kind"`
	IPHome        int            `json:"ip_home"`
	IPHomeShare   float64        `json:"ip_home_share"`
}

// Figures returns a round's public aggregates.
func (s *Store) Figures(ctx context.Context, roundID string) (*RoundFigures, error) {
	const op = "store: round figures"
	f := RoundFigures{OutputsByKind: map[string]int{}}
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*), coalesce(sum(capacity), 0) FROM placement_positions WHERE round_id = ?`),
		roundID).Scan(&f.Positions, &f.Seats); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM placement_applications WHERE round_id = ?`), roundID).Scan(&f.Applicants); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT status, count(*) FROM placements WHERE round_id = ? GROUP BY status`), roundID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, err
		}
		stage := slices.Index(placementStages, st)
		f.Placed += n
		if stage >= 1 {
			f.Started += n
		}
		if stage >= 2 {
			f.Completed += n
		}
		if stage >= 3 {
			f.ReturnedHome += n
		}
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, s.dialect.rebind(`SELECT o.kind, CASE WHEN o.licensed_home OR org.country = pe.home_country THEN 1 ELSE 0 END
		FROM placement_outputs po JOIN placements pl ON pl.id = po.placement_id JOIN people pe ON pe.id = pl.person_id
		JOIN outputs o ON o.id = po.output_id LEFT JOIN organisations org ON org.id = o.ip_holder WHERE pl.round_id = ?`), roundID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var home int
		if err := rows.Scan(&kind, &home); err != nil {
			return nil, err
		}
		f.Outputs++
		f.OutputsByKind[kind]++
		f.IPHome += home
	}
	if f.Outputs > 0 {
		f.IPHomeShare = float64(f.IPHome) / float64(f.Outputs)
	}
	return &f, rows.Err()
}
