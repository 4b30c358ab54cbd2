package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// CreateMilestone validates and stores a new milestone of an existing
// project.
func (s *Store) CreateMilestone(ctx context.Context, m *ledger.Milestone) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.createMilestone(ctx, tx, m); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditMilestone, m.ID, nil, m)
	})
	return errs.Wrap("create milestone", err)
}

func (s *Store) createMilestone(ctx context.Context, tx querier, m *ledger.Milestone) error {
	if err := s.checkMilestone(ctx, tx, m); err != nil {
		return err
	}
	if ok, err := s.isTaken(ctx, tx, "milestones", m.ID); err != nil {
		return err
	} else if ok {
		return taken("milestone", m.ID)
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO milestones (id, project_id, title, due, completed, evidence) VALUES (?, ?, ?, ?, ?, ?)`),
		m.ID, m.ProjectID, m.Title, m.Due.String(), m.Completed.String(), m.Evidence)
	return inserted(tx, "milestones", "milestone", m.ID, err)
}

// UpdateMilestone validates and replaces the stored milestone with m.ID.
func (s *Store) UpdateMilestone(ctx context.Context, m *ledger.Milestone) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.milestones, "milestone", m.ID)
		if err != nil {
			return err
		}
		if err := s.updateMilestone(ctx, tx, m); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditMilestone, m.ID, before, m)
	})
	return errs.Wrap("update milestone", err)
}

// updateMilestone checks m and replaces the stored record with its id, without
// an audit entry.
func (s *Store) updateMilestone(ctx context.Context, tx querier, m *ledger.Milestone) error {
	if err := s.checkMilestone(ctx, tx, m); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE milestones SET project_id = ?, title = ?, due = ?, completed = ?, evidence = ? WHERE id = ?`),
		m.ProjectID, m.Title, m.Due.String(), m.Completed.String(), m.Evidence, m.ID); err != nil {
		return err
	}
	return nil
}

// DeleteMilestone removes a milestone.
func (s *Store) DeleteMilestone(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.milestones, "milestone", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM milestones WHERE id = ?`), id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "delete", AuditMilestone, id, before, nil)
	})
	return errs.Wrap("delete milestone", err)
}

// Milestone returns the milestone with id.
func (s *Store) Milestone(ctx context.Context, id string) (*ledger.Milestone, error) {
	m, err := byID(ctx, s.db, s.milestones, "milestone", id)
	if err != nil {
		return nil, errs.Wrap("milestone", err)
	}
	return &m, nil
}

// ListMilestones returns one page of milestones, by project and due date,
// and the total. ProjectID and FrameworkID apply, and the project filters
// (Country, Layer, Domain, Status, Sample) select the milestones' projects.
func (s *Store) ListMilestones(ctx context.Context, q LedgerQuery) ([]ledger.Milestone, int, error) {
	const op = "store: list milestones"
	limit, offset := q.paging()
	w, args := childFilter(q)
	var total int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM milestones`+w), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	ms, err := s.milestones(ctx, s.db, `id IN (SELECT id FROM milestones`+w+` ORDER BY project_id, due, id LIMIT ? OFFSET ?)`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return ms, total, nil
}

// childFilter is the condition on milestones or outputs of q.
func childFilter(q LedgerQuery) (string, []any) {
	var cs []condition
	if q.ProjectID != "" {
		cs = append(cs, condition{`project_id = ?`, []any{q.ProjectID}})
	}
	q.ProjectID = ""
	if pw, pargs := where(projectFilter(q)); pw != "" {
		cs = append(cs, condition{`project_id IN (SELECT id FROM projects` + pw + `)`, pargs})
	}
	return where(cs)
}

func (s *Store) checkMilestone(ctx context.Context, tx querier, m *ledger.Milestone) error {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	var rc refCheck
	if err := rc.need(ctx, s, tx, "projects", "project_id", m.ProjectID, "project"); err != nil {
		return err
	}
	return rc.err("milestone")
}

// milestones reads the milestones that cond selects, by project, due date
// and id.
func (s *Store) milestones(ctx context.Context, q querier, cond string, args ...any) ([]ledger.Milestone, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id, project_id, title, due, completed, evidence FROM milestones WHERE `+cond+` ORDER BY project_id, due, id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ms := []ledger.Milestone{}
	for rows.Next() {
		var m ledger.Milestone
		var due, done string
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Title, &due, &done, &m.Evidence); err != nil {
			return nil, err
		}
		m.Due, m.Completed = parseStoredDate(due), parseStoredDate(done)
		ms = append(ms, m)
	}
	return ms, rows.Err()
}
