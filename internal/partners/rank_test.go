package partners

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

func org(id, country, kind string, caps ...registry.Capability) *registry.Organisation {
	o := &registry.Organisation{ID: id, Name: id, Country: country, Kind: kind, Status: "active", Capabilities: caps}
	for _, c := range caps {
		if !slices.Contains(o.Layers, c.Layer) {
			o.Layers = append(o.Layers, c.Layer)
		}
		if !slices.Contains(o.Domains, c.Domain) {
			o.Domains = append(o.Domains, c.Domain)
		}
	}
	return o
}

func need(layer, domain, text string) registry.Capability {
	return registry.Capability{Direction: registry.Need, Layer: layer, Domain: domain, Text: text}
}

func offer(layer, domain, text string) registry.Capability {
	return registry.Capability{Direction: registry.Offer, Layer: layer, Domain: domain, Text: text}
}

// ids returns the ids of the matches, in order.
func ids(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func find(ms []Match, id string) (Match, bool) {
	for _, m := range ms {
		if m.ID == id {
			return m, true
		}
	}
	return Match{}, false
}

// filler gives the corpus some unrelated capability texts, so that IDF
// separates rare words from common ones as it does in a real registry.
func filler() []*registry.Organisation {
	return []*registry.Organisation{
		org("z-filler-1", "SG", "company", offer("application", "finance", "credit scoring for micro-enterprises"), need("application", "finance", "payments partners for lending")),
		org("z-filler-2", "SG", "company", offer("energy", "climate-energy", "solar-backed colocation for workloads"), need("energy", "climate-energy", "battery storage partners for pilots")),
		org("z-filler-3", "SG", "company", offer("model", "healthcare", "triage models for hospitals"), need("model", "healthcare", "clinical partners for validation")),
	}
}

func TestPairType(t *testing.T) {
	me := org("me", "IN", "startup", need("semiconductor", "packaging-atmp", "fan-out wafer-level packaging pilot runs"))
	tests := []struct {
		name     string
		offer    registry.Capability
		wantType string
		wantMet  bool
	}{
		{"same layer and domain, no words in common", offer("semiconductor", "packaging-atmp", "flip-chip assembly and final test"), "layer and domain", true},
		{"same domain, other layer", offer("infrastructure", "packaging-atmp", "flip-chip assembly and final test"), "domain", true},
		{"same layer only, no words in common: not met", offer("semiconductor", "memory", "LPDDR5 engineering samples"), "", false},
		{"same layer and words in common", offer("semiconductor", "memory", "fan-out wafer-level packaging pilot runs for memory dies"), "layer", true},
		{"words only", offer("application", "robotics", "fan-out wafer-level packaging pilot runs"), "", true},
	}
	var cands []*registry.Organisation
	for i, tt := range tests {
		cands = append(cands, org(string(rune('a'+i)), "MY", "company", tt.offer))
	}
	got := Rank(me, append(cands, filler()...), Filters{}, Context{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := find(got, cands[i].ID)
			if ok != tt.wantMet {
				t.Fatalf("ranked: got %v, want %v", ok, tt.wantMet)
			}
			if !ok {
				return
			}
			if len(m.Reasons.NeedsMet) != 1 {
				t.Fatalf("needs met: got %d, want 1", len(m.Reasons.NeedsMet))
			}
			if p := m.Reasons.NeedsMet[0]; p.Type != tt.wantType {
				t.Errorf("type: got %q, want %q", p.Type, tt.wantType)
			}
		})
	}
}

