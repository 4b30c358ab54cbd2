package sovereignty

import (
	"slices"
	"strings"
	"testing"
)

func TestStressWorkedExample(t *testing.T) {
	f := Compute(workedExample(), 0)
	offers := []Offer{
		{OrgID: "o-jp", Name: "Kyoto Models", Country: "JP", Layer: "model", Offers: 2},
		{OrgID: "o-kr", Name: "Seoul Weights", Country: "KR", Layer: "model", Offers: 2},
		{OrgID: "o-us", Name: "Boston AI", Country: "US", Layer: "model", Offers: 9},
		{OrgID: "o-in", Name: "Pune Models", Country: "IN", Layer: "model", Offers: 9},
		{OrgID: "o-sg", Name: "Lion Chips", Country: "SG", Layer: "semiconductor", Offers: 1},
	}
	st, err := StressTest(f, DefaultGroups(), "US", offers, nil)
	if err != nil {
		t.Fatal(err)
	}
	var combined StressLayer
	for _, l := range st.Layers {
		if l.Layer == "model" && l.Source == Combined {
			combined = l
		}
	}
	if !near(combined.AtRisk, 0.5563725490196078) || combined.HHIBefore != 4463 || combined.HHIAfter != 6949 {
		t.Errorf("model combined: got at risk %v, HHI %d -> %d; want 0.5564, 4463 -> 6949", combined.AtRisk, combined.HHIBefore, combined.HHIAfter)
	}
	if len(combined.Remaining) != 2 || combined.Remaining[0].Code != "JP" || !near(combined.Remaining[0].Share, 0.8121546961325967) {
		t.Errorf("remaining: got %+v", combined.Remaining)
	}
	// India has no needs recorded: ranked by offers. KR before JP: the
	// same offers, but Korea has no share of the layer yet.
	if got, want := altIDs(st, "model"), []string{"o-kr", "o-jp"}; !slices.Equal(got, want) {
		t.Errorf("model alternatives: got %v, want %v", got, want)
	}
	if a := st.Alternatives["model"][1]; a.Rank != 2 || a.Reason != "offers 2 capabilities in the Model layer; Japan holds 36% of the layer's combined cooperation now (ranked by offers: India has no needs recorded in the layer)" {
		t.Errorf("second alternative: got %+v", a)
	}
	if got := st.Alternatives["semiconductor"]; len(got) != 1 || got[0].Reason != "offers 1 capability in the Semiconductor layer; Singapore holds 0% of the layer's combined cooperation now (ranked by offers: India has no needs recorded in the layer)" {
		t.Errorf("semiconductor alternatives: got %+v", got)
	}
}

func altIDs(st *Stress, layer string) []string {
	var got []string
	for _, a := range st.Alternatives[layer] {
		got = append(got, a.OrgID)
	}
	return got
}

// With India's needs recorded in the model layer, the matchmaking's
// score ranks first: Japan (matches two of three needs) before Korea
// (matches one, scores less) before Taiwan and Vietnam (match none; more
// offers first), whatever the offers count says. Boston AI is removed.
func TestStressRankedByMatchmaking(t *testing.T) {
	f := Compute(workedExample(), 0)
	offers := []Offer{
		{OrgID: "o-vn", Name: "Hanoi Labs", Country: "VN", Layer: "model", Offers: 1},
		{OrgID: "o-tw", Name: "Taipei Weights", Country: "TW", Layer: "model", Offers: 7},
		{OrgID: "o-kr", Name: "Seoul Weights", Country: "KR", Layer: "model", Offers: 4, Score: 2.5, NeedsMet: []string{"Evaluation"}},
		{OrgID: "o-jp", Name: "Kyoto Models", Country: "JP", Layer: "model", Offers: 1, Score: 6.25, NeedsMet: []string{"Robot models", "Evaluation"}},
		{OrgID: "o-us", Name: "Boston AI", Country: "US", Layer: "model", Offers: 9, Score: 9, NeedsMet: []string{"Robot models"}},
		{OrgID: "o-sg", Name: "Lion Chips", Country: "SG", Layer: "semiconductor", Offers: 1},
	}
	st, err := StressTest(f, DefaultGroups(), "US", offers, map[string]int{"model": 3})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := altIDs(st, "model"), []string{"o-jp", "o-kr", "o-tw", "o-vn"}; !slices.Equal(got, want) {
		t.Errorf("model alternatives: got %v, want %v", got, want)
	}
	for i, want := range []string{
		"matches 2 of India's 3 needs in the Model layer (matchmaking score 6.25): “Robot models”, “Evaluation”; offers 1 capability in the layer; Japan holds 36% of the layer's combined cooperation now",
		"matches 1 of India's 3 needs in the Model layer (matchmaking score 2.50): “Evaluation”; offers 4 capabilities in the layer; South Korea holds 0% of the layer's combined cooperation now",
		"matches none of India's 3 needs in the Model layer; offers 7 capabilities in the layer; Taiwan holds 0% of the layer's combined cooperation now",
	} {
		if got := st.Alternatives["model"][i].Reason; got != want {
			t.Errorf("alternative %d: got %q, want %q", i+1, got, want)
		}
	}
	if got := st.Alternatives["semiconductor"][0].Reason; !strings.HasSuffix(got, "(ranked by offers: India has no needs recorded in the layer)") {
		t.Errorf("semiconductor: got %q, want the offers fallback said", got)
	}
	if got := quoted([]string{"a", "b", "c", "d", "e"}, 3); got != "“a”, “b”, “c” and 2 more" {
		t.Errorf("quoted: got %q", got)
	}
}

