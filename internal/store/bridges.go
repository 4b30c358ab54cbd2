package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
)

// Bridge is what two countries' registered organisations could do for
// each other: for each layer and domain, how many needs on one side meet
// offers on the other, both ways, and the strongest candidate pairs.
type Bridge struct {
	A     string       `json:"a"` // ISO 3166-1 alpha-2
	B     string       `json:"b"`
	Cells []BridgeCell `json:"cells"`
	// MetAB and MetBA total the cells' MetAB and MetBA.
	MetAB int          `json:"needs_a_met_by_b"`
	MetBA int          `json:"needs_b_met_by_a"`
	Pairs []BridgePair `json:"pairs"`
}

// BridgeCell counts the capabilities of active organisations of the two
// countries in one layer and domain. A need meets an offer when both have
// this layer and domain (capabilities without a domain are left out).
type BridgeCell struct {
	Layer   string `json:"layer"`
	Domain  string `json:"domain"`
	NeedsA  int    `json:"needs_a"`
	OffersA int    `json:"offers_a"`
	NeedsB  int    `json:"needs_b"`
	OffersB int    `json:"offers_b"`
	// MetAB is how many of A's needs B's offers meet: all of them when B
	// has an offer here, else none. MetBA is the reverse.
	MetAB int `json:"needs_a_met_by_b"`
	MetBA int `json:"needs_b_met_by_a"`
}

// BridgePair is a candidate pair: an organisation of either country and
// its partner in the other, ranked by partners.Rank with its reasons.
type BridgePair struct {
	From     string         `json:"from"` // id of the organisation whose needs and offers were ranked against
	FromName string         `json:"from_name"`
	Partner  partners.Match `json:"partner"`
}

// Limits of a bridge's candidate pairs.
const (
	// BridgeAnchors is how many organisations on each side, those with
	// the most needs the other side's offers meet, are ranked against the
	// other country.
	BridgeAnchors = 5
	// BridgePairs is how many pairs a bridge returns at most.
	BridgePairs = 10
	// bridgeCandidates caps the candidates of each anchor's ranking.
	bridgeCandidates = 200
	// bridgeAnchorPage is how many organisations, by their needs, the
	// search for anchors reads at a time, and bridgeAnchorScan how many at
	// most.
	bridgeAnchorPage = 100
	bridgeAnchorScan = 2000
)

// CountryBridge returns the bridge between countries a and b with at
// most pairs candidate pairs (BridgePairs if pairs is 0 or less), from
// the cache when nothing has been written since it was computed.
func (s *Store) CountryBridge(ctx context.Context, a, b string, pairs int) (*Bridge, error) {
	a, b, pairs, err := bridgeArgs(a, b, pairs)
	if err != nil {
		return nil, err
	}
	gen, err := s.generation(ctx, s.db)
	if err != nil {
		return nil, err
	}
	k := bridgeKey{a: a, b: b, pairs: pairs}
	if br, ok := s.bridges.get(gen, k); ok {
		return br, nil
	}
	br, err := s.ComputeCountryBridge(ctx, a, b, pairs)
	if err != nil {
		return nil, err
	}
	s.bridges.put(gen, k, br)
	return br, nil
}

// ComputeCountryBridge computes the bridge between countries a and b,
// bypassing the cache: counts read from bridge_counts, and the strongest
// pairs found by ranking the best-placed organisations of each side
// against the other country with partners.Rank, at most pairs of them
// (BridgePairs if pairs is 0 or less).
func (s *Store) ComputeCountryBridge(ctx context.Context, a, b string, pairs int) (*Bridge, error) {
	const op = "country bridge"
	a, b, pairs, err := bridgeArgs(a, b, pairs)
	if err != nil {
		return nil, err
	}
	out := &Bridge{A: a, B: b, Cells: []BridgeCell{}, Pairs: []BridgePair{}}
	if err := s.bridgeCells(ctx, out); err != nil {
		return nil, fmt.Errorf("store: %s %s-%s: %w", op, a, b, err)
	}
	if err := s.bridgePairs(ctx, out, pairs); err != nil {
		return nil, fmt.Errorf("store: %s %s-%s: %w", op, a, b, err)
	}
	return out, nil
}

