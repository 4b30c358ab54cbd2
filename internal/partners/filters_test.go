package partners

import (
	"math"
	"slices"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

func TestFilters(t *testing.T) {
	me := org("me", "IN", "startup",
		need("semiconductor", "packaging-atmp", "fan-out packaging pilot runs"),
		need("energy", "green-technology", "battery storage for substation pilots"),
		offer("application", "supply-chain", "supplier risk scoring for electronic components"))
	me.ID = "me"
	inactive := org("inactive-jp", "JP", "company", offer("semiconductor", "packaging-atmp", "fan-out packaging pilot runs"))
	inactive.Status = "inactive"
	cands := []*registry.Organisation{
		me, // I am among the candidates, as when the caller passes the whole registry
		org("pack-my", "MY", "company", offer("semiconductor", "packaging-atmp", "fan-out packaging pilot runs")),
		org("battery-jp", "JP", "company", offer("energy", "green-technology", "battery storage systems for substation pilots")),
		org("risk-vn", "VN", "startup", need("application", "supply-chain", "supplier risk scoring for components")),
		org("fund-sg", "SG", "investor", offer("energy", "green-technology", "battery storage pilots financed"), offer("semiconductor", "packaging-atmp", "fan-out packaging capacity investment")),
		org("pack-in", "IN", "company", offer("semiconductor", "packaging-atmp", "fan-out packaging pilot runs")),
		inactive,
	}
	cands = append(cands, filler()...)
	tests := []struct {
		name string
		f    Filters
		want []string // sorted
	}{
		{"no filters: all but me, my country and the inactive", Filters{}, []string{"battery-jp", "fund-sg", "pack-my", "risk-vn"}},
		{"countries", Filters{Countries: []string{"JP", "MY"}}, []string{"battery-jp", "pack-my"}},
		{"my own country is never a partner", Filters{Countries: []string{"IN"}}, nil},
		{"kinds", Filters{Kinds: []string{"investor", "startup"}}, []string{"fund-sg", "risk-vn"}},
		{"layers keep pairs in which the partner's capability is in the layer", Filters{Layers: []string{"energy"}}, []string{"battery-jp", "fund-sg"}},
		{"domains", Filters{Domains: []string{"supply-chain"}}, []string{"risk-vn"}},
		{"layers and domains together", Filters{Layers: []string{"semiconductor"}, Domains: []string{"packaging-atmp"}}, []string{"fund-sg", "pack-my"}},
		{"limit", Filters{Limit: 2}, nil}, // checked below
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rank(me, cands, tt.f, Context{})
			if tt.f.Limit > 0 {
				all := Rank(me, cands, Filters{}, Context{})
				if !slices.Equal(ids(got), ids(all)[:tt.f.Limit]) {
					t.Errorf("got %v, want the first %d of %v", ids(got), tt.f.Limit, ids(all))
				}
				return
			}
			gotIDs := ids(got)
			slices.Sort(gotIDs)
			if !slices.Equal(gotIDs, tt.want) {
				t.Errorf("got %v, want %v", gotIDs, tt.want)
			}
			for _, m := range got {
				for _, p := range m.Reasons.NeedsMet {
					if !tt.f.keepsCapability(p.Offer.Layer, p.Offer.Domain) && !p.Profile {
						t.Errorf("%s: pair with offer in %s/%s passed the filters", m.ID, p.Offer.Layer, p.Offer.Domain)
					}
				}
			}
		})
	}
}

