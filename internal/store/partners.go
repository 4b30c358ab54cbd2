package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/fulltext"
	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
)

// DefaultPartnerCandidates is the cap PartnerCandidates applies when max
// is 0 or less.
const DefaultPartnerCandidates = 500

// maxPartnerTerms bounds the words of the full-text arm.
const maxPartnerTerms = 64

// PartnerCandidates returns the organisations that partners.Rank should
// consider for me: active organisations in other countries (in
// f.Countries and of f.Kinds when given) that either have a capability in
// the domain of one of my capabilities, in the opposite direction (limited
// to f.Layers and f.Domains when given), or whose indexed text shares a
// word with one of my capability texts, best by full-text rank (on
// SQLite, only the rarer words: see rareTerms and docs/benchmarks.md (e)). Candidates
// found both ways come first, then the two arms alternate; the list is
// capped at max and loaded with what ranking reads (see loadPartnerOrgs:
// no other names, external ids or relationships). me may be a needs-only profile
// (partners.NeedsProfile) with no id.
func (s *Store) PartnerCandidates(ctx context.Context, me *registry.Organisation, f partners.Filters, max int) ([]*registry.Organisation, error) {
	if max <= 0 {
		max = DefaultPartnerCandidates
	}
	orgConds := s.partnerOrgConditions(me, f)
	byDomain, err := s.partnerDomainArm(ctx, me, f, orgConds, max)
	if err != nil {
		return nil, fmt.Errorf("store: partner candidates: %w", err)
	}
	byText, err := s.partnerTextArm(ctx, me, orgConds, max)
	if err != nil {
		return nil, fmt.Errorf("store: partner candidates: %w", err)
	}
	out, err := s.loadPartnerOrgs(ctx, mergeArms(byDomain, byText, max))
	if err != nil {
		return nil, fmt.Errorf("store: partner candidates: %w", err)
	}
	return out, nil
}

// partnerOrgConditions are the conditions on the partner organisation
// itself: active, abroad, of the countries and kinds asked for.
func (s *Store) partnerOrgConditions(me *registry.Organisation, f partners.Filters) []condition {
	cs := []condition{{`o.status = 'active'`, nil}}
	if me.Country != "" {
		cs = append(cs, condition{`o.country <> ?`, []any{strings.ToUpper(me.Country)}})
	}
	if me.ID != "" {
		cs = append(cs, condition{`o.id <> ?`, []any{me.ID}})
	}
	if len(f.Countries) > 0 {
		cs = append(cs, condition{`o.country IN (` + placeholders(len(f.Countries)) + `)`, stringsAny(f.Countries)})
	}
	if len(f.Kinds) > 0 {
		cs = append(cs, condition{`o.kind IN (` + placeholders(len(f.Kinds)) + `)`, stringsAny(f.Kinds)})
	}
	return cs
}

// partnerDomainArm returns the keys of organisations with a capability in
// the domain of one of mine, in the opposite direction, lowest key first.
// Each direction and domain is an arm of its own that the capabilities
// (direction, domain, org_seq) index yields in key order, joined with the
// organisation's conditions; the UNION merges the arms and stops at max, so
// the cost grows with max, not with how many organisations share a domain.
func (s *Store) partnerDomainArm(ctx context.Context, me *registry.Organisation, f partners.Filters, orgConds []condition, max int) ([]int64, error) {
	var arms []string
	var args []any
	w, wargs := where(orgConds)
	for _, dir := range []string{registry.Need, registry.Offer} {
		var domains []string
		for _, c := range me.Capabilities {
			if c.Direction == dir && c.Domain != "" && !slices.Contains(domains, c.Domain) {
				domains = append(domains, c.Domain)
			}
		}
		if len(f.Domains) > 0 {
			domains = slices.DeleteFunc(domains, func(d string) bool { return !slices.Contains(f.Domains, d) })
		}
		if len(domains) == 0 {
			continue
		}
		opposite := registry.Offer
		if dir == registry.Offer {
			opposite = registry.Need
		}
		for _, d := range domains {
			q := `SELECT c.org_seq FROM capabilities c JOIN organisations o ON o.seq = c.org_seq` + w + ` AND c.direction = ? AND c.domain = ?`
			args = append(args, wargs...)
			args = append(args, opposite, d)
			if len(f.Layers) > 0 {
				q += ` AND c.layer IN (` + placeholders(len(f.Layers)) + `)`
				args = append(args, stringsAny(f.Layers)...)
			}
			arms = append(arms, q)
		}
	}
	if len(arms) == 0 {
		return nil, nil
	}
	query := strings.Join(arms, ` UNION `) + ` ORDER BY 1 LIMIT ?`
	return s.seqs(ctx, s.dialect.rebind(query), append(args, max)...)
}

