package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyCache keeps computed sovereignty figures while nothing is
// written. Its generation is the audit trail's head sequence number:
// every write to the store appends to the audit trail in its own
// transaction (audit.go), so the head moves exactly when data may have
// changed. The figures are computed in one read transaction that reads
// the head too, so a cached entry is never newer or older than its
// generation says.
type sovereigntyCache struct {
	compute sync.Mutex // one computation at a time: concurrent misses wait for it, not compute again
	mu      sync.Mutex
	gen     int64
	figures map[sovereigntyKey]*sovereignty.Figures
	groups  []sovereignty.Group
	stress  map[sovereigntyKey]*sovereignty.Stress
}

type sovereigntyKey struct {
	home string
	year int    // figures
	with string // stress: the partner or group removed
}

// get returns the cached figures of k if they are of generation gen.
func (c *sovereigntyCache) get(gen int64, k sovereigntyKey) (*sovereignty.Figures, []sovereignty.Group, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.figures == nil {
		return nil, nil, false
	}
	f, ok := c.figures[k]
	return f, c.groups, ok
}

// put caches f for k at generation gen, dropping everything older.
func (c *sovereigntyCache) put(gen int64, k sovereigntyKey, f *sovereignty.Figures, groups []sovereignty.Group) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen {
		return
	}
	if gen > c.gen || c.figures == nil {
		c.gen = gen
		c.figures = map[sovereigntyKey]*sovereignty.Figures{}
		c.stress = map[sovereigntyKey]*sovereignty.Stress{}
	}
	c.figures[k] = f
	c.groups = groups
}

// SovereigntyFigures returns the sovereignty figures of home for year (0
// for every year), from the cache when nothing has been written since
// they were computed, and the partner groups they were computed with.
func (s *Store) SovereigntyFigures(ctx context.Context, home string, year int) (*sovereignty.Figures, []sovereignty.Group, error) {
	k := sovereigntyKey{home: home, year: year}
	gen, err := s.generation(ctx, s.db)
	if err != nil {
		return nil, nil, err
	}
	if f, groups, ok := s.sov.get(gen, k); ok {
		return f, groups, nil
	}
	s.sov.compute.Lock()
	defer s.sov.compute.Unlock()
	// Another request may have computed the figures while this one waited.
	if gen, err = s.generation(ctx, s.db); err != nil {
		return nil, nil, err
	}
	if f, groups, ok := s.sov.get(gen, k); ok {
		return f, groups, nil
	}
	return s.ComputeSovereignty(ctx, home, year)
}

// ComputeSovereignty computes the figures of home for year from the
// database, bypassing the cache but filling it.
func (s *Store) ComputeSovereignty(ctx context.Context, home string, year int) (*sovereignty.Figures, []sovereignty.Group, error) {
	tx, err := s.sovereigntyReadTx(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("store: sovereignty: %w", err)
	}
	defer tx.Rollback()
	gen, err := s.generation(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	groups, err := s.partnerGroups(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	rates, err := s.exchangeRates(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	sources, samples, err := s.sovereigntySources(ctx, tx, home)
	if err != nil {
		return nil, nil, err
	}
	plain := make([]sovereignty.Rate, len(rates))
	for i, r := range rates {
		plain[i] = r.Rate
	}
	f := sovereignty.Compute(sovereignty.Input{Home: home, Sources: sources, Groups: groups, Rates: sovereignty.NewRates(plain)}, year)
	f.SampleProjects = samples
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("store: sovereignty: %w", err)
	}
	s.sov.put(gen, sovereigntyKey{home: home, year: year}, f, groups)
	return f, groups, nil
}

// maxOffers bounds the organisations read per layer as candidate
// alternatives: those with the most offers in the layer, then by name.
const maxOffers = 200

// SovereigntyStress returns the stress test of home's figures (every
// year) without the partner country or group named by without, with
// alternatives from the registry ranked by partner matchmaking against
// home's needs in each layer (matchAlternatives). It is cached like the
// figures.
func (s *Store) SovereigntyStress(ctx context.Context, home, without string) (*sovereignty.Stress, error) {
	f, groups, err := s.SovereigntyFigures(ctx, home, 0)
	if err != nil {
		return nil, err
	}
	// A stress test is cached with the figures it was computed from: only
	// while those are the cache's current figures of home.
	k, fk := sovereigntyKey{home: home, with: without}, sovereigntyKey{home: home}
	s.sov.mu.Lock()
	st, ok := s.sov.stress[k]
	ok = ok && s.sov.figures[fk] == f
	s.sov.mu.Unlock()
	if ok {
		return st, nil
	}
	removed, countries, err := sovereignty.Removed(groups, without)
	if err != nil {
		return nil, err
	}
	offers, err := s.sovereigntyOffers(ctx, home, without, groups, countries, removed)
	if err != nil {
		return nil, err
	}
	offers, needs, err := s.matchAlternatives(ctx, home, removed, offers)
	if err != nil {
		return nil, err
	}
	st, err = sovereignty.StressTest(f, groups, without, offers, needs)
	if err != nil {
		return nil, err
	}
	s.sov.mu.Lock()
	if s.sov.figures[fk] == f && s.sov.stress != nil {
		s.sov.stress[k] = st
	}
	s.sov.mu.Unlock()
	return st, nil
}

// sovereigntyOffers reads, per layer, the organisations outside home and
// outside the removed countries that offer capabilities in the layer.
func (s *Store) sovereigntyOffers(ctx context.Context, home, without string, groups []sovereignty.Group, countries []string, removed func(string) bool) ([]sovereignty.Offer, error) {
	where := []string{`c.direction = ?`, `c.layer = ?`, `o.country <> ?`}
	args := []any{registry.Offer, "", home}
	switch {
	case without == sovereignty.OtherGroup:
		// Keep only the grouped countries.
		var in []string
		for _, g := range groups {
			for _, c := range g.Countries {
				in = append(in, "?")
				args = append(args, c)
			}
		}
		if len(in) == 0 {
			return nil, nil
		}
		where = append(where, `o.country IN (`+strings.Join(in, ", ")+`)`)
	case len(countries) > 0:
		ph := make([]string, len(countries))
		for i, c := range countries {
			ph[i] = "?"
			args = append(args, c)
		}
		where = append(where, `o.country NOT IN (`+strings.Join(ph, ", ")+`)`)
	}
	q := s.dialect.rebind(`SELECT o.id, o.name, o.country, COUNT(*) AS n
		FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
		WHERE ` + strings.Join(where, " AND ") + `
		GROUP BY o.id, o.name, o.country
		ORDER BY n DESC, o.name, o.id LIMIT ` + fmt.Sprint(maxOffers))
	var out []sovereignty.Offer
	for _, l := range registry.Layers {
		args[1] = l.Code
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("store: sovereignty offers: %w", err)
		}
		for rows.Next() {
			o := sovereignty.Offer{Layer: l.Code}
			if err := rows.Scan(&o.OrgID, &o.Name, &o.Country, &o.Offers); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: sovereignty offers: %w", err)
			}
			if !removed(o.Country) {
				out = append(out, o)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: sovereignty offers: %w", err)
		}
	}
	return out, nil
}
