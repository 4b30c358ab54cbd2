package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// ConvertIntroduction turns an accepted introduction into project p of
// the ledger, in one transaction: both organisations are added to p's
// participants (as implementing) unless already there, the project is
// created, and the introduction is marked converted with the project's
// id. Converting an introduction that is not accepted is a conflict.
func (s *Store) ConvertIntroduction(ctx context.Context, id string, p *ledger.Project) (*Introduction, error) {
	const op = "convert introduction"
	var out *Introduction
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.introductionTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != IntroAccepted {
			return errs.E(op, errs.Conflict, "introduction %s is %s; only an accepted introduction becomes a project", id, before.Status)
		}
		for _, org := range []string{before.From, before.To} {
			if !slices.ContainsFunc(p.Participants, func(pt ledger.Participant) bool { return pt.OrgID == org }) {
				p.Participants = append(p.Participants, ledger.Participant{OrgID: org, Role: ledger.RoleImplementing})
			}
		}
		if err := s.createProject(ctx, tx, p); err != nil {
			return err
		}
		if err := s.recordAudit(ctx, tx, "create", AuditProject, p.ID, nil, p); err != nil {
			return err
		}
		at := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE introductions SET status = ?, project_id = ?, converted_at = ? WHERE id = ?`),
			IntroConverted, p.ID, s.dialect.timeValue(at), id); err != nil {
			return err
		}
		if err := s.introEvent(ctx, tx, id, at, IntroConverted); err != nil {
			return err
		}
		if out, err = s.introductionTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "convert", AuditIntroduction, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s %s: %w", op, id, err))
	}
	return out, nil
}
