package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

const commitmentColumns = `id, framework_id, text, target, resp_country, resp_org_id, src_citation, src_url, src_locator, src_note`

// CreateCommitment validates and stores a new commitment of an existing
// framework.
func (s *Store) CreateCommitment(ctx context.Context, c *ledger.Commitment) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.createCommitmentRow(ctx, tx, c); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditCommitment, c.ID, nil, c)
	})
	return errs.Wrap("create commitment", err)
}

// createCommitmentRow checks and inserts c without an audit entry.
func (s *Store) createCommitmentRow(ctx context.Context, tx querier, c *ledger.Commitment) error {
	if err := s.checkCommitment(ctx, tx, c); err != nil {
		return err
	}
	if ok, err := s.exists(ctx, tx, "commitments", c.ID); err != nil {
		return err
	} else if ok {
		return taken("commitment", c.ID)
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO commitments (`+commitmentColumns+`) VALUES (`+placeholders(10)+`)`),
		commitmentArgs(c)...); err != nil {
		return err
	}
	if err := s.writeCommitmentLists(ctx, tx, c); err != nil {
		return err
	}
	return nil
}

// UpdateCommitment validates and replaces the stored commitment with c.ID.
func (s *Store) UpdateCommitment(ctx context.Context, c *ledger.Commitment) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.commitments, "commitment", c.ID)
		if err != nil {
			return err
		}
		if err := s.updateCommitment(ctx, tx, c); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditCommitment, c.ID, before, c)
	})
	return errs.Wrap("update commitment", err)
}

// updateCommitment checks c and replaces the stored record with its id, without
// an audit entry.
func (s *Store) updateCommitment(ctx context.Context, tx querier, c *ledger.Commitment) error {
	if err := s.checkCommitment(ctx, tx, c); err != nil {
		return err
	}
	args := append(commitmentArgs(c)[1:], c.ID)
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE commitments SET framework_id = ?, text = ?, target = ?, resp_country = ?, resp_org_id = ?,
		src_citation = ?, src_url = ?, src_locator = ?, src_note = ? WHERE id = ?`), args...); err != nil {
		return err
	}
	if err := s.writeCommitmentLists(ctx, tx, c); err != nil {
		return err
	}
	return nil
}

// DeleteCommitment removes a commitment that no project serves.
func (s *Store) DeleteCommitment(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := byID(ctx, tx, s.commitments, "commitment", id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM project_commitments WHERE value = ?`), id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return inUse("commitment", id, fmt.Sprintf("%d projects", n))
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM commitments WHERE id = ?`), id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "delete", AuditCommitment, id, before, nil)
	})
	return errs.Wrap("delete commitment", err)
}

// Commitment returns the commitment with id.
func (s *Store) Commitment(ctx context.Context, id string) (*ledger.Commitment, error) {
	c, err := byID(ctx, s.db, s.commitments, "commitment", id)
	if err != nil {
		return nil, errs.Wrap("commitment", err)
	}
	return &c, nil
}

