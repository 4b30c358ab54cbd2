package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Position is a placement a host organisation offers in a round. Its
// host's ranking of applicants is private and read with HostRanking.
type Position struct {
	ID             string    `json:"id"`
	RoundID        string    `json:"round_id"`
	HostOrg        string    `json:"host_org"`
	HostName       string    `json:"host_name,omitempty"`
	Title          string    `json:"title"`
	Lab            string    `json:"lab"`
	City           string    `json:"city"`
	Country        string    `json:"country"`
	Capacity       int       `json:"capacity"`
	Target         *int      `json:"target,omitempty"` // seats kept before the country's cap is shared out; none when nil
	Layers         []string  `json:"layers"`
	Domains        []string  `json:"domains"`
	Requirements   string    `json:"requirements"`
	DurationMonths int       `json:"duration_months"`
	CreatedAt      time.Time `json:"created_at"`
}

// NewPositionID returns a fresh position id.
func NewPositionID() string { return "pos-" + randomID() }

func checkPosition(ps *Position) error {
	var p errs.Problems
	for _, f := range []*string{&ps.Title, &ps.Lab, &ps.City, &ps.Requirements, &ps.HostOrg} {
		*f = strings.TrimSpace(*f)
	}
	ps.Country = strings.ToUpper(strings.TrimSpace(ps.Country))
	if ps.HostOrg == "" {
		p.Add("host_org", "is required")
	}
	if ps.Title == "" {
		p.Add("title", "is required")
	}
	if !registry.IsCountry(ps.Country) {
		p.Add("country", "%q is not an ISO 3166-1 alpha-2 code", ps.Country)
	}
	if ps.Capacity < 1 {
		p.Add("capacity", "must be at least 1")
	}
	if ps.Target != nil && (*ps.Target < 0 || *ps.Target > ps.Capacity) {
		p.Add("target", "must be between 0 and the capacity %d", ps.Capacity)
	}
	if ps.DurationMonths < 0 || ps.DurationMonths > 60 {
		p.Add("duration_months", "must be between 0 and 60")
	}
	if ps.Layers == nil {
		ps.Layers = []string{}
	}
	if ps.Domains == nil {
		ps.Domains = []string{}
	}
	for i, l := range ps.Layers {
		if !registry.IsLayer(l) {
			p.Add(fmt.Sprintf("layers[%d]", i), "%q is not a layer", l)
		}
	}
	for i, d := range ps.Domains {
		ps.Domains[i] = strings.TrimSpace(d)
		if ps.Domains[i] == "" {
			p.Add(fmt.Sprintf("domains[%d]", i), "is empty")
		}
	}
	return p.Err("position")
}

// CreatePosition publishes a position in a round that is not yet past
// its applications' close: the host must be an organisation of the
// registry, and the targets of a capped country must not sum above its
// cap.
func (s *Store) CreatePosition(ctx context.Context, ps *Position) error {
	if err := checkPosition(ps); err != nil {
		return err
	}
	if ps.ID == "" {
		ps.ID = NewPositionID()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.roundTx(ctx, tx, ps.RoundID)
		if err != nil {
			return err
		}
		if r.Status != RoundDraft && r.Status != RoundOpen {
			return errs.E("create position", errs.Conflict, "round %s is %s: positions are published until applications close (%s)",
				r.ID, r.Status, r.ApplicationsClose.Format(time.RFC3339))
		}
		if _, err := s.orgSeq(ctx, tx, ps.HostOrg); err != nil {
			var p errs.Problems
			p.Add("host_org", "no organisation %q", ps.HostOrg)
			return p.Err("position")
		}
		if ok, err := s.exists(ctx, tx, "placement_positions", ps.ID); err != nil {
			return err
		} else if ok {
			return taken("position", ps.ID)
		}
		if err := s.checkTargets(ctx, tx, r, ps); err != nil {
			return err
		}
		target := -1
		if ps.Target != nil {
			target = *ps.Target
		}
		layers, _ := json.Marshal(ps.Layers)
		domains, _ := json.Marshal(ps.Domains)
		now := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_positions (id, round_id, host_org, title, lab, city, country,
			capacity, target, layers, domains, requirements, duration_months, created_at) VALUES (`+placeholders(14)+`)`),
			ps.ID, ps.RoundID, ps.HostOrg, ps.Title, ps.Lab, ps.City, ps.Country, ps.Capacity, target, string(layers), string(domains),
			ps.Requirements, ps.DurationMonths, s.dialect.timeValue(now)); err != nil {
			return err
		}
		stored, err := s.positionTx(ctx, tx, ps.ID)
		if err != nil {
			return err
		}
		*ps = *stored
		return s.recordAudit(ctx, tx, "create", AuditPosition, ps.ID, nil, ps)
	})
	return errs.Wrap("create position", err)
}

// checkTargets checks that ps's target keeps its country's targets within
// the country's cap.
func (s *Store) checkTargets(ctx context.Context, tx querier, r *Round, ps *Position) error {
	if ps.Target == nil {
		return nil
	}
	for _, c := range r.Caps {
		if c.Country != ps.Country {
			continue
		}
		var sum int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT coalesce(sum(target), 0) FROM placement_positions
			WHERE round_id = ? AND country = ? AND target > 0`), r.ID, ps.Country).Scan(&sum); err != nil {
			return err
		}
		if sum+*ps.Target > c.Cap {
			var p errs.Problems
			p.Add("target", "the targets in %s would sum to %d, above its cap %d", ps.Country, sum+*ps.Target, c.Cap)
			return p.Err("position")
		}
	}
	return nil
}