func TestComponentsOrder(t *testing.T) {
	me := org("me", "IN", "startup",
		need("semiconductor", "packaging-atmp", "OSAT partners in Malaysia for fan-out wafer-level packaging pilot runs"),
		offer("semiconductor", "chip-design", "Licensable RISC-V NPU IP with compiler toolchain"))
	tests := []struct {
		name          string
		better, worse *registry.Organisation
	}{
		{"same layer and domain beats same domain",
			org("both", "TH", "company", offer("semiconductor", "packaging-atmp", "fan-out pilot runs")),
			org("domain", "TH", "company", offer("infrastructure", "packaging-atmp", "fan-out pilot runs"))},
		{"same domain beats same layer",
			org("domain", "TH", "company", offer("infrastructure", "packaging-atmp", "fan-out pilot runs")),
			org("layer", "TH", "company", offer("semiconductor", "memory", "fan-out pilot runs"))},
		{"more words in common beat fewer",
			org("words", "TH", "company", offer("semiconductor", "packaging-atmp", "fan-out wafer-level packaging pilot runs")),
			org("fewer", "TH", "company", offer("semiconductor", "packaging-atmp", "flip-chip assembly"))},
		{"a need that names the partner's country favours it",
			org("malaysia", "MY", "company", offer("semiconductor", "packaging-atmp", "fan-out pilot runs")),
			org("thailand", "TH", "company", offer("semiconductor", "packaging-atmp", "fan-out pilot runs"))},
		{"useful both ways beats one-sided, other things equal",
			org("two-way", "TH", "company", offer("semiconductor", "packaging-atmp", "fan-out pilot runs"), need("semiconductor", "chip-design", "RISC-V NPU IP for prototypes")),
			org("one-way", "TH", "company", offer("semiconductor", "packaging-atmp", "fan-out pilot runs"), need("energy", "climate-energy", "battery storage sites"))},
		{"meeting my need beats having a need I meet",
			org("meets-mine", "TH", "company", offer("semiconductor", "packaging-atmp", "fan-out pilot runs")),
			org("needs-mine", "TH", "company", need("semiconductor", "chip-design", "fan-out pilot runs and RISC-V NPU IP"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rank(me, append([]*registry.Organisation{tt.worse, tt.better}, filler()...), Filters{}, Context{})
			b, okB := find(got, tt.better.ID)
			w, okW := find(got, tt.worse.ID)
			if !okB || !okW {
				t.Fatalf("got %v, want both %s and %s ranked", ids(got), tt.better.ID, tt.worse.ID)
			}
			if b.Score <= w.Score {
				t.Errorf("%s scores %.3f, %s scores %.3f: want the first higher", b.ID, b.Score, w.ID, w.Score)
			}
		})
	}
}

func TestReasons(t *testing.T) {
	me := org("me", "IN", "startup",
		need("semiconductor", "packaging-atmp", "Fan-out wafer-level packaging pilot runs"),
		offer("semiconductor", "chip-design", "Licensable RISC-V NPU IP with compiler toolchain"))
	me.Description = "Fabless startup designing edge-AI accelerators."
	partner := org("p", "MY", "company",
		offer("semiconductor", "packaging-atmp", "Fan-out wafer-level packaging pilot runs from 25 wafers"),
		need("semiconductor", "chip-design", "Licensable NPU IP for a reference design"),
		need("semiconductor", "packaging-atmp", "Fabless customers in India"))
	got := Rank(me, append([]*registry.Organisation{partner}, filler()...), Filters{}, Context{})
	if len(got) != 1 {
		t.Fatalf("got %v, want [p]", ids(got))
	}
	m := got[0]
	rs := m.Reasons
	if len(rs.NeedsMet) != 1 || rs.NeedsMet[0].Offer.Text != partner.Capabilities[0].Text || rs.NeedsMet[0].Need.Text != me.Capabilities[0].Text {
		t.Errorf("needs met: got %+v, want my need paired with their fan-out offer", rs.NeedsMet)
	}
	if len(rs.NeedsServed) != 2 {
		t.Fatalf("needs served: got %d, want 2: %+v", len(rs.NeedsServed), rs.NeedsServed)
	}
	var viaProfile *Pair
	for i, p := range rs.NeedsServed {
		if p.Profile {
			viaProfile = &rs.NeedsServed[i]
		}
	}
	if viaProfile == nil || viaProfile.Place != "IN" || viaProfile.Offer.Text != me.Description {
		t.Errorf("the need for Indian fabless customers: got %+v, want it met by my description, with India named", viaProfile)
	}
	if !slices.Equal(rs.SharedLayers, []string{"semiconductor"}) || !slices.Equal(rs.SharedDomains, []string{"packaging-atmp", "chip-design"}) {
		t.Errorf("shared: got layers %q domains %q", rs.SharedLayers, rs.SharedDomains)
	}
	pt := rs.Points
	if pt.Reciprocity <= 0 {
		t.Errorf("reciprocity: got %v, want > 0 for a two-way match", pt.Reciprocity)
	}
	if want := round(reciprocityWeight * min(pt.NeedsMet, pt.NeedsServed/servedWeight)); math.Abs(pt.Reciprocity-want) > 1e-5 {
		t.Errorf("reciprocity: got %v, want %v (half the smaller side)", pt.Reciprocity, want)
	}
	if pt.Text <= 0 || pt.Text > pt.NeedsMet+pt.NeedsServed {
		t.Errorf("text points: got %v, want in (0, %v]", pt.Text, pt.NeedsMet+pt.NeedsServed)
	}
	if pt.Shared != round(2*sharedDomain+sharedLayer) {
		t.Errorf("shared points: got %v, want %v", pt.Shared, 2*sharedDomain+sharedLayer)
	}
	if len(rs.Plain) < 5 {
		t.Errorf("plain: got %d sentences, want at least 5: %q", len(rs.Plain), rs.Plain)
	}
}

func TestDiversification(t *testing.T) {
	me := org("me", "IN", "startup", need("semiconductor", "packaging-atmp", "fan-out wafer-level packaging pilot runs"))
	same := func(id, country string) *registry.Organisation {
		return org(id, country, "company", offer("semiconductor", "packaging-atmp", "fan-out wafer-level packaging pilot runs"))
	}
	cands := append([]*registry.Organisation{same("a-jp", "JP"), same("b-kr", "KR")}, filler()...)
	tests := []struct {
		name         string
		c            Concentration
		wantDiscount float64 // on a-jp
		wantFirst    string
	}{
		{"no concentration: no adjustment, ties broken by id", nil, 0, "a-jp"},
		{"a share at the floor: no adjustment", Concentration{{"IN", "semiconductor"}: {"JP": 0.25}}, 0, "a-jp"},
		{"a concentrated country counts less", Concentration{{"IN", "semiconductor"}: {"JP": 0.625, "KR": 0.05}}, 0.25, "b-kr"},
		{"concentration in another layer: no adjustment", Concentration{{"IN", "model"}: {"JP": 0.9}}, 0, "a-jp"},
		{"concentration of another home country: no adjustment", Concentration{{"VN", "semiconductor"}: {"JP": 0.9}}, 0, "a-jp"},
	}
	base, _ := find(Rank(me, cands, Filters{}, Context{}), "a-jp")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rank(me, cands, Filters{}, Context{Concentration: tt.c})
			if got[0].ID != tt.wantFirst {
				t.Errorf("first: got %s, want %s", got[0].ID, tt.wantFirst)
			}
			jp, _ := find(got, "a-jp")
			if tt.wantDiscount == 0 {
				if len(jp.Reasons.Discounts) != 0 || jp.Score != base.Score {
					t.Errorf("got discounts %+v and score %v, want none and %v", jp.Reasons.Discounts, jp.Score, base.Score)
				}
				return
			}
			if len(jp.Reasons.Discounts) != 1 || jp.Reasons.Discounts[0].Discount != tt.wantDiscount || jp.Reasons.Discounts[0].Layer != "semiconductor" {
				t.Fatalf("discounts: got %+v, want 25%% in semiconductor", jp.Reasons.Discounts)
			}
			wantMet := round(base.Reasons.Points.NeedsMet * (1 - tt.wantDiscount))
			if math.Abs(jp.Reasons.Points.NeedsMet-wantMet) > 1e-5 {
				t.Errorf("needs met: got %v, want %v", jp.Reasons.Points.NeedsMet, wantMet)
			}
			if d := jp.Reasons.Points.Diversification; math.Abs(d-(jp.Score-base.Score)) > 1e-5 || d >= 0 {
				t.Errorf("diversification points: got %v, want %v", d, jp.Score-base.Score)
			}
			if !slices.ContainsFunc(jp.Reasons.Plain, func(s string) bool {
				return strings.Contains(s, "Japan already holds 63% of India's partnerships in the Semiconductor layer, so matches in that layer count 25% less")
			}) {
				t.Errorf("plain: got %q, want the share and the discount said", jp.Reasons.Plain)
			}
		})
	}
}

func TestConcentrationDiscount(t *testing.T) {
	c := Concentration{{"IN", "semiconductor"}: {"JP": 0.625, "TW": 1, "KR": 0.25, "SG": 1.5, "MY": -1}}
	tests := []struct {
		partner             string
		wantShare, wantDisc float64
	}{
		{"JP", 0.625, 0.25},
		{"TW", 1, 0.5},
		{"KR", 0.25, 0},
		{"VN", 0, 0},
		{"SG", 1, 0.5}, // shares above 1 are read as 1
		{"MY", 0, 0},   // and below 0 as 0
	}
	for _, tt := range tests {
		share, disc := c.Discount("IN", "semiconductor", tt.partner)
		if math.Abs(share-tt.wantShare) > 1e-9 || math.Abs(disc-tt.wantDisc) > 1e-9 {
			t.Errorf("Discount(IN, semiconductor, %s): got %v, %v, want %v, %v", tt.partner, share, disc, tt.wantShare, tt.wantDisc)
		}
	}
	if s, d := Concentration(nil).Discount("IN", "semiconductor", "JP"); s != 0 || d != 0 {
		t.Errorf("nil concentration: got %v, %v, want 0, 0", s, d)
	}
}
