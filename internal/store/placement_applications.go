package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// Application is an applicant's application to a round: the positions it
// ranks. It is private to the applicant, the secretariat and the hosts of
// the positions it ranks.
type Application struct {
	RoundID   string    `json:"round_id"`
	PersonID  string    `json:"person_id"`
	Ranking   Ranking   `json:"ranking"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Applicant is what a host sees of a person who applied to one of its
// positions.
type Applicant struct {
	PersonID    string   `json:"person_id"`
	Name        string   `json:"name"`
	HomeCountry string   `json:"home_country"`
	Skills      []string `json:"skills"`
	Domains     []string `json:"domains"`
	Rank        int      `json:"rank,omitempty"` // in the host's ranking, 0 when not ranked
}

// SetApplication stores a person's application to a round, replacing an
// earlier one: the ranking lists positions of the round, ties as groups.
// Applicants apply until the round's applications close.
func (s *Store) SetApplication(ctx context.Context, a *Application) error {
	const op = "apply"
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.roundTx(ctx, tx, a.RoundID)
		if err != nil {
			return err
		}
		if r.Status != RoundOpen {
			return errs.E(op, errs.Conflict, "round %s is %s: applications are open from %s until %s", r.ID, r.Status,
				r.PositionsOpen.Format(time.RFC3339), r.ApplicationsClose.Format(time.RFC3339))
		}
		if _, err := s.person(ctx, tx, a.PersonID); err != nil {
			var p errs.Problems
			p.Add("person", "no person %q", a.PersonID)
			return p.Err(op)
		}
		ps, err := s.positions(ctx, tx, `p.round_id = ?`, a.RoundID)
		if err != nil {
			return err
		}
		in := map[string]bool{}
		for _, p := range ps {
			in[p.ID] = true
		}
		var p errs.Problems
		a.Ranking.check(&p, "ranking", func(id string) string {
			if !in[id] {
				return fmt.Sprintf("no position %q in round %s", id, a.RoundID)
			}
			return ""
		})
		if len(a.Ranking) == 0 && len(p) == 0 {
			p.Add("ranking", "lists no position")
		}
		if err := p.Err(op); err != nil {
			return err
		}
		before, err := s.applicationTx(ctx, tx, a.RoundID, a.PersonID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if before == nil {
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_applications (round_id, person_id, ranking, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?)`), a.RoundID, a.PersonID, a.Ranking.text(), s.dialect.timeValue(now), s.dialect.timeValue(now))
		} else {
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_applications SET ranking = ?, updated_at = ? WHERE round_id = ? AND person_id = ?`),
				a.Ranking.text(), s.dialect.timeValue(now), a.RoundID, a.PersonID)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_choices WHERE round_id = ? AND person_id = ?`), a.RoundID, a.PersonID); err != nil {
			return err
		}
		for _, pos := range a.Ranking.IDs() {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_choices (round_id, person_id, position_id) VALUES (?, ?, ?)`),
				a.RoundID, a.PersonID, pos); err != nil {
				return err
			}
		}
		stored, err := s.applicationTx(ctx, tx, a.RoundID, a.PersonID)
		if err != nil {
			return err
		}
		*a = *stored
		action := "apply"
		if before != nil {
			action = "update"
		}
		return s.recordAudit(ctx, tx, action, AuditApplication, a.RoundID+"/"+a.PersonID, before, a)
	})
	return errs.Wrap(op, err)
}

// Application returns a person's application to a round.
func (s *Store) Application(ctx context.Context, roundID, personID string) (*Application, error) {
	a, err := s.applicationTx(ctx, s.db, roundID, personID)
	return a, errs.Wrap("get application", err)
}

func (s *Store) applicationTx(ctx context.Context, q querier, roundID, personID string) (*Application, error) {
	a := Application{RoundID: roundID, PersonID: personID}
	var text string
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT ranking, created_at, updated_at FROM placement_applications
		WHERE round_id = ? AND person_id = ?`), roundID, personID).Scan(&text, timeScan{&a.CreatedAt}, timeScan{&a.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("get application", errs.NotFound, "%s has not applied to round %s", personID, roundID)
	}
	if err != nil {
		return nil, err
	}
	a.Ranking = parseRanking(text)
	return &a, nil
}