// partnerTextArm returns the keys of organisations whose indexed text
// (names, description, capability texts) has any word of my capability
// texts, best by full-text rank first.
func (s *Store) partnerTextArm(ctx context.Context, me *registry.Organisation, orgConds []condition, max int) ([]int64, error) {
	terms := partnerTerms(me)
	if len(terms) == 0 {
		return nil, nil
	}
	var err error
	w, args := where(orgConds)
	var query string
	if s.dialect == postgres {
		q := tsqueryAny(terms)
		query = `SELECT o.seq FROM organisations o` + w + ` AND o.search_vec @@ CAST(? AS tsquery)
			ORDER BY ts_rank(o.search_vec, CAST(? AS tsquery)) DESC, o.seq LIMIT ?`
		args = append(args, q, q, max)
	} else {
		var rank bool
		if terms, rank, err = s.rareTerms(ctx, terms, partnerTextBudget*max); err != nil || len(terms) == 0 {
			return nil, err
		}
		order := ` ORDER BY f.rank, o.seq`
		if !rank {
			// The index yields its rows in key order, so the query stops
			// at the cap instead of sorting every match.
			order = ` ORDER BY f.rowid`
		}
		query = `SELECT o.seq FROM organisation_fts f JOIN organisations o ON o.seq = f.rowid` + w +
			` AND organisation_fts MATCH ?` + order + ` LIMIT ?`
		args = append(args, "{search_names search_body} : ("+fts5Any(terms)+")", max)
	}
	return s.seqs(ctx, s.dialect.rebind(query), args...)
}

// partnerTextBudget times the cap is how many organisations the rarer
// words of the full-text arm may match in all, on SQLite: ranking by BM25
// costs a few microseconds per matching organisation.
const partnerTextBudget = 4

// rareTerms returns the rarest of terms whose organisation counts add up
// to at most budget, rarest first, and true (SQLite only). Words in no
// organisation are dropped. If even the rarest word is in more
// organisations than budget, it returns that word alone and false: match
// on it, but do not rank.
//
// The counts are read from the full-text index, each capped at budget+1
// (a word counted past the budget is never chosen), which reads at most
// budget+1 entries a word instead of every organisation a common word is
// in. Only when every word passes the budget are they counted again, capped
// at rareFallbackFactor × budget, to find the rarest (the first by spelling
// among those past that too): the cost stays bounded however large the
// registry grows.
func (s *Store) rareTerms(ctx context.Context, terms []string, budget int) ([]string, bool, error) {
	found, err := s.cappedTermCounts(ctx, terms, budget+1)
	if err != nil {
		return nil, false, err
	}
	var out []string
	total := 0
	for _, t := range found {
		if total+t.docs > budget {
			break
		}
		total += t.docs
		out = append(out, t.term)
	}
	if len(out) > 0 || len(found) == 0 {
		return out, true, nil
	}
	common := make([]string, len(found))
	for i, t := range found {
		common[i] = t.term
	}
	again, err := s.cappedTermCounts(ctx, common, rareFallbackFactor*budget+1)
	if err != nil || len(again) == 0 {
		return nil, false, err
	}
	return []string{again[0].term}, false, nil
}

// rareFallbackFactor times the budget caps the second count of rareTerms,
// when every word is past the budget.
const rareFallbackFactor = 8

