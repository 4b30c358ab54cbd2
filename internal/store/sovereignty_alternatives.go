package store

import (
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

// homeNeeds returns the needs recorded in layer by home's active
// organisations, one per distinct (domain, text), the most common first,
// then by domain and text; at most maxHomeNeeds.
func (s *Store) homeNeeds(ctx context.Context, home, layer string) ([]registry.Capability, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT c.domain, c.text, COUNT(*) AS n
		FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
		WHERE c.direction = ? AND c.layer = ? AND o.country = ? AND o.status = 'active'
		GROUP BY c.domain, c.text
		ORDER BY n DESC, c.domain, c.text LIMIT ?`), registry.Need, layer, home, maxHomeNeeds)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Capability
	for rows.Next() {
		c := registry.Capability{Direction: registry.Need, Layer: layer}
		var n int
		if err := rows.Scan(&c.Domain, &c.Text, &n); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// partnerCountries returns the countries of active organisations that
// are neither home nor removed, in order.
func (s *Store) partnerCountries(ctx context.Context, home string, removed func(string) bool) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT DISTINCT country FROM organisations
		WHERE status = 'active' AND country <> '' AND country <> ? ORDER BY country`), home)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if !removed(c) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// matchAlternatives ranks, per layer, the organisations of the partner
// countries left against home's ecosystem's needs in the layer, with
// partner matchmaking: the seeker is a needs-only profile of home whose
// needs are homeNeeds, the filters keep the layer and the countries left.
// It sets Score, NeedsMet and Plain on offers (adding the organisations
// matchmaking found that are not among them) and returns the number of
// needs per layer.
func (s *Store) matchAlternatives(ctx context.Context, home string, removed func(string) bool, offers []sovereignty.Offer) ([]sovereignty.Offer, map[string]int, error) {
	countries, err := s.partnerCountries(ctx, home, removed)
	if err != nil {
		return nil, nil, fmt.Errorf("store: sovereignty alternatives: %w", err)
	}
	needs := map[string]int{}
	if len(countries) == 0 {
		return offers, needs, nil
	}
	at := map[[2]string]int{} // (layer, org id) -> index in offers
	for i, o := range offers {
		at[[2]string{o.Layer, o.OrgID}] = i
	}
	for _, l := range registry.Layers {
		caps, err := s.homeNeeds(ctx, home, l.Code)
		if err != nil {
			return nil, nil, fmt.Errorf("store: sovereignty alternatives: home needs: %w", err)
		}
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