// Position returns the position with id.
func (s *Store) Position(ctx context.Context, id string) (*Position, error) {
	p, err := s.positionTx(ctx, s.db, id)
	return p, errs.Wrap("get position", err)
}

// Positions returns a round's positions in the order they were published.
func (s *Store) Positions(ctx context.Context, roundID string) ([]*Position, error) {
	ps, err := s.positions(ctx, s.db, `p.round_id = ?`, roundID)
	if err != nil {
		return nil, fmt.Errorf("store: list positions: %w", err)
	}
	return ps, nil
}

// HostPositions returns the positions organisation orgID hosts in a round.
func (s *Store) HostPositions(ctx context.Context, roundID, orgID string) ([]*Position, error) {
	ps, err := s.positions(ctx, s.db, `p.round_id = ? AND p.host_org = ?`, roundID, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list host positions: %w", err)
	}
	return ps, nil
}

func (s *Store) positionTx(ctx context.Context, q querier, id string) (*Position, error) {
	ps, err := s.positions(ctx, q, `p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errs.E("get position", errs.NotFound, "no position %q", id)
	}
	return ps[0], nil
}

func (s *Store) positions(ctx context.Context, q querier, cond string, args ...any) ([]*Position, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT p.id, p.round_id, p.host_org, coalesce(o.name, ''), p.title, p.lab, p.city,
		p.country, p.capacity, p.target, p.layers, p.domains, p.requirements, p.duration_months, p.created_at
		FROM placement_positions p LEFT JOIN organisations o ON o.id = p.host_org WHERE `+cond+` ORDER BY p.seq`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Position{}
	for rows.Next() {
		var p Position
		var target int
		var layers, domains string
		if err := rows.Scan(&p.ID, &p.RoundID, &p.HostOrg, &p.HostName, &p.Title, &p.Lab, &p.City, &p.Country, &p.Capacity, &target,
			&layers, &domains, &p.Requirements, &p.DurationMonths, timeScan{&p.CreatedAt}); err != nil {
			return nil, err
		}
		if target >= 0 {
			p.Target = &target
		}
		json.Unmarshal([]byte(layers), &p.Layers)
		json.Unmarshal([]byte(domains), &p.Domains)
		out = append(out, &p)
	}
	return out, rows.Err()
}

// HostRanking returns a position's ranking of its applicants.
func (s *Store) HostRanking(ctx context.Context, positionID string) (Ranking, error) {
	var text string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT ranking FROM placement_positions WHERE id = ?`), positionID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("get ranking", errs.NotFound, "no position %q", positionID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get ranking: %w", err)
	}
	return parseRanking(text), nil
}

// SetHostRanking replaces a position's ranking of applicants: people who
// applied to it, most preferred first, ties as groups. Hosts rank until
// the round's ranking closes.
func (s *Store) SetHostRanking(ctx context.Context, positionID string, rk Ranking) (Ranking, error) {
	const op = "rank applicants"
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ps, err := s.positionTx(ctx, tx, positionID)
		if err != nil {
			return err
		}
		r, err := s.roundTx(ctx, tx, ps.RoundID)
		if err != nil {
			return err
		}
		if r.Status != RoundOpen && r.Status != RoundRanking {
			return errs.E(op, errs.Conflict, "round %s is %s: hosts rank applicants until ranking closes (%s)",
				r.ID, r.Status, r.RankingClose.Format(time.RFC3339))
		}
		applied, err := s.choosers(ctx, tx, positionID)
		if err != nil {
			return err
		}
		var p errs.Problems
		rk.check(&p, "ranking", func(id string) string {
			if !applied[id] {
				return fmt.Sprintf("%q did not apply to position %s", id, positionID)
			}
			return ""
		})
		if err := p.Err(op); err != nil {
			return err
		}
		var before string
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT ranking FROM placement_positions WHERE id = ?`), positionID).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_positions SET ranking = ? WHERE id = ?`), rk.text(), positionID); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "rank", AuditRanking, positionID, parseRanking(before), rk)
	})
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return rk, nil
}

// choosers returns the people whose application lists the position.
func (s *Store) choosers(ctx context.Context, q querier, positionID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT person_id FROM placement_choices WHERE position_id = ?`), positionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