// PositionApplicants returns the people who applied to a position, those
// its host ranked first in the host's order, then the others by name.
func (s *Store) PositionApplicants(ctx context.Context, positionID string) ([]Applicant, error) {
	rk, err := s.HostRanking(ctx, positionID)
	if err != nil {
		return nil, err
	}
	ids, err := s.choosers(ctx, s.db, positionID)
	if err != nil {
		return nil, fmt.Errorf("store: position applicants: %w", err)
	}
	out := []Applicant{}
	for id := range ids {
		p, err := s.person(ctx, s.db, id)
		if err != nil {
			return nil, fmt.Errorf("store: position applicants: %w", err)
		}
		out = append(out, Applicant{PersonID: id, Name: p.Name, HomeCountry: p.HomeCountry, Skills: p.Skills, Domains: p.Domains, Rank: rk.Rank(id)})
	}
	sortApplicants(out)
	return out, nil
}

func sortApplicants(as []Applicant) {
	key := func(a Applicant) int {
		if a.Rank == 0 {
			return 1 << 30
		}
		return a.Rank
	}
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && (key(as[j]) < key(as[j-1]) || key(as[j]) == key(as[j-1]) && as[j].Name < as[j-1].Name); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// AppliedToHost reports whether person applied, in a round, to a position
// that one of the organisations orgIDs hosts: the hosts who may see the
// person's application and result.
func (s *Store) AppliedToHost(ctx context.Context, roundID, personID string, orgIDs []string) (bool, error) {
	if len(orgIDs) == 0 {
		return false, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM placement_choices c JOIN placement_positions p ON p.id = c.position_id
		WHERE c.round_id = ? AND c.person_id = ? AND p.host_org IN (`+placeholders(len(orgIDs))+`)`),
		append([]any{roundID, personID}, stringsAny(orgIDs)...)...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: applied to host: %w", err)
	}
	return n > 0, nil
}

// WithdrawApplication removes a person's application to a round while
// applications are open, in one transaction: the application, the
// positions it ranked, and the person's place in every host ranking of
// the round, so that no host sees or ranks the person any more. After
// the deadline it is a conflict naming the round's status and deadline.
func (s *Store) WithdrawApplication(ctx context.Context, roundID, personID string) error {
	const op = "withdraw application"
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.roundTx(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Status != RoundOpen {
			return errs.E(op, errs.Conflict, "round %s is %s: applications may be withdrawn from %s until %s", r.ID, r.Status,
				r.PositionsOpen.Format(time.RFC3339), r.ApplicationsClose.Format(time.RFC3339))
		}
		before, err := s.applicationTx(ctx, tx, roundID, personID)
		if err != nil {
			return err
		}
		if err := s.unrankTx(ctx, tx, roundID, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_choices WHERE round_id = ? AND person_id = ?`), roundID, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_applications WHERE round_id = ? AND person_id = ?`), roundID, personID); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "withdraw", AuditApplication, roundID+"/"+personID, before, nil)
	})
	return errs.Wrap(op, err)
}

// unrankTx removes a person from the host rankings of a round's
// positions, auditing each ranking it changes.
func (s *Store) unrankTx(ctx context.Context, tx *sql.Tx, roundID, personID string) error {
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT id, ranking FROM placement_positions WHERE round_id = ? ORDER BY seq`), roundID)
	if err != nil {
		return err
	}
	type change struct {
		id            string
		before, after Ranking
	}
	var changes []change
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return err
		}
		rk := parseRanking(text)
		if rk.Rank(personID) == 0 {
			continue
		}
		changes = append(changes, change{id, rk, rk.without(personID)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_positions SET ranking = ? WHERE id = ?`), c.after.text(), c.id); err != nil {
			return err
		}
		if err := s.recordAudit(ctx, tx, "withdraw", AuditRanking, c.id, c.before, c.after); err != nil {
			return err
		}
	}
	return nil
}