func TestStressGroups(t *testing.T) {
	f := Compute(workedExample(), 0)
	tests := []struct {
		without   string
		atRisk    float64
		after     int
		countries []string
	}{
		{"traditional", 0.5563725490196078, 6949, nil},
		{"eastern", 0.36029411764705876, 7734, nil},
		{"china", 1.0 / 12, 5229, []string{"CN"}},
		{"other", 0, 4463, nil},
		{"JP", 0.36029411764705876, 7734, []string{"JP"}},
	}
	for _, tt := range tests {
		t.Run(tt.without, func(t *testing.T) {
			st, err := StressTest(f, DefaultGroups(), tt.without, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range st.Layers {
				if l.Layer == "model" && l.Source == Combined {
					if !near(l.AtRisk, tt.atRisk) || l.HHIAfter != tt.after {
						t.Errorf("got at risk %v, HHI after %d; want %v, %d", l.AtRisk, l.HHIAfter, tt.atRisk, tt.after)
					}
				}
			}
			if tt.countries != nil && !slices.Equal(st.Countries, tt.countries) {
				t.Errorf("countries: got %v, want %v", st.Countries, tt.countries)
			}
		})
	}
	if _, err := StressTest(f, DefaultGroups(), "Narnia", nil, nil); err == nil {
		t.Error("without=Narnia: no error")
	}
	// Removing every partner leaves nothing: HHI after is 0.
	st, _ := StressTest(Compute(Input{Home: "IN", Sources: []Source{{Name: "a", Records: []Record{{Partner: "US", Layer: "energy", Weight: 1}}}}}, 0), nil, "US", nil, nil)
	for _, l := range st.Layers {
		if l.Layer == "energy" && (l.AtRisk != 1 || l.HHIAfter != 0 || len(l.Remaining) != 0) {
			t.Errorf("energy without its only partner: got %+v", l)
		}
	}
}

func TestGroupsValidate(t *testing.T) {
	if err := ValidateGroups(DefaultGroups()); err != nil {
		t.Errorf("default groups: %v", err)
	}
	tests := []struct {
		name string
		gs   []Group
	}{
		{"bad code", []Group{{Code: "Bad Code", Label: "x", Countries: []string{"JP"}}}},
		{"other", []Group{{Code: "other", Label: "x", Countries: []string{"JP"}}}},
		{"no countries", []Group{{Code: "aaa", Label: "x"}}},
		{"bad country", []Group{{Code: "aaa", Label: "x", Countries: []string{"JPN"}}}},
		{"twice", []Group{{Code: "aaa", Label: "x", Countries: []string{"JP"}}, {Code: "bbb", Label: "y", Countries: []string{"JP"}}}},
		{"same code", []Group{{Code: "aaa", Label: "x", Countries: []string{"JP"}}, {Code: "aaa", Label: "y", Countries: []string{"KR"}}}},
	}
	for _, tt := range tests {
		if err := ValidateGroups(tt.gs); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	g := Group{Code: " abc ", Label: " A ", Countries: []string{"kr", " JP", "KR", ""}}
	g.Normalize()
	if g.Code != "abc" || !slices.Equal(g.Countries, []string{"JP", "KR"}) {
		t.Errorf("normalize: got %+v", g)
	}
}

func TestRates(t *testing.T) {
	rs := NewRates([]Rate{
		{Currency: "JPY", Date: "2024-01-01", Rate: 0.007},
		{Currency: "JPY", Date: "2025-01-01", Rate: 0.0065},
	})
	tests := []struct {
		amount   float64
		currency string
		date     string
		want     float64
		ok       bool
	}{
		{100, "USD", "", 100, true},
		{1000, "JPY", "2024-06-30", 7, true},
		{1000, "JPY", "2025", 6.5, true},
		{1000, "JPY", "2025-01", 6.5, true},
		{1000, "JPY", "2023-12-31", 0, false},
		{1000, "JPY", "", 0, false},
		{1000, "EUR", "2025-01-01", 0, false},
	}
	for _, tt := range tests {
		got, ok := rs.Convert(tt.amount, tt.currency, tt.date)
		if ok != tt.ok || !near(got, tt.want) {
			t.Errorf("%v %s on %q: got %v %v, want %v %v", tt.amount, tt.currency, tt.date, got, ok, tt.want, tt.ok)
		}
	}
	bad := []Rate{
		{Currency: "jp", Date: "2024-01-01", Rate: 1, Source: "x"},
		{Currency: "USD", Date: "2024-01-01", Rate: 1, Source: "x"},
		{Currency: "JPY", Date: "2024-13-01", Rate: 1, Source: "x"},
		{Currency: "JPY", Date: "2024-01-01", Rate: 0, Source: "x"},
		{Currency: "JPY", Date: "2024-01-01", Rate: 1},
	}
	for _, r := range bad {
		if r.Validate() == nil {
			t.Errorf("%+v: no error", r)
		}
	}
}
