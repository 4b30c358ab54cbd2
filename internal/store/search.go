package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/fulltext"
	"github.com/setu-council/setu/internal/registry"
)

// Paging limits of a search.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
)

// OrgQuery asks for organisations. Values within one filter are
// alternatives; different filters must all hold.
type OrgQuery struct {
	Q         string   // full text, any script
	Countries []string // ISO 3166-1 alpha-2
	Kinds     []string
	Layers    []string
	Domains   []string
	Sample    *bool // nil: both real and sample records
	Page      int   // 1-based
	PerPage   int
	Facets    bool // count facet values too
}

// Facet is one value of a filter and how many organisations have it.
type Facet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// CountCap is the number of matches up to which a search counts exactly.
// A larger result reports Total = CountCap and TotalExact false: counting
// every match of a common word costs more than the page itself, and "more
// than 10,000" tells a reader as much as the exact figure.
const CountCap = 10000

// OrgResults is one page of a search. Total is exact when TotalExact is
// true; otherwise the search has more than Total matches (see CountCap).
type OrgResults struct {
	Total      int                      `json:"total"`
	TotalExact bool                     `json:"total_exact"`
	Page       int                      `json:"page"`
	PerPage    int                      `json:"per_page"`
	Items      []*registry.Organisation `json:"items"`
	Facets     map[string][]Facet       `json:"facets,omitempty"`
}

// The facet names of a search.
var FacetNames = []string{"country", "kind", "layer", "domain"}

// Validate checks the query's filters and paging.
func (q *OrgQuery) Validate() error {
	var p errs.Problems
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PerPage == 0 {
		q.PerPage = DefaultPerPage
	}
	if q.Page < 1 || q.Page > 100000 {
		p.Add("page", "must be between 1 and 100000")
	}
	if q.PerPage < 1 || q.PerPage > MaxPerPage {
		p.Add("per_page", "must be between 1 and %d", MaxPerPage)
	}
	if len([]rune(q.Q)) > 500 {
		p.Add("q", "is longer than 500 characters")
	}
	for i, c := range q.Countries {
		q.Countries[i] = strings.ToUpper(c)
		if !registry.IsCountry(q.Countries[i]) {
			p.Add("country", "%q is not an ISO 3166-1 alpha-2 code", c)
		}
	}
	for _, l := range q.Layers {
		if !registry.IsLayer(l) {
			p.Add("layer", "%q is not an AI-stack layer", l)
		}
	}
	for _, list := range [][]string{q.Countries, q.Kinds, q.Layers, q.Domains} {
		if len(list) > 50 {
			p.Add("filters", "at most 50 values per filter")
		}
	}
	return p.Err("search organisations")
}

// condition is one part of a WHERE clause with its arguments.
type condition struct {
	sql  string
	args []any
}

// orgFilter builds the conditions of a query, leaving out the filter named
// skip (for disjunctive facet counts).
func (s *Store) orgFilter(q *OrgQuery, terms []fulltext.Term, skip string) []condition {
	var cs []condition
	if len(terms) > 0 {
		cs = append(cs, s.textCondition(terms, false))
	}
	in := func(col string, vals []string) condition {
		args := make([]any, len(vals))
		for i, v := range vals {
			args[i] = v
		}
		return condition{col + ` IN (` + placeholders(len(vals)) + `)`, args}
	}
	if len(q.Countries) > 0 && skip != "country" {
		cs = append(cs, in("o.country", q.Countries))
	}
	if len(q.Kinds) > 0 && skip != "kind" {
		cs = append(cs, in("o.kind", q.Kinds))
	}
	if len(q.Layers) > 0 && skip != "layer" {
		c := in("l.layer", q.Layers)
		c.sql = `EXISTS (SELECT 1 FROM organisation_layers l WHERE l.org_seq = o.seq AND ` + c.sql + `)`
		cs = append(cs, c)
	}
	if len(q.Domains) > 0 && skip != "domain" {
		c := in("d.domain", q.Domains)
		c.sql = `EXISTS (SELECT 1 FROM organisation_domains d WHERE d.org_seq = o.seq AND ` + c.sql + `)`
		cs = append(cs, c)
	}
	if q.Sample != nil {
		cs = append(cs, condition{`o.sample = ?`, []any{*q.Sample}})
	}
	return cs
}

