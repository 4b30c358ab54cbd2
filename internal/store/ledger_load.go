package store

import (
	"context"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// LoadLedger reads the records that the scorecard of one framework needs
// (frameworkID), or of the whole ledger (""): the frameworks, their
// commitments, the projects serving them with their milestones and
// outputs, ordered by project id as Scorecard prefers. It also returns
// the countries of the organisations the projects and outputs name,
// keyed by organisation id, for Scorecard's orgCountry. It reads in one
// transaction, so the records agree with each other.
func (s *Store) LoadLedger(ctx context.Context, frameworkID string) (*ledger.Ledger, map[string]string, error) {
	l := &ledger.Ledger{}
	countries := map[string]string{}
	err := s.inReadTx(ctx, func(q querier) error { return s.readLedger(ctx, q, frameworkID, l, countries) })
	if err != nil {
		return nil, nil, errs.Wrap("load ledger", err)
	}
	return l, countries, nil
}

// readLedger reads in tx what LoadLedger returns, into l and countries.
func (s *Store) readLedger(ctx context.Context, tx querier, frameworkID string, l *ledger.Ledger, countries map[string]string) error {
	fcond, pcond := `1 = 1`, `1 = 1`
	var args []any
	if frameworkID != "" {
		if _, err := byID(ctx, tx, s.frameworks, "framework", frameworkID); err != nil {
			return err
		}
		fcond = `framework_id = ?`
		pcond = `id IN (SELECT pc.project_id FROM project_commitments pc JOIN commitments c ON c.id = pc.value WHERE c.framework_id = ?)`
		args = []any{frameworkID}
	}
	var err error
	if frameworkID == "" {
		l.Frameworks, err = s.frameworks(ctx, tx, `1 = 1`)
	} else {
		l.Frameworks, err = s.frameworks(ctx, tx, `id = ?`, frameworkID)
	}
	if err != nil {
		return err
	}
	if l.Commitments, err = s.commitments(ctx, tx, fcond, args...); err != nil {
		return err
	}
	if l.Projects, err = s.projects(ctx, tx, pcond, args...); err != nil {
		return err
	}
	child := `project_id IN (SELECT id FROM projects WHERE ` + pcond + `)`
	if l.Milestones, err = s.milestones(ctx, tx, child, args...); err != nil {
		return err
	}
	if l.Outputs, err = s.outputs(ctx, tx, child, args...); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT id, country FROM organisations WHERE id IN (
			SELECT org_id FROM project_participants WHERE project_id IN (SELECT id FROM projects WHERE `+pcond+`)
			UNION SELECT ip_holder FROM outputs WHERE `+child+`)`), append(args, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		countries[id] = c
	}
	return rows.Err()
}
