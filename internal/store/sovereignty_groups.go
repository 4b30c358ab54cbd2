package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/sovereignty"
)

// PartnerGroups returns the partner groups in their order.
func (s *Store) PartnerGroups(ctx context.Context) ([]sovereignty.Group, error) {
	return s.partnerGroups(ctx, s.db)
}

func (s *Store) partnerGroups(ctx context.Context, q querier) ([]sovereignty.Group, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.code, g.label, c.country FROM partner_groups g
		LEFT JOIN partner_group_countries c ON c.group_code = g.code ORDER BY g.pos, g.code, c.country`)
	if err != nil {
		return nil, fmt.Errorf("store: partner groups: %w", err)
	}
	defer rows.Close()
	out := []sovereignty.Group{}
	for rows.Next() {
		var code, label string
		var country sql.NullString
		if err := rows.Scan(&code, &label, &country); err != nil {
			return nil, fmt.Errorf("store: partner groups: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].Code != code {
			out = append(out, sovereignty.Group{Code: code, Label: label, Countries: []string{}})
		}
		if country.Valid {
			g := &out[len(out)-1]
			g.Countries = append(g.Countries, country.String)
		}
	}
	return out, rows.Err()
}

// PutPartnerGroup creates group g or replaces its label and countries. A
// country may be in one group only: moving it here from another group is
// a conflict, so that no group loses a country by accident.
func (s *Store) PutPartnerGroup(ctx context.Context, g sovereignty.Group) error {
	g.Normalize()
	if err := g.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		groups, err := s.partnerGroups(ctx, tx)
		if err != nil {
			return err
		}
		var before any
		pos := len(groups)
		for i, old := range groups {
			if old.Code == g.Code {
				before, pos = old, i
				continue
			}
			for _, c := range g.Countries {
				if containsCountry(old.Countries, c) {
					return errs.E("put partner group", errs.Conflict, "countries: %s is already in group %q; remove it there first", c, old.Code)
				}
			}
		}
		if before != nil {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM partner_group_countries WHERE group_code = ?`), g.Code); err != nil {
				return fmt.Errorf("store: put partner group: %w", err)
			}
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`UPDATE partner_groups SET label = ? WHERE code = ?`), g.Label, g.Code)
		} else {
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO partner_groups (code, label, pos) VALUES (?, ?, ?)`), g.Code, g.Label, pos)
		}
		if err != nil {
			return fmt.Errorf("store: put partner group: %w", err)
		}
		for _, c := range g.Countries {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO partner_group_countries (country, group_code) VALUES (?, ?)`), c, g.Code); err != nil {
				return fmt.Errorf("store: put partner group: %w", err)
			}
		}
		return s.recordAudit(ctx, tx, "put", AuditPartnerGroup, g.Code, before, g)
	})
}

// DeletePartnerGroup removes a group; its countries become "other".
func (s *Store) DeletePartnerGroup(ctx context.Context, code string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		groups, err := s.partnerGroups(ctx, tx)
		if err != nil {
			return err
		}
		var before *sovereignty.Group
		for i := range groups {
			if groups[i].Code == code {
				before = &groups[i]
			}
		}
		if before == nil {
			return errs.E("delete partner group", errs.NotFound, "no partner group %q", code)
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM partner_group_countries WHERE group_code = ?`), code); err != nil {
			return fmt.Errorf("store: delete partner group: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM partner_groups WHERE code = ?`), code); err != nil {
			return fmt.Errorf("store: delete partner group: %w", err)
		}
		return s.recordAudit(ctx, tx, "delete", AuditPartnerGroup, code, before, nil)
	})
}

func containsCountry(list []string, c string) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}
