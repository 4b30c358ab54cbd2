package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/fulltext"
)

// SQLite answers a search from its full-text index, which holds the
// filters too (search_tags.go): a filtered count is one FTS5 query with no
// row lookups, and the page is found without sorting every match. See
// docs/search.md, "How SQLite runs a search".

// namedTags is one filter of a query as alternative tags: an
// organisation passes if it has one of them.
type namedTags struct {
	name string // country, kind, layer, domain or sample
	tags []string
}

// ftsTagNamedConds returns the filters of q as sets of alternative tags.
func ftsTagNamedConds(q *OrgQuery) []namedTags {
	var cs []namedTags
	add := func(name string, vals []string, tag func(string) string) {
		if len(vals) == 0 {
			return
		}
		alts := make([]string, len(vals))
		for i, v := range vals {
			alts[i] = tag(v)
		}
		cs = append(cs, namedTags{name, alts})
	}
	add("country", q.Countries, countryTag)
	add("kind", q.Kinds, func(v string) string { return tagWord('k', v) })
	add("layer", q.Layers, func(v string) string { return tagWord('l', v) })
	add("domain", q.Domains, func(v string) string { return tagWord('d', v) })
	if q.Sample != nil {
		cs = append(cs, namedTags{"sample", []string{sampleTag(*q.Sample)}})
	}
	return cs
}

// ftsTagConds returns the filters of q, leaving out the one named skip, as
// sets of alternative tags: an organisation passes if it has one tag of
// every set.
func ftsTagConds(q *OrgQuery, skip string) [][]string {
	var cs [][]string
	for _, c := range ftsTagNamedConds(q) {
		if c.name != skip {
			cs = append(cs, c.tags)
		}
	}
	return cs
}

// ftsTagExprs writes tag sets as FTS5 conditions on the search_tags column.
func ftsTagExprs(cs [][]string) []string {
	out := make([]string, len(cs))
	for i, alts := range cs {
		out[i] = "search_tags : (" + strings.Join(alts, " OR ") + ")"
	}
	return out
}

// ftsText restricts the user's terms to the text columns: both, or the
// names only. Terms are ANDed; a prefix term with few tokens is written as
// those tokens ORed (search_sqlite_terms.go).
func ftsText(terms []ftsTerm, namesOnly bool) string {
	quote := func(tok string) string { return `"` + strings.ReplaceAll(tok, `"`, `""`) + `"` }
	parts := make([]string, len(terms))
	for i, t := range terms {
		switch {
		case len(t.Alts) > 0:
			alts := make([]string, len(t.Alts))
			for j, a := range t.Alts {
				alts[j] = quote(a)
			}
			parts[i] = "(" + strings.Join(alts, " OR ") + ")"
		case t.Prefix:
			parts[i] = quote(t.Token) + "*"
		default:
			parts[i] = quote(t.Token)
		}
	}
	if namesOnly {
		return "search_names : (" + strings.Join(parts, " AND ") + ")"
	}
	return "{search_names search_body} : (" + strings.Join(parts, " AND ") + ")"
}

// ftsAnd joins FTS5 expressions with AND, leaving out empty ones.
func ftsAnd(exprs ...string) string {
	var parts []string
	for _, e := range exprs {
		if e != "" {
			parts = append(parts, "("+e+")")
		}
	}
	return strings.Join(parts, " AND ")
}

// ftsLengths returns an FTS5 condition for display-name lengths from a to
// b, using the prefixes of the length tags for whole tens and hundreds.
func ftsLengths(a, b int) string {
	var toks []string
	for x := a; x <= b; {
		switch {
		case x%100 == 0 && x+99 <= b:
			toks = append(toks, "n"+strconv.Itoa(x/100)+"*")
			x += 100
		case x%10 == 0 && x+9 <= b:
			toks = append(toks, lengthTag(x)[:3]+"*")
			x += 10
		default:
			toks = append(toks, lengthTag(x))
			x++
		}
	}
	return "search_tags : (" + strings.Join(toks, " OR ") + ")"
}

// lengthRanges are the display-name lengths that the ranking walks in
// turn, shortest first, when a search has many matches.
var lengthRanges = [][2]int{{0, 14}, {15, 19}, {20, 24}, {25, 29}, {30, 39}, {40, 49}, {50, 69}, {70, 99}, {100, maxTagLength}}

// searchTuning holds the match counts at which SQLite's search changes
// strategy. They are fields of the Store, not package variables, so that
// tests can force each path on their own store.
type searchTuning struct {
	// fewMatches is the number of matches up to which rankFew reads and
	// ranks them in Go; more are ranked by rankSQLite.
	fewMatches int
	// smallMatch is the number of matches up to which one query sorts
	// them all; above it the ranking walks lengthRanges.
	smallMatch int
	// facetRows is the result size up to which facets without text are
	// counted from rows; above it, one FTS5 count per value.
	facetRows int
	// countCap is the number of matches up to which a search counts
	// exactly (CountCap; both strategies).
	countCap int
	// indexBuildInline and indexMaxApply: see search_index.go.
	indexBuildInline, indexMaxApply int
}

