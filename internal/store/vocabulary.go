package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// seedVocabulary adds the default kinds and domains that the database does
// not have yet; terms added later by the secretariat are kept.
func (s *Store) seedVocabulary(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range registry.DefaultKinds {
			if err := s.insertTerm(ctx, tx, "kinds", t); err != nil {
				return err
			}
		}
		for _, t := range registry.DefaultDomains {
			if err := s.insertTerm(ctx, tx, "domains", t); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) insertTerm(ctx context.Context, tx *sql.Tx, table string, t registry.Term) error {
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO `+table+` (code, label) VALUES (?, ?) ON CONFLICT (code) DO NOTHING`), t.Code, t.Label)
	if err != nil {
		return fmt.Errorf("store: seed %s %q: %w", table, t.Code, err)
	}
	return nil
}

// Vocabulary returns the kinds and domains the registry knows.
func (s *Store) Vocabulary(ctx context.Context) (registry.Vocabulary, error) {
	return s.vocabulary(ctx, s.db)
}

// vocabulary reads the kinds and domains in q, each ordered by label.
func (s *Store) vocabulary(ctx context.Context, q querier) (registry.Vocabulary, error) {
	var v registry.Vocabulary
	var err error
	if v.Kinds, err = s.terms(ctx, q, "kinds"); err != nil {
		return v, err
	}
	if v.Domains, err = s.terms(ctx, q, "domains"); err != nil {
		return v, err
	}
	return v, nil
}

func (s *Store) terms(ctx context.Context, q querier, table string) ([]registry.Term, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, label FROM `+table+` ORDER BY label`)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", table, err)
	}
	defer rows.Close()
	var ts []registry.Term
	for rows.Next() {
		var t registry.Term
		if err := rows.Scan(&t.Code, &t.Label); err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, rows.Err()
}

// AddDomain adds a domain to the controlled vocabulary. Adding a code that
// exists is a conflict.
func (s *Store) AddDomain(ctx context.Context, t registry.Term) error {
	return s.addTerm(ctx, "domains", "add domain", t)
}

// AddKind adds a kind of organisation to the vocabulary. Adding a code that
// exists is a conflict.
func (s *Store) AddKind(ctx context.Context, t registry.Term) error {
	return s.addTerm(ctx, "kinds", "add kind", t)
}

func (s *Store) addTerm(ctx context.Context, table, op string, t registry.Term) error {
	if err := t.Validate(); err != nil {
		return errs.Wrap(op, err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM `+table+` WHERE code = ?`), t.Code).Scan(&n); err != nil {
			return fmt.Errorf("store: %s: %w", op, err)
		}
		if n > 0 {
			return &errs.Error{Op: op, Kind: errs.Conflict, Msg: fmt.Sprintf("%q exists", t.Code), Fields: []errs.FieldError{{Field: "code", Problem: "is taken"}}}
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO `+table+` (code, label) VALUES (?, ?)`), t.Code, t.Label); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", strings.TrimSuffix(table, "s"), t.Code, nil, t)
	})
}
