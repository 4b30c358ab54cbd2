package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/errs"
)

// Target is the target resolution time of a barrier category: the
// secretariat's, or the default when it has set none.
type Target struct {
	Category string `json:"category"`
	Label    string `json:"label"`
	Days     int    `json:"days"`
	Default  bool   `json:"default"`
}

// Targets returns the target of every category, in the order of
// desk.Categories.
func (s *Store) Targets(ctx context.Context) ([]Target, error) {
	set := map[string]int{}
	rows, err := s.db.QueryContext(ctx, `SELECT category, days FROM desk_targets`)
	if err != nil {
		return nil, fmt.Errorf("store: targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var d int
		if err := rows.Scan(&c, &d); err != nil {
			return nil, fmt.Errorf("store: targets: %w", err)
		}
		set[c] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: targets: %w", err)
	}
	out := make([]Target, 0, len(desk.Categories))
	for _, c := range desk.Categories {
		d, ok := set[c.Code]
		if !ok {
			d = desk.DefaultTargetDays[c.Code]
		}
		out = append(out, Target{Category: c.Code, Label: c.Label, Days: d, Default: !ok})
	}
	return out, nil
}

// SetTarget sets the target resolution time of a category, for barriers
// opened from now on; open barriers keep the target they opened with.
func (s *Store) SetTarget(ctx context.Context, category string, days int) (*Target, error) {
	const op = "set target"
	if err := desk.CheckTarget(category, days); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.targetDays(ctx, tx, category)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM desk_targets WHERE category = ?`), category); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_targets (category, days, updated_at, updated_by) VALUES (?, ?, ?, ?)`),
			category, days, s.deskTime(s.deskNow()), auth.FromContext(ctx).Actor()); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "set", AuditTarget, category, map[string]int{"days": before}, map[string]int{"days": days})
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return &Target{Category: category, Label: desk.LabelOf(desk.Categories, category), Days: days}, nil
}

// targetDays is the target of category now.
func (s *Store) targetDays(ctx context.Context, q querier, category string) (int, error) {
	var d int
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT days FROM desk_targets WHERE category = ?`), category).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return desk.DefaultTargetDays[category], nil
	}
	return d, err
}