var defaultSearchTuning = searchTuning{fewMatches: 2500, smallMatch: 10000, facetRows: 2000, countCap: CountCap,
	indexBuildInline: indexBuildInline, indexMaxApply: indexMaxApply}

const ftsMatch = `SELECT rowid FROM organisation_fts WHERE organisation_fts MATCH ?`

// ftsCount counts the matches of expr.
func (s *Store) ftsCount(ctx context.Context, expr string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM organisation_fts WHERE organisation_fts MATCH ?`, expr).Scan(&n)
	return n, err
}

// ftsCountCapped counts the matches of expr up to s.tune.countCap+1; FTS5
// stops reading the doclists there.
func (s *Store) ftsCountCapped(ctx context.Context, expr string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+ftsMatch+` LIMIT ?)`, expr, s.tune.countCap+1).Scan(&n)
	return n, err
}

// ftsKeys returns the keys of up to limit matches of expr. They come as
// one text of comma-separated numbers: a row per key through database/sql
// costs more than FTS5 takes to find them.
func (s *Store) ftsKeys(ctx context.Context, expr string, limit int) ([]int64, error) {
	var list sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM (`+ftsMatch+` LIMIT ?)`, expr, limit).Scan(&list); err != nil {
		return nil, err
	}
	if list.String == "" {
		return nil, nil
	}
	keys := make([]int64, 0, strings.Count(list.String, ",")+1)
	for f := range strings.SplitSeq(list.String, ",") {
		k, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", f, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// seqs runs a query that selects keys and returns them in order.
func (s *Store) seqs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, err
		}
		out = append(out, seq)
	}
	return out, rows.Err()
}

func (s *Store) searchSQLite(ctx context.Context, q *OrgQuery, terms []fulltext.Term, res *OrgResults) error {
	tagConds := ftsTagConds(q, "")
	tags := ftsTagExprs(tagConds)
	offset, need := (q.Page-1)*q.PerPage, q.Page*q.PerPage
	var page []int64
	var ft []ftsTerm // the terms, prefix terms expanded
	if len(terms) == 0 {
		var err error
		if page, err = s.browseSQLite(ctx, q, tags, res, offset); err != nil {
			return err
		}
	} else {
		// One full-text query gives the count, up to the cap, and the
		// keys of a small result, which is then ranked without another.
		var err error
		if ft, err = s.expandPrefixes(ctx, terms); err != nil {
			return fmt.Errorf("prefix terms: %w", err)
		}
		all := ftsAnd(append([]string{ftsText(ft, false)}, tags...)...)
		matches, err := s.ftsKeys(ctx, all, s.tune.countCap+1)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		n := len(matches)
		res.setTotal(n, s.tune.countCap)
		if n > 0 && n <= s.tune.fewMatches && res.TotalExact {
			ranked, err := s.rankFew(ctx, q, terms, matches, need)
			if err != nil {
				return err
			}
			page = ranked[min(offset, len(ranked)):min(need, len(ranked))]
		} else if n > 0 && (offset < n || !res.TotalExact) {
			ranked, err := s.rankSQLite(ctx, q, terms, ft, tagConds, n, need)
			if err != nil {
				return err
			}
			page = ranked[min(offset, len(ranked)):min(need, len(ranked))]
		}
	}
	if err := s.loadPage(ctx, page, res); err != nil {
		return err
	}
	if q.Facets {
		total := res.Total
		if !res.TotalExact {
			total = max(total, s.tune.facetRows) + 1 // there are more
		}
		facets, err := s.facetsSQLite(ctx, q, ft, total)
		if err != nil {
			return fmt.Errorf("facets: %w", err)
		}
		res.Facets = facets
	}
	return nil
}

