package store

import (
	"context"
	"strings"

	"github.com/setu-council/setu/internal/fulltext"
	"github.com/setu-council/setu/internal/registry"
)

// SearchPlain runs a search with the plain SQL strategy (searchSQL) on
// either database, so tests can compare SQLite's full-text strategy with it.
func (s *Store) SearchPlain(ctx context.Context, q OrgQuery) (*OrgResults, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	terms := fulltext.Query(q.Q)
	res := &OrgResults{Page: q.Page, PerPage: q.PerPage, Items: []*registry.Organisation{}, TotalExact: true}
	if strings.TrimSpace(q.Q) != "" && len(terms) == 0 {
		if q.Facets {
			res.Facets = map[string][]Facet{}
		}
		return res, nil
	}
	return res, s.searchSQL(ctx, &q, terms, res)
}

// SetThresholds sets the match counts up to which SQLite ranks in Go
// (fewMatches), sorts whole tiers (smallMatch) and counts facets by rows
// (facetRows), returning a function that restores them.
func (s *Store) SetThresholds(few, small, facets int) func() {
	old := s.tune
	s.tune.fewMatches, s.tune.smallMatch, s.tune.facetRows = few, small, facets
	return func() { s.tune = old }
}

// SetCountCap sets the number of matches up to which a search counts
// exactly (CountCap by default), returning a function that restores it.
func (s *Store) SetCountCap(n int) func() {
	old := s.tune
	s.tune.countCap = n
	return func() { s.tune = old }
}
