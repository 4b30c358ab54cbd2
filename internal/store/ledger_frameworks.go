package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

const frameworkColumns = `id, title, kind, date, period_start, period_end, src_citation, src_url, src_locator, src_note, summary`

// CreateFramework validates and stores a new framework.
func (s *Store) CreateFramework(ctx context.Context, f *ledger.Framework) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.createFrameworkRow(ctx, tx, f); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditFramework, f.ID, nil, f)
	})
	return errs.Wrap("create framework", err)
}

// createFrameworkRow checks and inserts f without an audit entry.
func (s *Store) createFrameworkRow(ctx context.Context, tx querier, f *ledger.Framework) error {
	if err := s.checkFramework(ctx, tx, f); err != nil {
		return err
	}
	if ok, err := s.exists(ctx, tx, "frameworks", f.ID); err != nil {
		return err
	} else if ok {
		return taken("framework", f.ID)
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO frameworks (`+frameworkColumns+`) VALUES (`+placeholders(11)+`)`),
		frameworkArgs(f)...); err != nil {
		return err
	}
	if err := s.writeFrameworkLists(ctx, tx, f); err != nil {
		return err
	}
	return nil
}

// UpdateFramework validates and replaces the stored framework with f.ID.
func (s *Store) UpdateFramework(ctx context.Context, f *ledger.Framework) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.frameworks, "framework", f.ID)
		if err != nil {
			return err
		}
		if err := s.updateFramework(ctx, tx, f); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditFramework, f.ID, before, f)
	})
	return errs.Wrap("update framework", err)
}

// updateFramework checks f and replaces the stored record with its id, without
// an audit entry.
func (s *Store) updateFramework(ctx context.Context, tx querier, f *ledger.Framework) error {
	if err := s.checkFramework(ctx, tx, f); err != nil {
		return err
	}
	args := append(frameworkArgs(f)[1:], f.ID)
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE frameworks SET title = ?, kind = ?, date = ?, period_start = ?, period_end = ?,
		src_citation = ?, src_url = ?, src_locator = ?, src_note = ?, summary = ? WHERE id = ?`), args...); err != nil {
		return err
	}
	if err := s.writeFrameworkLists(ctx, tx, f); err != nil {
		return err
	}
	return nil
}

// DeleteFramework removes a framework that has no commitments.
func (s *Store) DeleteFramework(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.frameworks, "framework", id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM commitments WHERE framework_id = ?`), id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return inUse("framework", id, fmt.Sprintf("%d commitments", n))
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM framework_implements WHERE value = ?`), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM frameworks WHERE id = ?`), id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "delete", AuditFramework, id, before, nil)
	})
	return errs.Wrap("delete framework", err)
}

// Framework returns the framework with id.
func (s *Store) Framework(ctx context.Context, id string) (*ledger.Framework, error) {
	f, err := byID(ctx, s.db, s.frameworks, "framework", id)
	if err != nil {
		return nil, errs.Wrap("framework", err)
	}
	return &f, nil
}

// ListFrameworks returns one page of frameworks, in the order they were
// stored, and the total. Only Country applies: a party's country.
func (s *Store) ListFrameworks(ctx context.Context, q LedgerQuery) ([]ledger.Framework, int, error) {
	limit, offset := q.paging()
	var cs []condition
	if q.Country != "" {
		cs = append(cs, condition{`id IN (SELECT framework_id FROM framework_parties WHERE country = ?)`, []any{q.Country}})
	}
	w, args := where(cs)
	var total int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM frameworks`+w), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: list frameworks: %w", err)
	}
	fs, err := s.frameworks(ctx, s.db, `id IN (SELECT id FROM frameworks`+w+` ORDER BY seq LIMIT ? OFFSET ?)`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list frameworks: %w", err)
	}
	return fs, total, nil
}

func (s *Store) checkFramework(ctx context.Context, tx querier, f *ledger.Framework) error {
	const op = "framework"
	f.Normalize()
	if err := f.Validate(); err != nil {
		return err
	}
	var c refCheck
	if err := s.checkParties(ctx, tx, &c, "parties", f.Parties); err != nil {
		return err
	}
	for i, id := range f.Implements {
		if id == f.ID {
			c.p.Add(fmt.Sprintf("implements[%d]", i), "a framework does not implement itself")
			continue
		}
		if err := c.need(ctx, s, tx, "frameworks", fmt.Sprintf("implements[%d]", i), id, "framework"); err != nil {
			return err
		}
	}
	return c.err(op)
}

func frameworkArgs(f *ledger.Framework) []any {
	return []any{f.ID, f.Title, f.Kind, f.Date.String(), f.PeriodStart.String(), f.PeriodEnd.String(),
		f.Source.Citation, f.Source.URL, f.Source.Locator, f.Source.Note, f.Summary}
}

func (s *Store) writeFrameworkLists(ctx context.Context, tx querier, f *ledger.Framework) error {
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM framework_parties WHERE framework_id = ?`), f.ID); err != nil {
		return err
	}
	for i, p := range f.Parties {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO framework_parties (framework_id, pos, country, org_id) VALUES (?, ?, ?, ?)`),
			f.ID, i, p.Country, p.OrgID); err != nil {
			return err
		}
	}
	return s.writeValues(ctx, tx, "framework_implements", "framework_id", f.ID, f.Implements)
}

// frameworks reads the frameworks that cond selects, in the order they
// were stored, with their parties.
func (s *Store) frameworks(ctx context.Context, q querier, cond string, args ...any) ([]ledger.Framework, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT `+frameworkColumns+` FROM frameworks WHERE `+cond+` ORDER BY seq`), args...)
	if err != nil {
		return nil, err
	}
	fs := []ledger.Framework{}
	for rows.Next() {
		var f ledger.Framework
		var date, ps, pe string
		if err := rows.Scan(&f.ID, &f.Title, &f.Kind, &date, &ps, &pe, &f.Source.Citation, &f.Source.URL, &f.Source.Locator, &f.Source.Note, &f.Summary); err != nil {
			rows.Close()
			return nil, err
		}
		f.Date, f.PeriodStart, f.PeriodEnd = parseStoredDate(date), parseStoredDate(ps), parseStoredDate(pe)
		f.Parties = []ledger.Party{}
		fs = append(fs, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return fs, nil
	}
	sub := `SELECT id FROM frameworks WHERE ` + cond
	prows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT framework_id, country, org_id FROM framework_parties WHERE framework_id IN (`+sub+`) ORDER BY framework_id, pos`), args...)
	if err != nil {
		return nil, err
	}
	parties := map[string][]ledger.Party{}
	for prows.Next() {
		var id string
		var p ledger.Party
		if err := prows.Scan(&id, &p.Country, &p.OrgID); err != nil {
			prows.Close()
			return nil, err
		}
		parties[id] = append(parties[id], p)
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return nil, err
	}
	impl, err := s.readValues(ctx, q, "framework_implements", "framework_id", sub, args)
	if err != nil {
		return nil, err
	}
	for i := range fs {
		if p := parties[fs[i].ID]; p != nil {
			fs[i].Parties = p
		}
		fs[i].Implements = impl[fs[i].ID]
	}
	return fs, nil
}

// parseStoredDate reads a date the store wrote; the store writes only
// valid dates, so a bad one reads as the zero Date.
// The empty string (no date) is common and costs no parsing.
func parseStoredDate(s string) ledger.Date {
	if s == "" {
		return ledger.Date{}
	}
	d, _ := ledger.ParseDate(s)
	return d
}
