package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

const outputColumns = `id, project_id, kind, title, date, link, licence, count, ip_holder, licensed_home`

// CreateOutput validates and stores a new output of an existing project.
// Its IP holder, if any, must be an organisation of the registry.
func (s *Store) CreateOutput(ctx context.Context, o *ledger.Output) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.createOutput(ctx, tx, o); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditOutput, o.ID, nil, o)
	})
	return errs.Wrap("create output", err)
}

func (s *Store) createOutput(ctx context.Context, tx querier, o *ledger.Output) error {
	if err := s.checkOutput(ctx, tx, o); err != nil {
		return err
	}
	if ok, err := s.isTaken(ctx, tx, "outputs", o.ID); err != nil {
		return err
	} else if ok {
		return taken("output", o.ID)
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO outputs (`+outputColumns+`) VALUES (`+placeholders(10)+`)`), outputArgs(o)...)
	return inserted(tx, "outputs", "output", o.ID, err)
}

// UpdateOutput validates and replaces the stored output with o.ID.
func (s *Store) UpdateOutput(ctx context.Context, o *ledger.Output) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.outputs, "output", o.ID)
		if err != nil {
			return err
		}
		if err := s.updateOutput(ctx, tx, o); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditOutput, o.ID, before, o)
	})
	return errs.Wrap("update output", err)
}

// updateOutput checks o and replaces the stored record with its id, without
// an audit entry.
func (s *Store) updateOutput(ctx context.Context, tx querier, o *ledger.Output) error {
	if err := s.checkOutput(ctx, tx, o); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE outputs SET project_id = ?, kind = ?, title = ?, date = ?, link = ?, licence = ?,
		count = ?, ip_holder = ?, licensed_home = ? WHERE id = ?`), append(outputArgs(o)[1:], o.ID)...); err != nil {
		return err
	}
	return nil
}

// DeleteOutput removes an output.
func (s *Store) DeleteOutput(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.outputs, "output", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM outputs WHERE id = ?`), id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "delete", AuditOutput, id, before, nil)
	})
	return errs.Wrap("delete output", err)
}

// Output returns the output with id.
func (s *Store) Output(ctx context.Context, id string) (*ledger.Output, error) {
	o, err := byID(ctx, s.db, s.outputs, "output", id)
	if err != nil {
		return nil, errs.Wrap("output", err)
	}
	return &o, nil
}

// ListOutputs returns one page of outputs, by project and id, and the
// total; the filters apply as for ListMilestones.
func (s *Store) ListOutputs(ctx context.Context, q LedgerQuery) ([]ledger.Output, int, error) {
	const op = "store: list outputs"
	limit, offset := q.paging()
	w, args := childFilter(q)
	var total int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM outputs`+w), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	os, err := s.outputs(ctx, s.db, `id IN (SELECT id FROM outputs`+w+` ORDER BY project_id, id LIMIT ? OFFSET ?)`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return os, total, nil
}

func (s *Store) checkOutput(ctx context.Context, tx querier, o *ledger.Output) error {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	var rc refCheck
	if err := rc.need(ctx, s, tx, "projects", "project_id", o.ProjectID, "project"); err != nil {
		return err
	}
	if err := rc.need(ctx, s, tx, "organisations", "ip_holder", o.IPHolder, "organisation"); err != nil {
		return err
	}
	return rc.err("output")
}

func outputArgs(o *ledger.Output) []any {
	return []any{o.ID, o.ProjectID, o.Kind, o.Title, o.Date.String(), o.Link, o.Licence, o.Count, o.IPHolder, o.LicensedHome}
}

// outputs reads the outputs that cond selects, by project and id.
func (s *Store) outputs(ctx context.Context, q querier, cond string, args ...any) ([]ledger.Output, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT `+outputColumns+` FROM outputs WHERE `+cond+` ORDER BY project_id, id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	os := []ledger.Output{}
	for rows.Next() {
		var o ledger.Output
		var date string
		if err := rows.Scan(&o.ID, &o.ProjectID, &o.Kind, &o.Title, &date, &o.Link, &o.Licence, &o.Count, &o.IPHolder, &o.LicensedHome); err != nil {
			return nil, err
		}
		o.Date = parseStoredDate(date)
		os = append(os, o)
	}
	return os, rows.Err()
}