// textCondition matches organisations that have every term, in any field
// or, with namesOnly, in their names.
func (s *Store) textCondition(terms []fulltext.Term, namesOnly bool) condition {
	if s.dialect == postgres {
		return condition{`o.search_vec @@ CAST(? AS tsquery)`, []any{tsquery(terms, namesOnly)}}
	}
	return condition{`o.seq IN (SELECT rowid FROM organisation_fts WHERE organisation_fts MATCH ?)`, []any{fts5Query(terms, namesOnly)}}
}

// fts5Query writes terms as an FTS5 query: quoted tokens, implicitly ANDed,
// a * after prefix terms.
func fts5Query(terms []fulltext.Term, namesOnly bool) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(t.Token, `"`, `""`))
		b.WriteByte('"')
		if t.Prefix {
			b.WriteByte('*')
		}
	}
	if namesOnly {
		return "search_names : (" + b.String() + ")"
	}
	return b.String()
}

// tsquery writes terms as a PostgreSQL tsquery literal: quoted lexemes
// joined by &, :* after prefix terms, weight A for names only.
func tsquery(terms []fulltext.Term, namesOnly bool) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteByte('\'')
		tok := strings.ReplaceAll(t.Token, `\`, `\\`)
		b.WriteString(strings.ReplaceAll(tok, `'`, `''`))
		b.WriteByte('\'')
		switch {
		case t.Prefix && namesOnly:
			b.WriteString(":*A")
		case t.Prefix:
			b.WriteString(":*")
		case namesOnly:
			b.WriteString(":A")
		}
	}
	return b.String()
}

func where(cs []condition) (string, []any) {
	if len(cs) == 0 {
		return "", nil
	}
	var parts []string
	var args []any
	for _, c := range cs {
		parts = append(parts, c.sql)
		args = append(args, c.args...)
	}
	return " WHERE " + strings.Join(parts, " AND "), args
}

// collate makes text sort by code point in both databases, so the two
// order ties the same way.
func (d dialect) collate(col string) string {
	if d == postgres {
		return col + ` COLLATE "C"`
	}
	return col
}

// SearchOrganisations returns one page of the organisations that match q,
// best first, with the total (exact up to CountCap matches, a lower bound
// beyond) and, if asked, facet counts. With text, an
// organisation one of whose names is the query comes first, then those
// whose names hold every term, then the rest; ties go to the shorter name.
// Facet counts for a filter are taken with every other filter applied, so
// they show what choosing another value would give.
//
// PostgreSQL runs one SQL query per part (searchSQL); SQLite answers from
// its full-text index, filters included (searchSQLite). Both give the same
// results in the same order.
func (s *Store) SearchOrganisations(ctx context.Context, q OrgQuery) (*OrgResults, error) {
	const op = "search organisations"
	if err := q.Validate(); err != nil {
		return nil, err
	}
	terms := fulltext.Query(q.Q)
	res := &OrgResults{Page: q.Page, PerPage: q.PerPage, Items: []*registry.Organisation{}, TotalExact: true}
	if strings.TrimSpace(q.Q) != "" && len(terms) == 0 {
		// Only punctuation: nothing can match.
		if q.Facets {
			res.Facets = map[string][]Facet{}
		}
		return res, nil
	}
	idx, err := s.currentSearchIndex(ctx)
	switch {
	case err != nil:
	case idx != nil:
		err = s.searchIndexed(ctx, idx, &q, terms, res)
	case s.dialect == sqlite:
		err = s.searchSQLite(ctx, &q, terms, res)
	default:
		err = s.searchSQL(ctx, &q, terms, res)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, err)
	}
	return res, nil
}

// setTotal records n matches counted with a limit of capped+1: more than
// capped is reported as capped, not exact.
func (r *OrgResults) setTotal(n, capped int) {
	r.Total, r.TotalExact = min(n, capped), n <= capped
}

