package sovereignty

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	// Score is the partner matchmaking's score of the organisation
	// against the home country's needs in the layer (internal/partners);
	// 0 when it meets none of them or the home country has none there.
	Score float64 `json:"score"`
	// NeedsMet are the home country's needs in the layer that its offers
	// meet, strongest first; Plain is the matchmaking's reasons in
	// sentences.
	NeedsMet []string `json:"needs_met,omitempty"`
	Plain    []string `json:"plain,omitempty"`
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
// partner countries that offer it. needs is how many distinct needs the
// home country's organisations have recorded per layer: the offers'
// Score ranks them against those needs (partner matchmaking), those that
// meet one first; then come the number of capabilities offered in the
// layer, the smaller current share of their country in the layer (to
// diversify), and the name. In a layer where home has no needs, the
// offers count ranks, and the reason says so.
func StressTest(f *Figures, groups []Group, without string, offers []Offer, needs map[string]int) (*Stress, error) {
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
		st.Alternatives[l.Code] = alternatives(f, l.Code, offers, needs[l.Code], removed)
	}
	return st, nil
}

func alternatives(f *Figures, layer string, offers []Offer, needs int, removed func(string) bool) []Alternative {
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
		if o.Layer != layer || o.Country == f.Home || o.Country == "" || removed(o.Country) || o.Offers <= 0 && o.Score <= 0 {
			continue
		}
		alts = append(alts, Alternative{Offer: o})
	}
	slices.SortFunc(alts, func(a, b Alternative) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Offers, a.Offers), cmp.Compare(share[a.Country], share[b.Country]),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.OrgID, b.OrgID))
	})
	if len(alts) > MaxAlternatives {
		alts = alts[:MaxAlternatives]
	}
	home, label := registry.CountryName(f.Home), registry.LayerLabel(layer)
	for i := range alts {
		a := &alts[i]
		a.Rank = i + 1
		caps := "capabilities"
		if a.Offers == 1 {
			caps = "capability"
		}
		now := fmt.Sprintf("%s holds %.0f%% of the layer's combined cooperation now", registry.CountryName(a.Country), 100*share[a.Country])
		switch {
		case needs == 0:
			a.Reason = fmt.Sprintf("offers %d %s in the %s layer; %s (ranked by offers: %s has no needs recorded in the layer)", a.Offers, caps, label, now, home)
		case a.Score > 0:
			a.Reason = fmt.Sprintf("matches %d of %s's %s in the %s layer (matchmaking score %.2f): %s; offers %d %s in the layer; %s",
				len(a.NeedsMet), home, plural(needs, "need", "needs"), label, a.Score, quoted(a.NeedsMet, 3), a.Offers, caps, now)
		default:
			a.Reason = fmt.Sprintf("matches none of %s's %s in the %s layer; offers %d %s in the layer; %s", home, plural(needs, "need", "needs"), label, a.Offers, caps, now)
		}
	}
	if alts == nil {
		alts = []Alternative{}
	}
	return alts
}

// plural says n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// quoted lists up to max texts in quotation marks, and how many more there are.
func quoted(texts []string, max int) string {
	var b strings.Builder
	for i, t := range texts {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(texts)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("“" + t + "”")
	}
	return b.String()
}
