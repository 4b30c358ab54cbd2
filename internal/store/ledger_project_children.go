package store

import (
	"context"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// ProjectChildren returns the projects whose parent is the project with
// id, by id; none if it has no children or does not exist.
func (s *Store) ProjectChildren(ctx context.Context, id string) ([]ledger.Project, error) {
	ps, err := s.projects(ctx, s.db, `parent_id = ?`, id)
	if err != nil {
		return nil, errs.Wrap("project children", err)
	}
	return ps, nil
}
