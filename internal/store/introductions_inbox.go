package store

import (
	"context"
	"fmt"
)

// MaxInboxIntroductions is how many introductions IntroductionInbox
// returns at most.
const MaxInboxIntroductions = 500

// IntroductionInbox returns the introductions that any of the
// organisations orgIDs asked for or was asked for, or, if all is set,
// every introduction; newest first, without their events, at most
// MaxInboxIntroductions. An empty orgIDs without all gives none.
func (s *Store) IntroductionInbox(ctx context.Context, orgIDs []string, all bool) ([]*Introduction, error) {
	out := []*Introduction{}
	q := `SELECT ` + introColumns + introFrom
	var args []any
	switch {
	case all:
	case len(orgIDs) == 0:
		return out, nil
	default:
		ph := placeholders(len(orgIDs))
		q += ` WHERE f.id IN (` + ph + `) OR t.id IN (` + ph + `)`
		args = append(stringsAny(orgIDs), stringsAny(orgIDs)...)
	}
	q += ` ORDER BY i.created_at DESC, i.id LIMIT ?`
	args = append(args, MaxInboxIntroductions)
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: introduction inbox: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		in, err := scanIntroduction(rows)
		if err != nil {
			return nil, fmt.Errorf("store: introduction inbox: %w", err)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: introduction inbox: %w", err)
	}
	return out, nil
}
