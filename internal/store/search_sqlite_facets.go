package store

import (
	"context"
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// The facetRows tuning (searchTuning) is the number of matches up to which facets of a search
// without text are counted by reading the matching rows; above it each
// candidate value is counted in the full-text index, one FTS5 count per
// value and no row lookups. With text, every FTS5 query pays again for the
// terms' doclists (tens of milliseconds for a common word at 1M), so
// facets are always counted from the rows of one query per facet.

// facetsSQLite counts facet values as facets does, with the text and the
// other filters as one full-text condition instead of a lookup per row.
func (s *Store) facetsSQLite(ctx context.Context, q *OrgQuery, terms []ftsTerm, total int) (map[string][]Facet, error) {
	var text string
	if len(terms) > 0 {
		text = ftsText(terms, false)
	}
	base := func(skip string) string {
		return ftsAnd(append([]string{text}, ftsTagExprs(ftsTagConds(q, skip))...)...)
	}
	out, err := s.facetsWith(ctx, func(skip string) []condition {
		expr := base(skip)
		if expr == "" {
			return nil
		}
		return []condition{{`o.seq IN (` + ftsMatch + `)`, []any{expr}}}
	}, func(name string) bool { return len(terms) == 0 && total > s.tune.facetRows && base(name) != "" })
	if err != nil {
		return nil, err
	}
	for _, name := range FacetNames {
		if _, done := out[name]; done {
			continue
		}
		vals, tag, err := s.facetValues(ctx, name)
		if err != nil {
			return nil, err
		}
		expr := base(name)
		fs := []Facet{}
		for _, v := range vals {
			n, err := s.ftsCount(ctx, ftsAnd(expr, "search_tags : "+tag(v)))
			if err != nil {
				return nil, err
			}
			if n > 0 {
				fs = append(fs, Facet{Value: v, Count: n})
			}
		}
		sortFacets(fs)
		out[name] = fs
	}
	return out, nil
}

// sortFacets orders facet values as the SQL facets do: most first, then
// by value.
func sortFacets(fs []Facet) {
	slices.SortFunc(fs, func(a, b Facet) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// facetValues returns the candidate values of a facet and their tag.
func (s *Store) facetValues(ctx context.Context, name string) ([]string, func(string) string, error) {
	var query string
	var tag func(string) string
	switch name {
	case "country":
		query, tag = `SELECT country FROM organisation_countries`, countryTag
	case "kind":
		query, tag = `SELECT code FROM kinds`, func(v string) string { return tagWord('k', v) }
	case "layer":
		var vals []string
		for _, l := range registry.Layers {
			vals = append(vals, l.Code)
		}
		return vals, func(v string) string { return tagWord('l', v) }, nil
	case "domain":
		query, tag = `SELECT code FROM domains`, func(v string) string { return tagWord('d', v) }
	}
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var vals []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, nil, err
		}
		vals = append(vals, v)
	}
	return vals, tag, rows.Err()
}
