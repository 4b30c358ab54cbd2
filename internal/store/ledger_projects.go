package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

const projectColumns = `id, reporting_org, title, description, status, planned_start, planned_end, actual_start, actual_end,
	parent_id, sample, prov_source, prov_source_id, prov_release, prov_licence`

// projectLists are the child tables holding a project's value lists.
var projectLists = []string{"project_countries", "project_layers", "project_domains", "project_commitments"}

// CreateProject validates and stores a new project. Its participants'
// organisations and the commitments it serves must exist.
func (s *Store) CreateProject(ctx context.Context, p *ledger.Project) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.createProject(ctx, tx, p); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditProject, p.ID, nil, p)
	})
	return errs.Wrap("create project", err)
}

// createProject checks and inserts p without an audit entry, so an import
// can record one summary entry instead.
func (s *Store) createProject(ctx context.Context, tx querier, p *ledger.Project) error {
	if err := s.checkProject(ctx, tx, p); err != nil {
		return err
	}
	if ok, err := s.isTaken(ctx, tx, "projects", p.ID); err != nil {
		return err
	} else if ok {
		return taken("project", p.ID)
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO projects (`+projectColumns+`) VALUES (`+placeholders(15)+`)`),
		projectArgs(p)...)
	if err := inserted(tx, "projects", "project", p.ID, err); err != nil {
		return err
	}
	return s.writeProjectLists(ctx, tx, p)
}

// UpdateProject validates and replaces the stored project with p.ID.
func (s *Store) UpdateProject(ctx context.Context, p *ledger.Project) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.projects, "project", p.ID)
		if err != nil {
			return err
		}
		if err := s.updateProject(ctx, tx, p); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditProject, p.ID, before, p)
	})
	return errs.Wrap("update project", err)
}

// updateProject checks p and replaces the stored record with its id, without
// an audit entry.
func (s *Store) updateProject(ctx context.Context, tx querier, p *ledger.Project) error {
	if err := s.checkProject(ctx, tx, p); err != nil {
		return err
	}
	args := append(projectArgs(p)[1:], p.ID)
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE projects SET reporting_org = ?, title = ?, description = ?, status = ?,
		planned_start = ?, planned_end = ?, actual_start = ?, actual_end = ?, parent_id = ?, sample = ?,
		prov_source = ?, prov_source_id = ?, prov_release = ?, prov_licence = ? WHERE id = ?`), args...); err != nil {
		return err
	}
	if err := s.writeProjectLists(ctx, tx, p); err != nil {
		return err
	}
	return nil
}

// DeleteProject removes a project with its milestones and outputs. A
// project with children is a conflict.
func (s *Store) DeleteProject(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.projects, "project", id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM projects WHERE parent_id = ?`), id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return inUse("project", id, fmt.Sprintf("%d child projects", n))
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM projects WHERE id = ?`), id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "delete", AuditProject, id, before, nil)
	})
	return errs.Wrap("delete project", err)
}

// Project returns the project with id.
func (s *Store) Project(ctx context.Context, id string) (*ledger.Project, error) {
	p, err := byID(ctx, s.db, s.projects, "project", id)
	if err != nil {
		return nil, errs.Wrap("project", err)
	}
	return &p, nil
}