func TestPurpose(t *testing.T) {
	me := org("me", "IN", "startup",
		need("application", "finance", "Series A investment for an India-Japan expansion"),
		need("semiconductor", "chip-design", "Engineers for 12-month placements in verification"),
		need("semiconductor", "chip-design", "Joint research on low-power NPU architectures"),
		offer("semiconductor", "chip-design", "RISC-V NPU IP licensing"))
	investor := org("investor-sg", "SG", "investor", offer("application", "finance", "Series A investment in deep-tech startups"))
	placer := org("placer-tw", "TW", "company", offer("semiconductor", "chip-design", "Verification engineers for 12-month placements"))
	lab := org("lab-jp", "JP", "research-institute", offer("semiconductor", "chip-design", "Joint research on low-power NPU architectures"))
	cands := append([]*registry.Organisation{investor, placer, lab}, filler()...)
	tests := []struct {
		purpose   Purpose
		wantFirst string
		wantKind  map[string]float64
	}{
		{Investment, "investor-sg", map[string]float64{"investor-sg": 1.5, "placer-tw": 1, "lab-jp": 1}},
		{Talent, "placer-tw", map[string]float64{"investor-sg": 0.5, "placer-tw": 1, "lab-jp": 1.1}},
		{Research, "lab-jp", map[string]float64{"investor-sg": 0.6, "placer-tw": 1, "lab-jp": 1.3}},
		{CoCreation, "lab-jp", map[string]float64{"investor-sg": 0.7, "placer-tw": 1.1, "lab-jp": 1}},
	}
	for _, tt := range tests {
		t.Run(string(tt.purpose), func(t *testing.T) {
			got := Rank(me, cands, Filters{Purpose: tt.purpose}, Context{})
			if len(got) == 0 || got[0].ID != tt.wantFirst {
				t.Fatalf("got %v, want %s first", ids(got), tt.wantFirst)
			}
			for _, m := range got {
				if want, ok := tt.wantKind[m.ID]; ok && m.Reasons.Points.KindFactor != want {
					t.Errorf("%s kind factor: got %v, want %v", m.ID, m.Reasons.Points.KindFactor, want)
				}
				if m.Reasons.Purpose != tt.purpose {
					t.Errorf("%s purpose: got %q, want %q", m.ID, m.Reasons.Purpose, tt.purpose)
				}
			}
			first := got[0].Reasons
			if !slices.ContainsFunc(first.NeedsMet, func(p Pair) bool { return p.Purpose }) {
				t.Errorf("%s: no pair marked as serving %s: %+v", tt.wantFirst, tt.purpose, first.NeedsMet)
			}
		})
	}
	// Co-creation counts the smaller side in full, instead of half.
	twoWay := org("two-way-kr", "KR", "company", offer("semiconductor", "chip-design", "Joint research on low-power NPU architectures"),
		need("semiconductor", "chip-design", "RISC-V NPU IP for research prototypes"))
	cands = append(cands, twoWay)
	plain, _ := find(Rank(me, cands, Filters{}, Context{}), "two-way-kr")
	co, _ := find(Rank(me, cands, Filters{Purpose: CoCreation}, Context{}), "two-way-kr")
	if plain.Reasons.Points.Reciprocity <= 0 || co.Reasons.Points.Reciprocity <= plain.Reasons.Points.Reciprocity {
		t.Errorf("reciprocity: got %v with co-creation and %v without, want more with", co.Reasons.Points.Reciprocity, plain.Reasons.Points.Reciprocity)
	}
	// An investor looking for investment favours startups.
	fund := org("fund-in", "IN", "investor", need("application", "finance", "Deal flow of robotics startups"))
	startup := org("startup-jp", "JP", "startup", offer("application", "robotics", "Deal flow: robotics startups raising seed rounds"))
	m, ok := find(Rank(fund, []*registry.Organisation{startup}, Filters{Purpose: Investment}, Context{}), "startup-jp")
	if !ok || m.Reasons.Points.KindFactor != 1.3 {
		t.Errorf("investor looking at a startup: got %+v, want kind factor 1.3", m.Reasons.Points)
	}
}

func TestParsePurpose(t *testing.T) {
	for _, s := range []string{"", "co-creation", "research", "investment", "talent"} {
		if p, err := ParsePurpose(s); err != nil || string(p) != s {
			t.Errorf("ParsePurpose(%q): got %q, %v", s, p, err)
		}
	}
	_, err := ParsePurpose("charity")
	if !errs.Is(err, errs.Invalid) || len(errs.FieldsOf(err)) != 1 || errs.FieldsOf(err)[0].Field != "purpose" {
		t.Errorf("ParsePurpose(charity): got %v, want an invalid error naming purpose", err)
	}
}

