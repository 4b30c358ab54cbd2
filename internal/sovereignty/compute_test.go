package sovereignty

import (
	"math"
	"slices"
	"testing"
)

// workedExample is the ledger of docs/sovereignty.md's worked example,
// already turned into records as the store does: India's cooperation in
// the model layer.
//
//	P1 (2024) with JP and US, budget 1,000,000 JPY in 2024
//	P2 (2025) with US, budget 10,000 USD
//	P3 (2025) with JP, budget 500 EUR (no EUR rate: not converted)
//	P4 (2025) with CN, no budget
//	O1 (2025) IP held in JP; O2 held in IN (home: left out); O3 (2025) held in US
func workedExample() Input {
	return Input{
		Home:   "IN",
		Groups: DefaultGroups(),
		Rates:  NewRates([]Rate{{Currency: "JPY", Date: "2024-01-01", Rate: 0.007, Source: "sample"}}),
		Sources: []Source{
			{Name: SourceProjects, Records: []Record{
				{Partner: "JP", Layer: "model", Year: 2024, Weight: 0.5},
				{Partner: "US", Layer: "model", Year: 2024, Weight: 0.5},
				{Partner: "US", Layer: "model", Year: 2025, Weight: 1},
				{Partner: "JP", Layer: "model", Year: 2025, Weight: 1},
				{Partner: "CN", Layer: "model", Year: 2025, Weight: 1},
			}},
			{Name: SourceBudgets, Records: []Record{
				{Partner: "JP", Layer: "model", Year: 2024, Weight: 500000, Currency: "JPY", Date: "2024-04"},
				{Partner: "US", Layer: "model", Year: 2024, Weight: 500000, Currency: "JPY", Date: "2024-04"},
				{Partner: "US", Layer: "model", Year: 2025, Weight: 10000, Currency: "USD", Date: "2025"},
				{Partner: "JP", Layer: "model", Year: 2025, Weight: 500, Currency: "EUR", Date: "2025-03"},
			}},
			{Name: SourceOutputs, Records: []Record{
				{Partner: "JP", Layer: "model", Year: 2025, Weight: 1},
				{Partner: "IN", Layer: "model", Year: 2025, Weight: 1},
				{Partner: "US", Layer: "model", Year: 2025, Weight: 1},
			}},
		},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func shareOf(c Concentration, code string) float64 {
	for _, p := range c.Partners {
		if p.Code == code {
			return p.Share
		}
	}
	return 0
}

func TestComputeWorkedExample(t *testing.T) {
	f := Compute(workedExample(), 0)
	model, ok := f.Layer("model")
	if !ok {
		t.Fatal("no model layer")
	}
	tests := []struct {
		source string
		shares map[string]float64
		hhi    int
	}{
		{SourceProjects, map[string]float64{"JP": 0.375, "US": 0.375, "CN": 0.25}, 3438},
		{SourceBudgets, map[string]float64{"JP": 3500.0 / 17000, "US": 13500.0 / 17000}, 6730},
		{SourceOutputs, map[string]float64{"JP": 0.5, "US": 0.5}, 5000},
		{Combined, map[string]float64{"JP": 0.36029411764705876, "US": 0.5563725490196078, "CN": 1.0 / 12}, 4463},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			c, ok := model.Of(tt.source)
			if !ok {
				t.Fatalf("no %s figures", tt.source)
			}
			if len(c.Partners) != len(tt.shares) {
				t.Errorf("partners: got %v, want %v", c.Partners, tt.shares)
			}
			for code, want := range tt.shares {
				if got := shareOf(c, code); !near(got, want) {
					t.Errorf("share of %s: got %v, want %v", code, got, want)
				}
			}
			if c.HHI != tt.hhi {
				t.Errorf("HHI: got %d, want %d", c.HHI, tt.hhi)
			}
		})
	}
	if c, _ := model.Of(SourceBudgets); !near(c.Total, 17000) {
		t.Errorf("budget total: got %v USD, want 17000", c.Total)
	}
	if c, _ := model.Of(Combined); !slices.Equal(c.From, []string{SourceProjects, SourceBudgets, SourceOutputs}) {
		t.Errorf("combined from: got %v", c.From)
	}
	want := []Unconverted{{Source: SourceBudgets, Currency: "EUR", Amount: 500, Count: 1, Earliest: "2025-03"}}
	if !slices.Equal(f.Unconverted, want) {
		t.Errorf("unconverted: got %v, want %v", f.Unconverted, want)
	}
	// Groups of the combined figures.
	c, _ := model.Of(Combined)
	groups := map[string]float64{}
	for _, g := range c.Groups {
		groups[g.Code] = g.Share
	}
	if !near(groups["eastern"], 0.36029411764705876) || !near(groups["traditional"], 0.5563725490196078) || !near(groups["china"], 1.0/12) {
		t.Errorf("groups: got %v", groups)
	}
	// Other layers have nothing.
	app, _ := f.Layer("application")
	if c, _ := app.Of(Combined); c.HHI != 0 || len(c.Partners) != 0 {
		t.Errorf("application: got %+v, want nothing", c)
	}
}

func TestComputeFlags(t *testing.T) {
	f := Compute(workedExample(), 0)
	type key struct{ source, kind, partner string }
	got := map[key]bool{}
	for _, fl := range f.Flags {
		if fl.Layer != "model" {
			t.Errorf("flag on layer %s: %+v", fl.Layer, fl)
		}
		got[key{fl.Source, fl.Kind, fl.Partner}] = true
	}
	want := map[key]bool{
		{SourceProjects, "index", ""}:    true, // 3438 > 2500; top 37.5% is not above 40%
		{SourceBudgets, "partner", "US"}: true,
		{SourceBudgets, "index", ""}:     true,
		{SourceOutputs, "partner", "JP"}: true, // a tie at 50%: the first code
		{SourceOutputs, "index", ""}:     true,
		{Combined, "partner", "US"}:      true,
		{Combined, "index", ""}:          true,
	}
	if len(got) != len(want) {
		t.Errorf("flags: got %v, want %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing flag %+v", k)
		}
	}
}

