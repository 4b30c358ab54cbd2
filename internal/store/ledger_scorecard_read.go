package store

import (
	"context"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// scorecardRecords reads the whole ledger as ledger.Scorecard needs it and
// no more: the frameworks and commitments whole; of each project its id,
// status, actual end, sample flag, home participant, budgets, the
// transactions Scorecard sums (types 2, 3 and 4) and the commitments it
// serves; of milestones their project and dates; of outputs what their
// kind and IP standing need; and the countries of home participants and
// IP holders. Scorecard gives the same figures for it as for LoadLedger's
// records (TestScorecardFollowsWrites), from about half the rows and
// none of the text.
func (s *Store) scorecardRecords(ctx context.Context) (*ledger.Ledger, map[string]string, error) {
	l := &ledger.Ledger{}
	countries := map[string]string{}
	err := s.inReadTx(ctx, func(q querier) error {
		var err error
		if l.Frameworks, err = s.frameworks(ctx, q, `1 = 1`); err != nil {
			return err
		}
		if l.Commitments, err = s.commitments(ctx, q, `1 = 1`); err != nil {
			return err
		}
		index := map[string]int{}
		if err := scanRows(ctx, q, `SELECT id, status, actual_end, sample FROM projects ORDER BY id`, nil, func(scan func(...any) error) error {
			var p ledger.Project
			var status int
			var end string
			if err := scan(&p.ID, &status, &end, &p.Sample); err != nil {
				return err
			}
			p.Status, p.ActualEnd = ledger.ActivityStatus(status), parseStoredDate(end)
			index[p.ID] = len(l.Projects)
			l.Projects = append(l.Projects, p)
			return nil
		}); err != nil {
			return err
		}
		project := func(id string) *ledger.Project {
			if i, ok := index[id]; ok {
				return &l.Projects[i]
			}
			return &ledger.Project{} // not in the snapshot (cannot happen: one read transaction); ignored
		}
		if err := scanRows(ctx, q, s.dialect.rebind(`SELECT project_id, org_id FROM project_participants WHERE home = ? ORDER BY project_id, pos`), []any{true}, func(scan func(...any) error) error {
			var id string
			pt := ledger.Participant{Home: true}
			if err := scan(&id, &pt.OrgID); err != nil {
				return err
			}
			p := project(id)
			p.Participants = append(p.Participants, pt)
			return nil
		}); err != nil {
			return err
		}
		if err := scanRows(ctx, q, `SELECT project_id, value, currency FROM budgets ORDER BY project_id, pos`, nil, func(scan func(...any) error) error {
			var id string
			var b ledger.Budget
			var v int64
			if err := scan(&id, &v, &b.Currency); err != nil {
				return err
			}
			b.Value = ledger.Amount(v)
			p := project(id)
			p.Budgets = append(p.Budgets, b)
			return nil
		}); err != nil {
			return err
		}
		if err := scanRows(ctx, q, `SELECT project_id, type, value, currency FROM transactions WHERE type IN (2, 3, 4) ORDER BY project_id, pos`, nil, func(scan func(...any) error) error {
			var id string
			var t ledger.Transaction
			var typ int
			var v int64
			if err := scan(&id, &typ, &v, &t.Currency); err != nil {
				return err
			}
			t.Type, t.Value = ledger.TransactionType(typ), ledger.Amount(v)
			p := project(id)
			p.Transactions = append(p.Transactions, t)
			return nil
		}); err != nil {
			return err
		}
		if err := scanRows(ctx, q, `SELECT project_id, value FROM project_commitments ORDER BY project_id, pos`, nil, func(scan func(...any) error) error {
			var id, c string
			if err := scan(&id, &c); err != nil {
				return err
			}
			p := project(id)
			p.Commitments = append(p.Commitments, c)
			return nil
		}); err != nil {
			return err
		}
		if err := scanRows(ctx, q, `SELECT project_id, due, completed FROM milestones ORDER BY project_id, due, id`, nil, func(scan func(...any) error) error {
			var m ledger.Milestone
			var due, done string
			if err := scan(&m.ProjectID, &due, &done); err != nil {
				return err
			}
			m.Due, m.Completed = parseStoredDate(due), parseStoredDate(done)
			l.Milestones = append(l.Milestones, m)
			return nil
		}); err != nil {
			return err
		}
		if err := scanRows(ctx, q, `SELECT project_id, kind, count, ip_holder, licensed_home FROM outputs ORDER BY project_id, id`, nil, func(scan func(...any) error) error {
			var o ledger.Output
			if err := scan(&o.ProjectID, &o.Kind, &o.Count, &o.IPHolder, &o.LicensedHome); err != nil {
				return err
			}
			l.Outputs = append(l.Outputs, o)
			return nil
		}); err != nil {
			return err
		}
		return scanRows(ctx, q, s.dialect.rebind(`SELECT id, country FROM organisations WHERE id IN (
			SELECT org_id FROM project_participants WHERE home = ? UNION SELECT ip_holder FROM outputs)`), []any{true}, func(scan func(...any) error) error {
			var id, c string
			if err := scan(&id, &c); err != nil {
				return err
			}
			countries[id] = c
			return nil
		})
	})
	if err != nil {
		return nil, nil, errs.Wrap("load ledger for figures", err)
	}
	return l, countries, nil
}

// scanRows runs query and calls each for every row with the row's Scan.
func scanRows(ctx context.Context, q querier, query string, args []any, each func(scan func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