func TestFiltersValidate(t *testing.T) {
	v := registry.DefaultVocabulary()
	if err := (Filters{Countries: []string{"JP"}, Kinds: []string{"startup"}, Layers: []string{"model"}, Domains: []string{"robotics"}, Purpose: Talent, Limit: 20}).Validate(v); err != nil {
		t.Errorf("valid filters: got %v", err)
	}
	err := Filters{Countries: []string{"XX"}, Kinds: []string{"wizard"}, Layers: []string{"cloud"}, Domains: []string{"magic"}, Purpose: "fun", Limit: -1}.Validate(v)
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("got %v, want invalid", err)
	}
	var fields []string
	for _, f := range errs.FieldsOf(err) {
		fields = append(fields, f.Field)
	}
	if want := []string{"countries", "kinds", "layers", "domains", "purpose", "limit"}; !slices.Equal(fields, want) {
		t.Errorf("fields: got %v, want %v", fields, want)
	}
}

func TestNeedsProfile(t *testing.T) {
	orgs := sampleOrganisations(t)
	me := NeedsProfile(" in ", "Fan-out wafer-level packaging pilot runs for an edge-AI die", "  ")
	if me.Country != "IN" || len(me.Capabilities) != 1 || me.Capabilities[0].Direction != registry.Need {
		t.Fatalf("profile: got %+v", me)
	}
	got := Rank(me, orgs, Filters{}, Context{})
	if len(got) == 0 || got[0].ID != "sample-batu-maung-advanced-packaging" {
		t.Fatalf("got %v, want sample-batu-maung-advanced-packaging first", ids(got))
	}
	for _, m := range got {
		if m.Country == "IN" {
			t.Errorf("%s is in my country", m.ID)
		}
		if len(m.Reasons.NeedsServed) != 0 {
			t.Errorf("%s: a needs-only profile serves no needs, got %+v", m.ID, m.Reasons.NeedsServed)
		}
	}
	// Without a country, every country may answer.
	anywhere := Rank(NeedsProfile("", "wire-bond QFN assembly and test"), orgs, Filters{}, Context{})
	if len(anywhere) == 0 || anywhere[0].ID != "sample-khambhat-assembly-test" {
		t.Errorf("got %v, want sample-khambhat-assembly-test (India) first", ids(anywhere))
	}
}

// TestScoreAddsUp checks, for every sample organisation's ranking, that the
// points add up to the score and the reasons to the points.
func TestScoreAddsUp(t *testing.T) {
	orgs := sampleOrganisations(t)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-4 }
	for _, me := range orgs {
		for _, m := range Rank(me, orgs, Filters{}, Context{}) {
			pt := m.Reasons.Points
			if !near(m.Score, pt.NeedsMet+pt.NeedsServed+pt.Reciprocity+pt.Shared) {
				t.Errorf("%s -> %s: score %v, points %+v", me.ID, m.ID, m.Score, pt)
			}
			var met, served float64
			for _, p := range m.Reasons.NeedsMet {
				met += p.Points
			}
			for _, p := range m.Reasons.NeedsServed {
				served += p.Points
			}
			if !near(met, pt.NeedsMet) || !near(served, pt.NeedsServed) {
				t.Errorf("%s -> %s: pairs add up to %v and %v, points say %v and %v", me.ID, m.ID, met, served, pt.NeedsMet, pt.NeedsServed)
			}
			if m.ID == me.ID || m.Country == me.Country {
				t.Errorf("%s -> %s: same organisation or country", me.ID, m.ID)
			}
			if len(m.Reasons.Plain) == 0 || m.Score <= 0 {
				t.Errorf("%s -> %s: score %v with %d sentences", me.ID, m.ID, m.Score, len(m.Reasons.Plain))
			}
		}
	}
}