func TestComputeTrendAndYear(t *testing.T) {
	f := Compute(workedExample(), 0)
	hhi := map[[3]any]int{}
	for _, p := range f.Trend {
		hhi[[3]any{p.Year, p.Layer, p.Source}] = p.HHI
	}
	tests := []struct {
		year   int
		source string
		want   int
	}{
		{2024, SourceProjects, 5000},
		{2024, SourceBudgets, 5000},
		{2024, Combined, 5000},
		{2025, SourceProjects, 3333},
		{2025, SourceBudgets, 10000},
		{2025, SourceOutputs, 5000},
		{2025, Combined, 4630},
	}
	for _, tt := range tests {
		if got := hhi[[3]any{tt.year, "model", tt.source}]; got != tt.want {
			t.Errorf("%d %s: got %d, want %d", tt.year, tt.source, got, tt.want)
		}
	}
	if _, ok := hhi[[3]any{2024, "model", SourceOutputs}]; ok {
		t.Error("2024 outputs: a point for a year without records")
	}

	f25 := Compute(workedExample(), 2025)
	model, _ := f25.Layer("model")
	if c, _ := model.Of(SourceProjects); c.HHI != 3333 || !near(c.Total, 3) {
		t.Errorf("2025 projects: got HHI %d total %v, want 3333 and 3", c.HHI, c.Total)
	}
}

func TestComputeEmptyAndWeights(t *testing.T) {
	f := Compute(Input{Home: "IN"}, 0)
	if len(f.Layers) != 5 || len(f.Flags) != 0 || len(f.Trend) != 0 {
		t.Errorf("empty: got %d layers, %d flags, %d trend points", len(f.Layers), len(f.Flags), len(f.Trend))
	}
	in := Input{Home: "IN", Sources: []Source{
		{Name: "a", Weight: 3, Records: []Record{{Partner: "JP", Layer: "energy", Weight: 1}}},
		{Name: "b", Weight: 1, Records: []Record{{Partner: "US", Layer: "energy", Weight: 5}, {Partner: "US", Layer: "quantum", Weight: 5}}},
	}}
	f = Compute(in, 0)
	energy, _ := f.Layer("energy")
	c, _ := energy.Of(Combined)
	if !near(shareOf(c, "JP"), 0.75) || !near(shareOf(c, "US"), 0.25) || c.HHI != 6250 {
		t.Errorf("weighted combination: got %+v, want JP 0.75, US 0.25, HHI 6250", c)
	}
	if f.Undated != 2 {
		t.Errorf("undated: got %d, want 2 (the unknown layer is not counted)", f.Undated)
	}
}

func TestHHI(t *testing.T) {
	tests := []struct {
		name   string
		shares []float64
		want   int
	}{
		{"none", nil, 0},
		{"monopoly", []float64{1}, 10000},
		{"two equal", []float64{0.5, 0.5}, 5000},
		{"four equal", []float64{0.25, 0.25, 0.25, 0.25}, 2500},
		{"ten equal", []float64{.1, .1, .1, .1, .1, .1, .1, .1, .1, .1}, 1000},
	}
	for _, tt := range tests {
		var s []Share
		for _, v := range tt.shares {
			s = append(s, Share{Share: v})
		}
		if got := HHI(s); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestPoolSmallCells(t *testing.T) {
	rec := func(p, l string, y int, w float64) Record { return Record{Partner: p, Layer: l, Year: y, Weight: w} }
	tests := []struct {
		name string
		in   []Record
		want []Record
	}{
		{"none", nil, []Record{}},
		{"a cell of three stays", []Record{rec("JP", "model", 2025, 1), rec("JP", "model", 2025, 1), rec("JP", "model", 2025, 1)},
			[]Record{rec("JP", "model", 2025, 3)}},
		{"small cells pooled per layer and year",
			[]Record{rec("KR", "model", 2025, 1), rec("US", "model", 2025, 1), rec("KR", "model", 2026, 1), rec("KR", "energy", 2025, 1),
				rec("JP", "model", 2025, 1), rec("JP", "model", 2025, 1), rec("JP", "model", 2025, 1)},
			[]Record{rec("JP", "model", 2025, 3), rec(PooledPartner, "energy", 2025, 1), rec(PooledPartner, "model", 2025, 2), rec(PooledPartner, "model", 2026, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PoolSmallCells(tt.in, MinLeads); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// Pooled investment leads are several countries: their share raises no
// partner flag, though it counts in the index.
func TestPooledPartnerNotFlagged(t *testing.T) {
	f := Compute(Input{Home: "IN", Sources: []Source{{Name: SourceInvestments, Records: []Record{
		{Partner: PooledPartner, Layer: "energy", Year: 2025, Weight: 2},
		{Partner: "JP", Layer: "energy", Year: 2025, Weight: 3},
		{Partner: PooledPartner, Layer: "model", Year: 2025, Weight: 2},
	}}}}, 0)
	var got []string
	for _, fl := range f.Flags {
		if fl.Source == SourceInvestments {
			got = append(got, fl.Layer+" "+fl.Kind+" "+fl.Partner)
		}
	}
	if want := []string{"model index ", "energy partner JP", "energy index "}; !slices.Equal(got, want) {
		t.Errorf("flags: got %q, want %q", got, want)
	}
}