// bridgeArgs checks and normalises the countries and the number of pairs
// of a bridge.
func bridgeArgs(a, b string, pairs int) (string, string, int, error) {
	a, b = strings.ToUpper(strings.TrimSpace(a)), strings.ToUpper(strings.TrimSpace(b))
	var p errs.Problems
	for _, c := range []struct{ field, code string }{{"a", a}, {"b", b}} {
		if !registry.IsCountry(c.code) {
			p.Add(c.field, "%q is not an ISO 3166-1 alpha-2 code", c.code)
		}
	}
	if a == b && a != "" {
		p.Add("b", "must be another country than a")
	}
	if err := p.Err("country bridge"); err != nil {
		return "", "", 0, err
	}
	if pairs <= 0 || pairs > BridgePairs {
		pairs = BridgePairs
	}
	return a, b, pairs, nil
}

// bridgeCells reads the two countries' needs and offers by layer and
// domain from bridge_counts, which the triggers of migration 0009 keep:
// a lookup, whatever the size of the registry.
func (s *Store) bridgeCells(ctx context.Context, br *Bridge) error {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT layer, domain, country, direction, n
		FROM bridge_counts WHERE country IN (?, ?) AND n > 0`), br.A, br.B)
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct{ layer, domain string }
	cells := map[key]*BridgeCell{}
	for rows.Next() {
		var k key
		var country, dir string
		var n int
		if err := rows.Scan(&k.layer, &k.domain, &country, &dir, &n); err != nil {
			return err
		}
		c := cells[k]
		if c == nil {
			c = &BridgeCell{Layer: k.layer, Domain: k.domain}
			cells[k] = c
		}
		switch {
		case country == br.A && dir == registry.Need:
			c.NeedsA += n
		case country == br.A && dir == registry.Offer:
			c.OffersA += n
		case country == br.B && dir == registry.Need:
			c.NeedsB += n
		case country == br.B && dir == registry.Offer:
			c.OffersB += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cells {
		if c.OffersB > 0 {
			c.MetAB = c.NeedsA
		}
		if c.OffersA > 0 {
			c.MetBA = c.NeedsB
		}
		br.MetAB += c.MetAB
		br.MetBA += c.MetBA
		br.Cells = append(br.Cells, *c)
	}
	slices.SortFunc(br.Cells, func(x, y BridgeCell) int {
		return cmp.Or(cmp.Compare(y.MetAB+y.MetBA, x.MetAB+x.MetBA), cmp.Compare(x.Layer, y.Layer), cmp.Compare(x.Domain, y.Domain))
	})
	return nil
}

// bridgePairs ranks, on each side, the organisations with the most needs
// that the other side's offers meet against the other country, and keeps
// the best pairs: one per two organisations, highest score first.
func (s *Store) bridgePairs(ctx context.Context, br *Bridge, limit int) error {
	vocab, err := s.Vocabulary(ctx)
	if err != nil {
		return err
	}
	type ranking struct {
		me      *registry.Organisation
		f       partners.Filters
		matches []partners.Match
		err     error
	}
	var todo []*ranking
	for _, side := range [][2]string{{br.A, br.B}, {br.B, br.A}} {
		anchors, err := s.bridgeAnchors(ctx, br, side[0])
		if err != nil {
			return err
		}
		for _, me := range anchors {
			todo = append(todo, &ranking{me: me, f: partners.Filters{Countries: []string{side[1]}, Limit: 3}})
		}
	}
	// The rankings are independent reads: run them on as many workers as
	// there are processors, and merge them in order, so that the result is
	// the same as one after the other.
	next := make(chan *ranking)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for r := range next {
				cands, err := s.PartnerCandidates(ctx, r.me, r.f, bridgeCandidates)
				if err != nil {
					r.err = err
					continue
				}
				r.matches = partners.Rank(r.me, cands, r.f, partners.Context{Vocabulary: vocab})
			}
		})
	}
	for _, r := range todo {
		next <- r
	}
	close(next)
	wg.Wait()
	best := map[[2]string]BridgePair{}
	for _, r := range todo {
		if r.err != nil {
			return r.err
		}
		for _, m := range r.matches {
			k := [2]string{min(r.me.ID, m.ID), max(r.me.ID, m.ID)}
			if old, ok := best[k]; !ok || m.Score > old.Partner.Score {
				best[k] = BridgePair{From: r.me.ID, FromName: r.me.Name, Partner: m}
			}
		}
	}
	for _, p := range best {
		br.Pairs = append(br.Pairs, p)
	}
	slices.SortFunc(br.Pairs, func(x, y BridgePair) int {
		return cmp.Or(cmp.Compare(y.Partner.Score, x.Partner.Score), cmp.Compare(x.From, y.From), cmp.Compare(x.Partner.ID, y.Partner.ID))
	})
	if len(br.Pairs) > limit {
		br.Pairs = br.Pairs[:limit]
	}
	return nil
}

// bridgeAnchors returns the active organisations of country from (br.A
// or br.B) with the most needs that the other country offers in the same
// layer and domain (the cells where it meets them, already counted), then
// the earliest registered, at most BridgeAnchors, loaded for ranking.
//
// It looks at the organisations in order of their needs (bridge_needs,
// kept by triggers), a page at a time, and counts which of their needs
// are met, until no organisation left could do better than the anchors
// found: one with n needs has at most n met. That is exact, and usually
// stops in the first page; so that the cost stays bounded when few needs
// are met, it looks at no more than bridgeAnchorScan organisations.
func (s *Store) bridgeAnchors(ctx context.Context, br *Bridge, from string) ([]*registry.Organisation, error) {
	met := map[[2]string]bool{}
	for _, c := range br.Cells {
		if (from == br.A && c.MetAB > 0) || (from == br.B && c.MetBA > 0) {
			met[[2]string{c.Layer, c.Domain}] = true
		}
	}
	if len(met) == 0 {
		return nil, nil
	}
	type anchor struct {
		seq   int64
		needs int // met, or at most met while only read from bridge_needs
	}
	var best []anchor
	beats := func(x, y anchor) bool { return x.needs > y.needs || x.needs == y.needs && x.seq < y.seq }
	for offset := 0; offset < bridgeAnchorScan; offset += bridgeAnchorPage {
		var page []anchor
		err := s.eachRow(ctx, `SELECT org_seq, n FROM bridge_needs WHERE country = ? AND n > 0
			ORDER BY n DESC, org_seq LIMIT ? OFFSET ?`, []any{from, bridgeAnchorPage, offset}, func(rows *sql.Rows) error {
			var a anchor
			if err := rows.Scan(&a.seq, &a.needs); err != nil {
				return err
			}
			page = append(page, a)
			return nil
		})
		if err != nil {
			return nil, err
		}
		// The page comes in order of needs, then seq: once one cannot
		// beat the last anchor, none after it can.
		done := len(page) < bridgeAnchorPage
		for i, a := range page {
			if len(best) == BridgeAnchors && !beats(a, best[len(best)-1]) {
				page, done = page[:i], true
				break
			}
		}
		seqs := make([]int64, len(page))
		for i, a := range page {
			seqs[i] = a.seq
		}
		counts, err := s.countMetNeeds(ctx, seqs, met)
		if err != nil {
			return nil, err
		}
		for _, q := range seqs {
			best = append(best, anchor{q, counts[q]})
		}
		slices.SortFunc(best, func(x, y anchor) int { return cmp.Or(cmp.Compare(y.needs, x.needs), cmp.Compare(x.seq, y.seq)) })
		best = best[:min(len(best), BridgeAnchors)]
		if done {
			break
		}
	}
	seqs := make([]int64, len(best))
	for i, a := range best {
		seqs[i] = a.seq
	}
	return s.loadPartnerOrgs(ctx, seqs)
}

// countMetNeeds counts, for each organisation of seqs, its needs in the
// met cells, reading their capabilities by primary key.
func (s *Store) countMetNeeds(ctx context.Context, seqs []int64, met map[[2]string]bool) (map[int64]int, error) {
	counts := map[int64]int{}
	if len(seqs) == 0 {
		return counts, nil
	}
	args := make([]any, len(seqs))
	for i, q := range seqs {
		args[i] = q
	}
	// The direction is checked here, as a condition on it could lead the
	// planner to the direction index instead of the primary key.
	err := s.eachRow(ctx, `SELECT org_seq, direction, layer, domain FROM capabilities WHERE org_seq IN (?`+
		strings.Repeat(`, ?`, len(seqs)-1)+`)`, args, func(rows *sql.Rows) error {
		var q int64
		var dir string
		var c [2]string
		if err := rows.Scan(&q, &dir, &c[0], &c[1]); err != nil {
			return err
		}
		if dir == registry.Need && met[c] {
			counts[q]++
		}
		return nil
	})
	return counts, err
}