// ListProjects returns one page of projects, by id, and the total.
// Country is a recipient country; Status an IATI activity status code;
// FrameworkID selects projects serving a commitment of the framework.
func (s *Store) ListProjects(ctx context.Context, q LedgerQuery) ([]ledger.Project, int, error) {
	const op = "store: list projects"
	limit, offset := q.paging()
	w, args := where(projectFilter(q))
	var total int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM projects`+w), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	ps, err := s.projects(ctx, s.db, `id IN (SELECT id FROM projects`+w+` ORDER BY id LIMIT ? OFFSET ?)`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return ps, total, nil
}

func projectFilter(q LedgerQuery) []condition {
	var cs []condition
	if q.Country != "" {
		cs = append(cs, condition{`id IN (SELECT project_id FROM project_countries WHERE value = ?)`, []any{q.Country}})
	}
	if q.Layer != "" {
		cs = append(cs, condition{`id IN (SELECT project_id FROM project_layers WHERE value = ?)`, []any{q.Layer}})
	}
	if q.Domain != "" {
		cs = append(cs, condition{`id IN (SELECT project_id FROM project_domains WHERE value = ?)`, []any{q.Domain}})
	}
	if q.Status != "" {
		cs = append(cs, condition{`status = ?`, []any{q.Status}})
	}
	if q.FrameworkID != "" {
		cs = append(cs, condition{`id IN (SELECT pc.project_id FROM project_commitments pc JOIN commitments c ON c.id = pc.value WHERE c.framework_id = ?)`, []any{q.FrameworkID}})
	}
	if q.Sample != nil {
		cs = append(cs, condition{`sample = ?`, []any{*q.Sample}})
	}
	return cs
}

func (s *Store) checkProject(ctx context.Context, tx querier, p *ledger.Project) error {
	v, err := s.ledgerVocabulary(ctx, tx)
	if err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(v); err != nil {
		return err
	}
	var rc refCheck
	for i, pt := range p.Participants {
		if err := rc.need(ctx, s, tx, "organisations", fmt.Sprintf("participants[%d].org_id", i), pt.OrgID, "organisation"); err != nil {
			return err
		}
	}
	for i, c := range p.Commitments {
		if err := rc.need(ctx, s, tx, "commitments", fmt.Sprintf("commitments[%d]", i), c, "commitment"); err != nil {
			return err
		}
	}
	// The parent may be another publisher's activity, not in the store;
	// one that is must not make the project its own ancestor.
	for parent, depth := p.ParentID, 0; parent != "" && depth < 1000; depth++ {
		if parent == p.ID {
			rc.p.Add("parent_id", "%q would make the project its own ancestor", p.ParentID)
			break
		}
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT parent_id FROM projects WHERE id = ?`), parent).Scan(&parent)
		if err == sql.ErrNoRows {
			break
		} else if err != nil {
			return err
		}
	}
	return rc.err("project")
}

func projectArgs(p *ledger.Project) []any {
	return []any{p.ID, p.ReportingOrg, p.Title, p.Description, int(p.Status), p.PlannedStart.String(), p.PlannedEnd.String(),
		p.ActualStart.String(), p.ActualEnd.String(), p.ParentID, p.Sample,
		p.Provenance.Source, p.Provenance.SourceID, p.Provenance.Release, p.Provenance.Licence}
}

func (s *Store) writeProjectLists(ctx context.Context, tx querier, p *ledger.Project) error {
	for _, t := range []string{"project_participants", "budgets", "transactions"} {
		if freshRecord(tx) {
			break
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM `+t+` WHERE project_id = ?`), p.ID); err != nil {
			return err
		}
	}
	countries, err := s.participantCountries(ctx, tx, p) // for the sovereignty view (sovereignty_countries.go)
	if err != nil {
		return err
	}
	args := make([]any, 0, 6*max(len(p.Participants), len(p.Budgets), len(p.Transactions)))
	for i, pt := range p.Participants {
		args = append(args, p.ID, i, pt.OrgID, int(pt.Role), pt.Home, countries[i])
	}
	if err := s.insertLedgerRows(ctx, tx, `project_participants (project_id, pos, org_id, role, home, country)`, 6, args); err != nil {
		return err
	}
	if err := s.writeSovereigntyProject(ctx, tx, p, countries); err != nil {
		return err
	}
	args = args[:0]
	for i, b := range p.Budgets {
		args = append(args, p.ID, i, b.PeriodStart.String(), b.PeriodEnd.String(), int64(b.Value), b.Currency)
	}
	if err := s.insertLedgerRows(ctx, tx, `budgets (project_id, pos, period_start, period_end, value, currency)`, 6, args); err != nil {
		return err
	}
	args = args[:0]
	for i, t := range p.Transactions {
		args = append(args, p.ID, i, int(t.Type), t.Date.String(), int64(t.Value), t.Currency)
	}
	if err := s.insertLedgerRows(ctx, tx, `transactions (project_id, pos, type, date, value, currency)`, 6, args); err != nil {
		return err
	}
	for i, vals := range [][]string{p.Countries, p.Layers, p.Domains, p.Commitments} {
		if err := s.writeValues(ctx, tx, projectLists[i], "project_id", p.ID, vals); err != nil {
			return err
		}
	}
	return nil
}
