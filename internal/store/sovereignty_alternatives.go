package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// maxHomeNeeds bounds the home country's needs a layer's alternatives are
// ranked against: the most common (domain, text) first.
const maxHomeNeeds = 50

// maxMatchCandidates bounds the candidates partner matchmaking reads per
// layer for a stress test.
const maxMatchCandidates = 200

// homeNeeds returns, per layer, the needs recorded by home's active
// organisations, one per distinct (domain, text), the most common first,
// then by domain and text; at most maxHomeNeeds a layer. One query reads
// every layer: home's organisations through their country's index, and
// their capabilities by key. The CROSS JOIN tells SQLite to take the
// organisations first (PostgreSQL plans it as any join): left to itself,
// SQLite walks every need in the registry and looks up its organisation,
// about three times slower on the 1M database (docs/benchmarks.md (f)).
func (s *Store) homeNeeds(ctx context.Context, home string) (map[string][]registry.Capability, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT c.layer, c.domain, c.text, COUNT(*)
		FROM organisations o CROSS JOIN capabilities c
		WHERE c.org_seq = o.seq AND o.country = ? AND o.status = 'active' AND c.direction = ? AND c.layer <> ''
		GROUP BY c.layer, c.domain, c.text`), home, registry.Need)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type counted struct {
		c registry.Capability
		n int
	}
	all := map[string][]counted{}
	for rows.Next() {
		x := counted{c: registry.Capability{Direction: registry.Need}}
		if err := rows.Scan(&x.c.Layer, &x.c.Domain, &x.c.Text, &x.n); err != nil {
			return nil, err
		}
		all[x.c.Layer] = append(all[x.c.Layer], x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string][]registry.Capability{}
	for layer, xs := range all {
		slices.SortFunc(xs, func(a, b counted) int {
			return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.c.Domain, b.c.Domain), cmp.Compare(a.c.Text, b.c.Text))
		})
		xs = xs[:min(len(xs), maxHomeNeeds)]
		caps := make([]registry.Capability, len(xs))
		for i, x := range xs {
			caps[i] = x.c
		}
		out[layer] = caps
	}
	return out, nil
}

// partnerCountries returns every country code that is neither home nor
// removed, in order: the countries the alternatives may come from. It
// reads no rows: a list of every code costs the candidates' query an IN
// list, where the countries actually present would cost a scan of the
// registry.
func partnerCountries(home string, removed func(string) bool) []string {
	var out []string
	for _, c := range registry.CountryCodes() {
		if c != home && !removed(c) {
			out = append(out, c)
		}
	}
	return out
}

// matchAlternatives ranks, per layer, the organisations of the partner
// countries left against home's ecosystem's needs in the layer, with
// partner matchmaking: the seeker is a needs-only profile of home whose
// needs are homeNeeds, the filters keep the layer and the countries left.
// It sets Score, NeedsMet and Plain on offers (adding the organisations
// matchmaking found that are not among them) and returns the number of
// needs per layer.
func (s *Store) matchAlternatives(ctx context.Context, home string, removed func(string) bool, offers []sovereignty.Offer) ([]sovereignty.Offer, map[string]int, error) {
	countries := partnerCountries(home, removed)
	needs := map[string]int{}
	if len(countries) == 0 {
		return offers, needs, nil
	}
	byLayer, err := s.homeNeeds(ctx, home)
	if err != nil {
		return nil, nil, fmt.Errorf("store: sovereignty alternatives: home needs: %w", err)
	}
	at := map[[2]string]int{} // (layer, org id) -> index in offers
	for i, o := range offers {
		at[[2]string{o.Layer, o.OrgID}] = i
	}
	for _, l := range registry.Layers {
		caps := byLayer[l.Code]
		if len(caps) == 0 {
			continue
		}
		needs[l.Code] = len(caps)
		seeker := &registry.Organisation{Country: home, Status: "active", Capabilities: caps}
		f := partners.Filters{Layers: []string{l.Code}, Countries: countries}
		cands, err := s.PartnerCandidates(ctx, seeker, f, maxMatchCandidates)
		if err != nil {
			return nil, nil, fmt.Errorf("store: sovereignty alternatives: %w", err)
		}
		for _, m := range partners.Rank(seeker, cands, f, partners.Context{}) {
			if removed(m.Country) || m.Country == home {
				continue
			}
			k := [2]string{l.Code, m.ID}
			i, ok := at[k]
			if !ok {
				i = len(offers)
				at[k] = i
				offers = append(offers, sovereignty.Offer{OrgID: m.ID, Name: m.Name, Country: m.Country, Layer: l.Code,
					Offers: layerOffers(cands, m.ID, l.Code)})
			}
			o := &offers[i]
			o.Score = m.Score
			o.Plain = slices.Clone(m.Reasons.Plain)
			o.NeedsMet = make([]string, len(m.Reasons.NeedsMet))
			for j, p := range m.Reasons.NeedsMet {
				o.NeedsMet[j] = p.Need.Text
			}
		}
	}
	return offers, needs, nil
}

// layerOffers counts the capabilities the candidate id offers in layer.
func layerOffers(cands []*registry.Organisation, id, layer string) int {
	n := 0
	for _, o := range cands {
		if o.ID != id {
			continue
		}
		for _, c := range o.Capabilities {
			if c.Direction == registry.Offer && c.Layer == layer {
				n++
			}
		}
	}
	return n
}