// cappedTermCounts counts the organisations of each of terms, up to limit
// each: from the search index in memory when it is built, else from the
// full-text index in one statement; rarest first, words in none left out.
func (s *Store) cappedTermCounts(ctx context.Context, terms []string, limit int) ([]termDocs, error) {
	idx, err := s.currentSearchIndex(ctx)
	if err != nil {
		return nil, err
	}
	if idx != nil {
		// The search index counts a word from its bitmaps, without
		// reading the full-text index's list of it.
		var found []termDocs
		for _, t := range terms {
			if n := min(idx.DocCount(t), limit); n > 0 {
				found = append(found, termDocs{t, n})
			}
		}
		slices.SortFunc(found, rarestFirst)
		return found, nil
	}
	arms := make([]string, len(terms))
	args := make([]any, 0, 3*len(terms))
	for i, t := range terms {
		arms[i] = `SELECT ?, (SELECT count(*) FROM (SELECT 1 FROM organisation_fts WHERE organisation_fts MATCH ? LIMIT ?))`
		args = append(args, t, fts5Any([]string{t}), limit)
	}
	return s.termCounts(ctx, strings.Join(arms, ` UNION ALL `), args)
}

// termDocs is a word and how many organisations have it.
type termDocs struct {
	term string
	docs int
}

// termCounts runs query, which selects words and counts, and returns the
// words with a count above zero, rarest first (ties by word).
func (s *Store) termCounts(ctx context.Context, query string, args []any) ([]termDocs, error) {
	var found []termDocs
	err := s.eachRow(ctx, query, args, func(rows *sql.Rows) error {
		var t termDocs
		if err := rows.Scan(&t.term, &t.docs); err != nil {
			return err
		}
		if t.docs > 0 {
			found = append(found, t)
		}
		return nil
	})
	slices.SortFunc(found, rarestFirst)
	return found, err
}

// rarestFirst orders words by their organisation counts, then by spelling.
func rarestFirst(a, b termDocs) int {
	return cmp.Or(cmp.Compare(a.docs, b.docs), cmp.Compare(a.term, b.term))
}

// partnerStopwords are words too common in capability texts to find a
// partner by.
var partnerStopwords = map[string]bool{
	"and": true, "the": true, "for": true, "with": true, "from": true, "our": true, "into": true,
	"that": true, "this": true, "are": true, "can": true, "other": true, "its": true, "their": true,
	"who": true, "any": true, "all": true, "per": true, "via": true, "over": true, "new": true,
}

// partnerTerms returns the distinct index tokens of my capability texts,
// without stopwords and one-letter words, at most maxPartnerTerms.
func partnerTerms(me *registry.Organisation) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range me.Capabilities {
		for _, t := range fulltext.Tokens(c.Text) {
			if seen[t] || partnerStopwords[t] || utf8.RuneCountInString(t) < 2 || len(out) >= maxPartnerTerms {
				continue
			}
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// fts5Any writes tokens as an FTS5 query that any of them matches.
func fts5Any(tokens []string) string {
	parts := make([]string, len(tokens))
	for i, t := range tokens {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(parts, " OR ")
}

// tsqueryAny writes tokens as a tsquery that any of them matches.
func tsqueryAny(tokens []string) string {
	parts := make([]string, len(tokens))
	for i, t := range tokens {
		t = strings.ReplaceAll(t, `\`, `\\`)
		parts[i] = "'" + strings.ReplaceAll(t, `'`, `''`) + "'"
	}
	return strings.Join(parts, " | ")
}

// mergeArms puts keys found by both arms first, in text-rank order, then
// alternates the rest of the text and domain arms, capped at limit.
func mergeArms(byDomain, byText []int64, limit int) []int64 {
	inDomain := make(map[int64]bool, len(byDomain))
	for _, k := range byDomain {
		inDomain[k] = true
	}
	var out []int64
	taken := map[int64]bool{}
	take := func(k int64) {
		if !taken[k] && len(out) < limit {
			taken[k] = true
			out = append(out, k)
		}
	}
	for _, k := range byText {
		if inDomain[k] {
			take(k)
		}
	}
	for i := 0; i < max(len(byText), len(byDomain)); i++ {
		if i < len(byText) {
			take(byText[i])
		}
		if i < len(byDomain) {
			take(byDomain[i])
		}
	}
	return out
}

func stringsAny(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
