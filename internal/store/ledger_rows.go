package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// The entity types of the ledger's audit entries.
const (
	AuditFramework  = "framework"
	AuditCommitment = "commitment"
	AuditProject    = "project"
	AuditMilestone  = "milestone"
	AuditOutput     = "output"
)

// LedgerQuery filters a list of ledger records. Each list uses the
// filters that apply to it: Country (a party's country for frameworks and
// commitments, a recipient country for projects), Layer and Domain
// (commitments and projects), Status (a commitment's derived status, or a
// project's IATI activity status code), FrameworkID (commitments of the
// framework; projects serving one of them; milestones and outputs of
// those projects) and ProjectID (milestones and outputs).
type LedgerQuery struct {
	Country     string
	Layer       string
	Domain      string
	Status      string
	FrameworkID string
	ProjectID   string
	Sample      *bool
	Page        int
	PerPage     int
}

func (q *LedgerQuery) paging() (limit, offset int) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 || q.PerPage > MaxPerPage {
		q.PerPage = DefaultPerPage
	}
	return q.PerPage, (q.Page - 1) * q.PerPage
}

// writeValues replaces the ordered list of values of one record in a
// child table with columns (parentCol, pos, value).
func (s *Store) writeValues(ctx context.Context, tx querier, table, parentCol, id string, values []string) error {
	if !freshRecord(tx) {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM `+table+` WHERE `+parentCol+` = ?`), id); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	args := make([]any, 0, 3*len(values))
	for i, v := range values {
		args = append(args, id, i, v)
	}
	if err := s.insertLedgerRows(ctx, tx, table+` (`+parentCol+`, pos, value)`, 3, args); err != nil {
		return fmt.Errorf("write %s: %w", table, err)
	}
	return nil
}

// insertLedgerRows inserts rows of ncols values each, args holding them one row
// after another, with one statement: into is "table (columns)".
// In an import the rows wait in batches of importBatchRows, sent as one
// statement each (see importTx.queue).
func (s *Store) insertLedgerRows(ctx context.Context, tx querier, into string, ncols int, args []any) error {
	if len(args) == 0 {
		return nil
	}
	if it, ok := tx.(*importTx); ok {
		return it.queue(ctx, s, into, ncols, args)
	}
	return s.insertRowsNow(ctx, tx, into, ncols, args)
}

// insertRowsNow inserts rows of ncols values each with one statement.
func (s *Store) insertRowsNow(ctx context.Context, tx querier, into string, ncols int, args []any) error {
	row := "(" + placeholders(ncols) + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + into + " VALUES " + row)
	for range len(args)/ncols - 1 {
		b.WriteString(", " + row)
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(b.String()), args...)
	return err
}

// readValues reads the value lists of the records whose ids the subquery
// sub selects, keyed by record id.
func (s *Store) readValues(ctx context.Context, q querier, table, parentCol, sub string, args []any) (map[string][]string, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT `+parentCol+`, value FROM `+table+` WHERE `+parentCol+` IN (`+sub+`) ORDER BY `+parentCol+`, pos`), args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	m := map[string][]string{}
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		m[id] = append(m[id], v)
	}
	return m, rows.Err()
}

// exists reports whether table has a row with id.
// In an import, a row found once is remembered (imports only add rows).
func (s *Store) exists(ctx context.Context, q querier, table, id string) (bool, error) {
	it, importing := q.(*importTx)
	if importing && (it.found[table+"\x00"+id] || table == "projects" && id == it.lastProject) {
		return true, nil
	}
	var n int
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM `+table+` WHERE id = ?`), id).Scan(&n)
	if importing && n > 0 {
		it.found[table+"\x00"+id] = true
	}
	return n > 0, err
}

// refCheck collects the references of a record that must exist and checks
// them in one place, naming each missing one by its field.
type refCheck struct {
	p errs.Problems
}

func (c *refCheck) need(ctx context.Context, s *Store, q querier, table, field, id, what string) error {
	if id == "" {
		return nil
	}
	ok, err := s.exists(ctx, q, table, id)
	if err != nil {
		return err
	}
	if !ok {
		c.p.Add(field, "no %s %q", what, id)
	}
	return nil
}

func (c *refCheck) err(op string) error { return c.p.Err(op) }

// checkParties checks that the organisations among parties exist.
func (s *Store) checkParties(ctx context.Context, q querier, c *refCheck, field string, parties []ledger.Party) error {
	for i, p := range parties {
		if err := c.need(ctx, s, q, "organisations", fmt.Sprintf("%s[%d].org_id", field, i), p.OrgID, "organisation"); err != nil {
			return err
		}
	}
	return nil
}

// notFound returns a not-found error for a ledger record.
func notFound(what, id string) error {
	return &errs.Error{Kind: errs.NotFound, Msg: fmt.Sprintf("no %s %q", what, id)}
}

// taken returns the conflict of a create whose id exists.
func taken(what, id string) error {
	return &errs.Error{Kind: errs.Conflict, Msg: fmt.Sprintf("%s %q exists", what, id), Fields: []errs.FieldError{{Field: "id", Problem: "is taken"}}}
}

// inUse returns the conflict of a delete that other records refer to.
func inUse(what, id, by string) error {
	return &errs.Error{Kind: errs.Conflict, Msg: fmt.Sprintf("%s %q is referred to by %s; remove those first", what, id, by)}
}

// byID reads the one record with id through read, or returns a not-found
// error.
func byID[T any](ctx context.Context, q querier, read func(context.Context, querier, string, ...any) ([]T, error), what, id string) (T, error) {
	var zero T
	rs, err := read(ctx, q, `id = ?`, id)
	if err != nil {
		return zero, err
	}
	if len(rs) == 0 {
		return zero, notFound(what, id)
	}
	return rs[0], nil
}
