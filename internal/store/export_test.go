package store

import (
	"context"
	"fmt"
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

// SearchDatabase runs a search without the search index in memory: from
// SQLite's full-text strategy (searchSQLite) or PostgreSQL's plain query.
func (s *Store) SearchDatabase(ctx context.Context, q OrgQuery) (*OrgResults, error) {
	defer s.withoutIndex()()
	return s.SearchOrganisations(ctx, q)
}

// withoutIndex turns the search index off and returns the function that
// turns it on again.
func (s *Store) withoutIndex() func() {
	s.search.mu.Lock()
	s.search.off = true
	s.search.mu.Unlock()
	return func() {
		s.search.mu.Lock()
		s.search.off = false
		s.search.mu.Unlock()
	}
}

// SearchIndexState returns the number of organisations in the search index
// and how many of them were merged in after its build (changed ones); -1
// when it is not built.
func (s *Store) SearchIndexState() (docs, changed int) {
	s.search.mu.Lock()
	idx := s.search.idx
	s.search.mu.Unlock()
	if idx == nil {
		return -1, -1
	}
	return idx.Len(), idx.Changed()
}

// SetIndexThresholds sets the registry size up to which a search builds
// the index itself and the number of pending changes it applies,
// returning a function that restores them.
func (s *Store) SetIndexThresholds(inline, maxApply int) func() {
	old := s.tune
	s.tune.indexBuildInline, s.tune.indexMaxApply = inline, maxApply
	return func() { s.tune = old }
}

// BuildSearchIndex builds a new search index over the registry and returns
// it, without installing it (benchmarks).
func (s *Store) BuildSearchIndex(ctx context.Context) (any, int, error) {
	idx, err := s.buildSearchIndex(ctx)
	if err != nil {
		return nil, 0, err
	}
	return idx, idx.Len(), nil
}

// WaitSearchIndexBuild waits for a background build of the search index.
func (s *Store) WaitSearchIndexBuild() { s.search.wg.Wait() }

// TermCounts counts the organisations of each of terms as partner matching
// does (cappedTermCounts), from the search index or, with database, from
// the full-text index alone; as "term:count" in rarest-first order.
func (s *Store) TermCounts(ctx context.Context, terms []string, limit int, database bool) ([]string, error) {
	if database {
		defer s.withoutIndex()()
	}
	found, err := s.cappedTermCounts(ctx, terms, limit)
	var out []string
	for _, t := range found {
		out = append(out, fmt.Sprintf("%s:%d", t.term, t.docs))
	}
	return out, err
}
