package sovereignty

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Offer is an organisation that offers a layer: a candidate alternative
// when a partner restricts exports.
type Offer struct {
	OrgID   string `json:"org_id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Layer   string `json:"layer"`
	Offers  int    `json:"offers"` // its capabilities offered in the layer
}

// Alternative is an Offer ranked, with the reason for its rank.
type Alternative struct {
	Offer
	Rank   int    `json:"rank"`
	Reason string `json:"reason"`
}

// StressLayer is what removing the partner does to one layer and source.
type StressLayer struct {
	Layer     string  `json:"layer"`
	Source    string  `json:"source"`
	AtRisk    float64 `json:"at_risk"` // the removed partners' share, 0..1
	HHIBefore int     `json:"hhi_before"`
	HHIAfter  int     `json:"hhi_after"` // of the remaining partners' shares, renormalised; 0 when none remain
	Remaining []Share `json:"remaining"`
}

// Stress is the stress test of a home country's figures without a
// partner country or group.
type Stress struct {
	Home         string                   `json:"home"`
	Without      string                   `json:"without"`
	Countries    []string                 `json:"countries"` // the countries removed; for "other", those seen
	Layers       []StressLayer            `json:"layers"`
	Alternatives map[string][]Alternative `json:"alternatives"` // by layer
}

// MaxAlternatives is how many alternatives a stress test lists per layer.
const MaxAlternatives = 5

// Removed says which countries "without" names: a group's code (its
// countries, or for OtherGroup every country in no group) or a country
// code. It returns a function that tells whether a country is removed,
// and the error naming the parameter when without is neither.
func Removed(groups []Group, without string) (func(string) bool, []string, error) {
	ix := indexGroups(groups)
	if without == OtherGroup {
		return func(c string) bool { return ix.of(c) == OtherGroup }, nil, nil
	}
	for _, g := range groups {
		if g.Code == without {
			set := map[string]bool{}
			for _, c := range g.Countries {
				set[c] = true
			}
			return func(c string) bool { return set[c] }, slices.Clone(g.Countries), nil
		}
	}
	if IsCountryCode(without) {
		return func(c string) bool { return c == without }, []string{without}, nil
	}
	var p errs.Problems
	p.Add("without", "%q is neither a two-letter country code nor a partner group", without)
	return nil, nil, p.Err("stress test")
}

// StressTest removes the partner or group named by without from f and
// reports, per layer and source (and combined), the share at risk and
// the index of what remains; and per layer the organisations in other
// partner countries that offer it, ranked by the number of capabilities
// they offer in the layer, then by the smaller current share of their
// country in the layer (to diversify), then by name.
func StressTest(f *Figures, groups []Group, without string, offers []Offer) (*Stress, error) {
	removed, countries, err := Removed(groups, without)
	if err != nil {
		return nil, err
	}
	st := &Stress{Home: f.Home, Without: without, Countries: countries, Layers: []StressLayer{}, Alternatives: map[string][]Alternative{}}
	seen := map[string]bool{}
	for _, lf := range f.Layers {
		for _, c := range lf.Sources {
			sl := StressLayer{Layer: lf.Layer, Source: c.Source, HHIBefore: c.HHI, Remaining: []Share{}}
			var kept float64
			for _, p := range c.Partners {
				if removed(p.Code) {
					sl.AtRisk += p.Share
					seen[p.Code] = true
				} else {
					kept += p.Share
				}
			}
			if kept > 0 {
				for _, p := range c.Partners {
					if !removed(p.Code) {
						sl.Remaining = append(sl.Remaining, Share{Code: p.Code, Weight: p.Weight, Share: p.Share / kept})
					}
				}
				sl.HHIAfter = HHI(sl.Remaining)
			}
			st.Layers = append(st.Layers, sl)
		}
	}
	if without == OtherGroup {
		for c := range seen {
			st.Countries = append(st.Countries, c)
		}
		slices.Sort(st.Countries)
	}
	for _, l := range registry.Layers {
		st.Alternatives[l.Code] = alternatives(f, l.Code, offers, removed)
	}
	return st, nil
}

func alternatives(f *Figures, layer string, offers []Offer, removed func(string) bool) []Alternative {
	share := map[string]float64{}
	if lf, ok := f.Layer(layer); ok {
		if c, ok := lf.Of(Combined); ok {
			for _, p := range c.Partners {
				share[p.Code] = p.Share
			}
		}
	}
	var alts []Alternative
	for _, o := range offers {
		if o.Layer != layer || o.Country == f.Home || o.Country == "" || removed(o.Country) || o.Offers <= 0 {
			continue
		}
		alts = append(alts, Alternative{Offer: o})
	}
	slices.SortFunc(alts, func(a, b Alternative) int {
		return cmp.Or(cmp.Compare(b.Offers, a.Offers), cmp.Compare(share[a.Country], share[b.Country]),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.OrgID, b.OrgID))
	})
	if len(alts) > MaxAlternatives {
		alts = alts[:MaxAlternatives]
	}
	for i := range alts {
		a := &alts[i]
		a.Rank = i + 1
		caps := "capabilities"
		if a.Offers == 1 {
			caps = "capability"
		}
		a.Reason = fmt.Sprintf("offers %d %s in the %s layer; %s holds %.0f%% of the layer's combined cooperation now",
			a.Offers, caps, registry.LayerLabel(layer), registry.CountryName(a.Country), 100*share[a.Country])
	}
	if alts == nil {
		alts = []Alternative{}
	}
	return alts
}