// loadPage loads the organisations with keys page into res, in that
// order; one removed since its key was found is left out.
func (s *Store) loadPage(ctx context.Context, page []int64, res *OrgResults) error {
	if len(page) == 0 {
		return nil
	}
	_, byseq, err := s.loadOrganisations(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.seq IN (`+placeholders(len(page))+`)`, int64sAny(page)...)
	if err != nil {
		return err
	}
	for _, seq := range page {
		if o, ok := byseq[seq]; ok {
			res.Items = append(res.Items, o)
		}
	}
	return nil
}

func int64sAny(xs []int64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// browseSQLite finds the page of a search without text, in name order. It
// walks the name index and checks each organisation's filters when the
// filters pass many organisations, and sorts the matches from the
// full-text index when they pass few.
func (s *Store) browseSQLite(ctx context.Context, q *OrgQuery, tags []string, res *OrgResults, offset int) ([]int64, error) {
	const order = ` ORDER BY o.name, o.id LIMIT ? OFFSET ?`
	if len(tags) == 0 {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM organisations LIMIT ?)`, s.tune.countCap+1).Scan(&n); err != nil {
			return nil, fmt.Errorf("count: %w", err)
		}
		res.setTotal(n, s.tune.countCap)
		return s.seqs(ctx, `SELECT o.seq FROM organisations o`+order, q.PerPage, offset)
	}
	expr := ftsAnd(tags...)
	n, err := s.ftsCountCapped(ctx, expr)
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	res.setTotal(n, s.tune.countCap)
	if n == 0 || offset >= n && res.TotalExact {
		return nil, nil
	}
	var rows int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(max(seq), 0) FROM organisations`).Scan(&rows); err != nil {
		return nil, err
	}
	// A walk of the name index reads about (offset+per page) * rows/n
	// organisations; sorting the matches reads n. (Beyond the count cap n
	// is a lower bound, so the walk is chosen, as it should be.)
	if float64(offset+q.PerPage)*float64(rows)/float64(n) < float64(n) {
		w, args := where(s.orgFilter(q, nil, ""))
		return s.seqs(ctx, `SELECT o.seq FROM organisations o INDEXED BY organisations_name`+w+order, append(args, q.PerPage, offset)...)
	}
	return s.seqs(ctx, `SELECT o.seq FROM organisations o WHERE o.seq IN (`+ftsMatch+`)`+order, expr, q.PerPage, offset)
}

// rankFew ranks the matches with the keys matches as rankSQLite does and
// returns at least the first need of them in ranked order (all if fewer).
// It reads, for every match, the names document (which tells the names
// tier) and the display name's length, as one text rather than a row each
// through database/sql; the name and id that break ties are then read only
// for the matches that can be among the first need.
func (s *Store) rankFew(ctx context.Context, q *OrgQuery, terms []fulltext.Term, matches []int64, need int) ([]int64, error) {
	var list sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT group_concat(o.seq || ' ' || length(o.name) || ' ' || o.search_names, char(10))
		FROM organisations o WHERE o.seq IN (SELECT value FROM json_each(?))`, jsonInts(matches)).Scan(&list)
	if err != nil {
		return nil, err
	}
	if list.String == "" {
		return nil, nil
	}
	// The names document holds tokens (letters, digits and marks) joined
	// by spaces, so a newline ends a record.
	ms := make([]exactMatch, 0, len(matches))
	for rec := range strings.SplitSeq(list.String, "\n") {
		seq, rest, _ := strings.Cut(rec, " ")
		length, names, _ := strings.Cut(rest, " ")
		var m exactMatch
		if m.seq, err = strconv.ParseInt(seq, 10, 64); err != nil {
			return nil, fmt.Errorf("key %q: %w", seq, err)
		}
		if m.length, err = strconv.Atoi(length); err != nil {
			return nil, fmt.Errorf("length %q: %w", length, err)
		}
		m.namesTier = hasTerms(terms, strings.Fields(names))
		ms = append(ms, m)
	}
	exact := map[int64]bool{}
	keys, err := s.seqs(ctx, `SELECT org_seq FROM organisation_names WHERE name_key = ?`, fulltext.Key(q.Q))
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		exact[k] = true
	}
	// Sort by exactness, tier and length first; only the matches up to
	// the last that ties with the need-th on those can be on the page.
	coarse := func(a, b exactMatch) int {
		if exact[a.seq] != exact[b.seq] {
			if exact[a.seq] {
				return -1
			}
			return 1
		}
		a.name, a.id, b.name, b.id = "", "", "", ""
		return compareRanked(a, b)
	}
	slices.SortFunc(ms, coarse)
	if need < len(ms) {
		end := need
		for end < len(ms) && coarse(ms[end], ms[need-1]) == 0 {
			end++
		}
		ms = ms[:end]
	}
	at := make(map[int64]int, len(ms))
	seqs := make([]int64, len(ms))
	for i, m := range ms {
		at[m.seq] = i
		seqs[i] = m.seq
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.seq, o.name, o.id FROM organisations o WHERE o.seq IN (SELECT value FROM json_each(?))`, jsonInts(seqs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var name, id string
		if err := rows.Scan(&seq, &name, &id); err != nil {
			return nil, err
		}
		ms[at[seq]].name, ms[at[seq]].id = name, id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(ms, func(a, b exactMatch) int {
		if c := coarse(a, b); c != 0 {
			return c
		}
		return compareRanked(a, b)
	})
	for i, m := range ms {
		seqs[i] = m.seq
	}
	return seqs, nil
}

// jsonInts writes keys as a JSON array, for json_each: one argument
// instead of a placeholder per key.
func jsonInts(keys []int64) string {
	b := make([]byte, 0, 8*len(keys)+2)
	b = append(b, '[')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, k, 10)
	}
	return string(append(b, ']'))
}

// compareRanked orders matches of the same exactness: names tier first,
// then shorter display name, name by code point, id.
func compareRanked(a, b exactMatch) int {
	switch {
	case a.namesTier != b.namesTier:
		if a.namesTier {
			return -1
		}
		return 1
	case a.length != b.length:
		return a.length - b.length
	case a.name != b.name:
		return strings.Compare(a.name, b.name)
	}
	return strings.Compare(a.id, b.id)
}

// rankSQLite returns the keys of at least the first need matches of a
// text search in ranked order (all of them if there are fewer): first the
// organisations one of whose names is the query, then those whose names
// hold every term, then the rest, each group by name length, name and id.
func (s *Store) rankSQLite(ctx context.Context, q *OrgQuery, terms []fulltext.Term, ft []ftsTerm, tagConds [][]string, total, need int) ([]int64, error) {
	tags := ftsTagExprs(tagConds)
	exact, err := s.exactMatches(ctx, q, terms, tagConds)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, need)
	isExact := map[int64]bool{}
	for _, e := range exact {
		out = append(out, e.seq)
		isExact[e.seq] = true
	}
	namesExpr := ftsText(ft, true)
	bodyExpr := "(" + ftsText(ft, false) + ") NOT (" + namesExpr + ")"
	keep := func(seqs []int64) {
		for _, seq := range seqs {
			if !isExact[seq] {
				out = append(out, seq)
			}
		}
	}
	const sorted = `SELECT o.seq FROM organisations o WHERE o.seq IN (` + ftsMatch + `) ORDER BY length(o.name), o.name, o.id`
	if total <= s.tune.smallMatch {
		// Few matches: sort them all, in two queries.
		for _, tier := range []string{namesExpr, bodyExpr} {
			seqs, err := s.seqs(ctx, sorted, ftsAnd(append([]string{tier}, tags...)...))
			if err != nil {
				return nil, err
			}
			keep(seqs)
		}
		return out, nil
	}
	// Many matches: walk the names tier and then the body tier by
	// display-name length, sorting one range of lengths at a time, until
	// the page is full.
	for _, tier := range []string{namesExpr, bodyExpr} {
		for _, r := range lengthRanges {
			if len(out) >= need {
				return out, nil
			}
			seqs, err := s.seqs(ctx, sorted, ftsAnd(append([]string{tier, ftsLengths(r[0], r[1])}, tags...)...))
			if err != nil {
				return nil, err
			}
			keep(seqs)
		}
	}
	return out, nil
}

// exactMatch is a match one of whose names is the query.
type exactMatch struct {
	seq       int64
	namesTier bool
	length    int
	name, id  string
}

// exactMatches returns the matches one of whose names has the query's key,
// in ranked order. They are found by the name-key index and checked
// against the terms and filters here, which is cheaper than a full-text
// query: FTS5 tokens are the space-separated words of the documents.
func (s *Store) exactMatches(ctx context.Context, q *OrgQuery, terms []fulltext.Term, tagConds [][]string) ([]exactMatch, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.seq, o.name, o.id, o.search_names, o.search_body, o.search_tags FROM organisations o
		WHERE o.seq IN (SELECT n.org_seq FROM organisation_names n WHERE n.name_key = ?)`, fulltext.Key(q.Q))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []exactMatch
	for rows.Next() {
		var e exactMatch
		var names, body, tags string
		if err := rows.Scan(&e.seq, &e.name, &e.id, &names, &body, &tags); err != nil {
			return nil, err
		}
		nameToks, bodyToks, tagToks := strings.Fields(names), strings.Fields(body), strings.Fields(tags)
		if !hasTags(tagToks, tagConds) || !hasTerms(terms, nameToks, bodyToks) {
			continue
		}
		e.namesTier = hasTerms(terms, nameToks, nil)
		e.length = utf8.RuneCountInString(e.name)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, compareRanked)
	return out, nil
}

// hasTerms reports whether every term is among the tokens of either
// document, as FTS5 matches them: a whole token, or its start for a prefix
// term.
func hasTerms(terms []fulltext.Term, docs ...[]string) bool {
	for _, t := range terms {
		found := false
		for _, doc := range docs {
			for _, tok := range doc {
				if tok == t.Token || t.Prefix && strings.HasPrefix(tok, t.Token) {
					found = true
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// hasTags reports whether tags hold one tag of every set.
func hasTags(tags []string, conds [][]string) bool {
	for _, alts := range conds {
		if !slices.ContainsFunc(alts, func(a string) bool { return slices.Contains(tags, a) }) {
			return false
		}
	}
	return true
}
