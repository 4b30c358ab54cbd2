package store

import (
	"context"

	"github.com/setu-council/setu/internal/ledger"
)

// projects reads the projects that cond selects, by id, with their
// participants, lists, budgets and transactions.
func (s *Store) projects(ctx context.Context, q querier, cond string, args ...any) ([]ledger.Project, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT `+projectColumns+` FROM projects WHERE `+cond+` ORDER BY id`), args...)
	if err != nil {
		return nil, err
	}
	ps := []ledger.Project{}
	index := map[string]int{}
	for rows.Next() {
		var p ledger.Project
		var status int
		var d [4]string
		if err := rows.Scan(&p.ID, &p.ReportingOrg, &p.Title, &p.Description, &status, &d[0], &d[1], &d[2], &d[3],
			&p.ParentID, &p.Sample, &p.Provenance.Source, &p.Provenance.SourceID, &p.Provenance.Release, &p.Provenance.Licence); err != nil {
			rows.Close()
			return nil, err
		}
		p.Status = ledger.ActivityStatus(status)
		p.PlannedStart, p.PlannedEnd = parseStoredDate(d[0]), parseStoredDate(d[1])
		p.ActualStart, p.ActualEnd = parseStoredDate(d[2]), parseStoredDate(d[3])
		p.Participants, p.Budgets, p.Transactions = []ledger.Participant{}, []ledger.Budget{}, []ledger.Transaction{}
		index[p.ID] = len(ps)
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ps) == 0 {
		return ps, err
	}
	sub := `SELECT id FROM projects WHERE ` + cond
	lists := make([]map[string][]string, len(projectLists))
	for i, t := range projectLists {
		if lists[i], err = s.readValues(ctx, q, t, "project_id", sub, args); err != nil {
			return nil, err
		}
	}
	for i := range ps {
		id := ps[i].ID
		ps[i].Countries, ps[i].Layers = nonNil(lists[0][id]), nonNil(lists[1][id])
		ps[i].Domains, ps[i].Commitments = nonNil(lists[2][id]), nonNil(lists[3][id])
	}
	prows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT project_id, org_id, role, home FROM project_participants WHERE project_id IN (`+sub+`) ORDER BY project_id, pos`), args...)
	if err != nil {
		return nil, err
	}
	for prows.Next() {
		var id string
		var pt ledger.Participant
		var role int
		if err := prows.Scan(&id, &pt.OrgID, &role, &pt.Home); err != nil {
			prows.Close()
			return nil, err
		}
		pt.Role = ledger.Role(role)
		p := &ps[index[id]]
		p.Participants = append(p.Participants, pt)
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return nil, err
	}
	brows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT project_id, period_start, period_end, value, currency FROM budgets WHERE project_id IN (`+sub+`) ORDER BY project_id, pos`), args...)
	if err != nil {
		return nil, err
	}
	for brows.Next() {
		var id, ps0, pe string
		var b ledger.Budget
		var v int64
		if err := brows.Scan(&id, &ps0, &pe, &v, &b.Currency); err != nil {
			brows.Close()
			return nil, err
		}
		b.PeriodStart, b.PeriodEnd, b.Value = parseStoredDate(ps0), parseStoredDate(pe), ledger.Amount(v)
		p := &ps[index[id]]
		p.Budgets = append(p.Budgets, b)
	}
	brows.Close()
	if err := brows.Err(); err != nil {
		return nil, err
	}
	trows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT project_id, type, date, value, currency FROM transactions WHERE project_id IN (`+sub+`) ORDER BY project_id, pos`), args...)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id, date string
		var t ledger.Transaction
		var typ int
		var v int64
		if err := trows.Scan(&id, &typ, &date, &v, &t.Currency); err != nil {
			return nil, err
		}
		t.Type, t.Date, t.Value = ledger.TransactionType(typ), parseStoredDate(date), ledger.Amount(v)
		p := &ps[index[id]]
		p.Transactions = append(p.Transactions, t)
	}
	return ps, trows.Err()
}