// ListCommitments returns one page of commitments, in the order they were
// stored, and the total. Country is a party of the commitment's framework;
// Status is the derived status on day today.
func (s *Store) ListCommitments(ctx context.Context, q LedgerQuery, today ledger.Date) ([]ledger.Commitment, int, error) {
	const op = "store: list commitments"
	limit, offset := q.paging()
	var cs []condition
	if q.FrameworkID != "" {
		cs = append(cs, condition{`framework_id = ?`, []any{q.FrameworkID}})
	}
	if q.Country != "" {
		cs = append(cs, condition{`framework_id IN (SELECT framework_id FROM framework_parties WHERE country = ?)`, []any{q.Country}})
	}
	if q.Layer != "" {
		cs = append(cs, condition{`id IN (SELECT commitment_id FROM commitment_layers WHERE value = ?)`, []any{q.Layer}})
	}
	if q.Domain != "" {
		cs = append(cs, condition{`id IN (SELECT commitment_id FROM commitment_domains WHERE value = ?)`, []any{q.Domain}})
	}
	if q.Status != "" {
		states, err := s.CommitmentStates(ctx, today)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", op, err)
		}
		ids := []any{""}
		for id, st := range states {
			if string(st.Status) == q.Status {
				ids = append(ids, id)
			}
		}
		cs = append(cs, condition{`id IN (` + placeholders(len(ids)) + `)`, ids})
	}
	w, args := where(cs)
	var total int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM commitments`+w), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	list, err := s.commitments(ctx, s.db, `id IN (SELECT id FROM commitments`+w+` ORDER BY seq LIMIT ? OFFSET ?)`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return list, total, nil
}

// CommitmentStates returns the derived status of every commitment on day
// today, keyed by commitment id.
func (s *Store) CommitmentStates(ctx context.Context, today ledger.Date) (map[string]ledger.CommitmentState, error) {
	sc, err := s.Scorecard(ctx, "", today)
	if err != nil {
		return nil, err
	}
	m := make(map[string]ledger.CommitmentState, len(sc.Commitments))
	for _, st := range sc.Commitments {
		m[st.ID] = st
	}
	return m, nil
}

func (s *Store) checkCommitment(ctx context.Context, tx querier, c *ledger.Commitment) error {
	v, err := s.vocabularyTx(ctx, tx)
	if err != nil {
		return err
	}
	c.Normalize()
	if err := c.Validate(v); err != nil {
		return err
	}
	var rc refCheck
	if err := rc.need(ctx, s, tx, "frameworks", "framework_id", c.FrameworkID, "framework"); err != nil {
		return err
	}
	if err := rc.need(ctx, s, tx, "organisations", "responsible.org_id", c.Responsible.OrgID, "organisation"); err != nil {
		return err
	}
	return rc.err("commitment")
}

func commitmentArgs(c *ledger.Commitment) []any {
	return []any{c.ID, c.FrameworkID, c.Text, c.Target.String(), c.Responsible.Country, c.Responsible.OrgID,
		c.Source.Citation, c.Source.URL, c.Source.Locator, c.Source.Note}
}

func (s *Store) writeCommitmentLists(ctx context.Context, tx querier, c *ledger.Commitment) error {
	if err := s.writeValues(ctx, tx, "commitment_layers", "commitment_id", c.ID, c.Layers); err != nil {
		return err
	}
	return s.writeValues(ctx, tx, "commitment_domains", "commitment_id", c.ID, c.Domains)
}

// commitments reads the commitments that cond selects, in the order they
// were stored.
func (s *Store) commitments(ctx context.Context, q querier, cond string, args ...any) ([]ledger.Commitment, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT `+commitmentColumns+` FROM commitments WHERE `+cond+` ORDER BY seq`), args...)
	if err != nil {
		return nil, err
	}
	cs := []ledger.Commitment{}
	for rows.Next() {
		var c ledger.Commitment
		var target string
		if err := rows.Scan(&c.ID, &c.FrameworkID, &c.Text, &target, &c.Responsible.Country, &c.Responsible.OrgID,
			&c.Source.Citation, &c.Source.URL, &c.Source.Locator, &c.Source.Note); err != nil {
			rows.Close()
			return nil, err
		}
		c.Target = parseStoredDate(target)
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(cs) == 0 {
		return cs, err
	}
	sub := `SELECT id FROM commitments WHERE ` + cond
	layers, err := s.readValues(ctx, q, "commitment_layers", "commitment_id", sub, args)
	if err != nil {
		return nil, err
	}
	domains, err := s.readValues(ctx, q, "commitment_domains", "commitment_id", sub, args)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i].Layers = nonNil(layers[cs[i].ID])
		cs[i].Domains = nonNil(domains[cs[i].ID])
	}
	return cs, nil
}

// nonNil returns xs, or an empty slice for nil, so lists encode as [].
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return slices.Clip(xs)
}