// searchSQL answers a search with one SQL query for the total, one for the
// page and one per facet, filters as SQL conditions. PostgreSQL uses it;
// on SQLite it is the plain form that the tests compare searchSQLite with.
func (s *Store) searchSQL(ctx context.Context, q *OrgQuery, terms []fulltext.Term, res *OrgResults) error {
	w, args := where(s.orgFilter(q, terms, ""))
	capped := s.tune.countCap
	var n int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) FROM (SELECT 1 FROM organisations o`+w+` LIMIT ?) m`), append(args, capped+1)...).Scan(&n); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	res.setTotal(n, capped)
	order := ` ORDER BY ` + s.dialect.collate("o.name") + `, o.id`
	var orderArgs []any
	if len(terms) > 0 {
		names := s.textCondition(terms, true)
		order = ` ORDER BY CASE WHEN EXISTS (SELECT 1 FROM organisation_names n WHERE n.org_seq = o.seq AND n.name_key = ?) THEN 0 ELSE 1 END,
			CASE WHEN ` + names.sql + ` THEN 0 ELSE 1 END, length(o.name), ` + s.dialect.collate("o.name") + `, o.id`
		orderArgs = append([]any{fulltext.Key(q.Q)}, names.args...)
	}
	if res.Total > 0 {
		query := `SELECT ` + orgColumns + ` FROM organisations o` + w + order + ` LIMIT ? OFFSET ?`
		all := append(append(append([]any{}, args...), orderArgs...), q.PerPage, (q.Page-1)*q.PerPage)
		items, _, err := s.loadOrganisations(ctx, query, all...)
		if err != nil {
			return err
		}
		res.Items = items
	}
	if q.Facets {
		facets, err := s.facets(ctx, q, terms)
		if err != nil {
			return fmt.Errorf("facets: %w", err)
		}
		res.Facets = facets
	}
	return nil
}

// loadOrganisations runs query, which selects orgColumns, and returns its
// organisations in order, with everything that hangs off them, and their
// keys.
func (s *Store) loadOrganisations(ctx context.Context, query string, args ...any) ([]*registry.Organisation, map[int64]*registry.Organisation, error) {
	var items []*registry.Organisation
	var byseq map[int64]*registry.Organisation
	// One snapshot: the rows and their children from the same version.
	err := s.inReadTx(ctx, func(q querier) error {
		var err error
		items, byseq, err = s.readOrganisations(ctx, q, query, args...)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return items, byseq, nil
}

func (s *Store) facets(ctx context.Context, q *OrgQuery, terms []fulltext.Term) (map[string][]Facet, error) {
	return s.facetsWith(ctx, func(skip string) []condition { return s.orgFilter(q, terms, skip) }, nil)
}

// facetsWith counts the values of every facet, with filter giving the
// conditions that leave out one facet's own filter; a facet for which
// elsewhere (if not nil) is true is left for the caller to count.
func (s *Store) facetsWith(ctx context.Context, filter func(skip string) []condition, elsewhere func(name string) bool) (map[string][]Facet, error) {
	out := map[string][]Facet{}
	for _, name := range FacetNames {
		if elsewhere != nil && elsewhere(name) {
			continue
		}
		w, args := where(filter(name))
		var query string
		switch name {
		case "country", "kind":
			query = `SELECT o.` + name + `, count(*) FROM organisations o` + w + ` GROUP BY o.` + name
		case "layer":
			query = `SELECT f.layer, count(*) FROM organisation_layers f JOIN organisations o ON o.seq = f.org_seq` + w + ` GROUP BY f.layer`
		case "domain":
			query = `SELECT f.domain, count(*) FROM organisation_domains f JOIN organisations o ON o.seq = f.org_seq` + w + ` GROUP BY f.domain`
		}
		query += ` ORDER BY count(*) DESC, 1`
		rows, err := s.db.QueryContext(ctx, s.dialect.rebind(query), args...)
		if err != nil {
			return nil, err
		}
		fs := []Facet{}
		for rows.Next() {
			var f Facet
			if err := rows.Scan(&f.Value, &f.Count); err != nil {
				rows.Close()
				return nil, err
			}
			fs = append(fs, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[name] = fs
	}
	return out, nil
}
