package store_test

import (
	"context"
	"math"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// sovereigntyFixture stores the worked example of docs/sovereignty.md
// (internal/sovereignty's workedExample) as a ledger: India's projects
// in the model layer with Japan, the US and China.
func sovereigntyFixture(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	for _, o := range []*registry.Organisation{
		{ID: "org-in", Name: "Pune Models", Kind: "startup", Country: "IN",
			Capabilities: []registry.Capability{{Direction: registry.Need, Layer: "model", Domain: "robotics", Text: "Robot foundation models"}}},
		{ID: "org-jp", Name: "Kyoto Models", Kind: "company", Country: "JP",
			Capabilities: []registry.Capability{{Direction: registry.Offer, Layer: "model", Domain: "robotics", Text: "Robot foundation models"}}},
		{ID: "org-kr", Name: "Seoul Weights", Kind: "company", Country: "KR",
			Capabilities: []registry.Capability{{Direction: registry.Offer, Layer: "model", Domain: "robotics", Text: "Training"},
				{Direction: registry.Offer, Layer: "model", Domain: "robotics", Text: "Evaluation"}}},
		{ID: "org-us", Name: "Boston AI", Kind: "company", Country: "US",
			Capabilities: []registry.Capability{{Direction: registry.Offer, Layer: "model", Domain: "robotics", Text: "Models"}}},
		{ID: "org-cn", Name: "Shenzhen Nets", Kind: "company", Country: "CN"},
	} {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	day := ledger.MakeDate
	project := func(id string, start ledger.Date, budgets []ledger.Budget, partners ...string) {
		p := &ledger.Project{ID: "XI-SETU-" + id, ReportingOrg: "XI-SETU", Title: "Project " + id,
			Participants: []ledger.Participant{{OrgID: "org-in", Role: ledger.RoleImplementing, Home: true}},
			Countries:    []string{"IN"}, Layers: []string{"model"}, Domains: []string{"robotics"},
			Status: ledger.StatusImplementation, ActualStart: start, Budgets: budgets}
		for _, o := range partners {
			p.Participants = append(p.Participants, ledger.Participant{OrgID: o, Role: ledger.RoleFunding})
		}
		if err := s.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	project("P1", day(2024, 4, 1), []ledger.Budget{{PeriodStart: day(2024, 4, 1), PeriodEnd: day(2025, 3, 31), Value: 100000000, Currency: "JPY"}}, "org-jp", "org-us")
	project("P2", day(2025, 1, 1), []ledger.Budget{{PeriodStart: day(2025, 1, 1), PeriodEnd: day(2025, 12, 31), Value: 1000000, Currency: "USD"}}, "org-us")
	project("P3", day(2025, 3, 1), []ledger.Budget{{PeriodStart: day(2025, 3, 1), PeriodEnd: day(2025, 12, 31), Value: 50000, Currency: "EUR"}}, "org-jp")
	project("P4", day(2025, 6, 1), nil, "org-cn")
	for _, o := range []*ledger.Output{
		{ID: "o1", ProjectID: "XI-SETU-P3", Kind: ledger.OutputModel, Title: "A model", Date: day(2025, 9, 1), IPHolder: "org-jp"},
		{ID: "o2", ProjectID: "XI-SETU-P3", Kind: ledger.OutputModel, Title: "Our model", Date: day(2025, 9, 1), IPHolder: "org-in"},
		{ID: "o3", ProjectID: "XI-SETU-P2", Kind: ledger.OutputModel, Title: "Their model", Date: day(2025, 10, 1), IPHolder: "org-us"},
	} {
		if err := s.CreateOutput(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutExchangeRate(ctx, sovereignty.Rate{Currency: "JPY", Date: "2024-01-01", Rate: 0.007, Source: "test"}); err != nil {
		t.Fatal(err)
	}
}

func modelFigures(t *testing.T, f *sovereignty.Figures, source string) sovereignty.Concentration {
	t.Helper()
	l, _ := f.Layer("model")
	c, ok := l.Of(source)
	if !ok {
		t.Fatalf("no %s figures", source)
	}
	return c
}

func TestSovereigntyFiguresFromLedger(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sovereigntyFixture(t, s)
		f, groups, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(groups) != 3 || groups[0].Code != "eastern" {
			t.Errorf("groups: got %+v, want the three defaults", groups)
		}
		for _, tt := range []struct {
			source string
			hhi    int
			total  float64
		}{
			{sovereignty.SourceProjects, 3438, 4},
			{sovereignty.SourceBudgets, 6730, 17000},
			{sovereignty.SourceOutputs, 5000, 2},
			{sovereignty.Combined, 4463, 3},
		} {
			c := modelFigures(t, f, tt.source)
			if c.HHI != tt.hhi || math.Abs(c.Total-tt.total) > 1e-6 {
				t.Errorf("%s: got HHI %d total %v, want %d and %v", tt.source, c.HHI, c.Total, tt.hhi, tt.total)
			}
		}
		if len(f.Unconverted) != 1 || f.Unconverted[0].Currency != "EUR" || f.Unconverted[0].Amount != 500 {
			t.Errorf("unconverted: got %+v, want 500 EUR", f.Unconverted)
		}

		// Cached while nothing is written; a write invalidates.
		again, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil || again != f {
			t.Errorf("second read: got a new computation (%v), want the cached figures", err)
		}
		if err := s.PutExchangeRate(ctx, sovereignty.Rate{Currency: "EUR", Date: "2025-01-01", Rate: 1.1, Source: "test"}); err != nil {
			t.Fatal(err)
		}
		f2, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		if f2 == f || len(f2.Unconverted) != 0 {
			t.Errorf("after a new rate: got unconverted %+v (same figures: %v), want none", f2.Unconverted, f2 == f)
		}
		if c := modelFigures(t, f2, sovereignty.SourceBudgets); math.Abs(c.Total-17550) > 1e-6 {
			t.Errorf("budgets after EUR rate: got %v, want 17550", c.Total)
		}

		// Stress: without the US, ranked by matchmaking against India's one
		// need in the model layer (docs/matching.md): Kyoto's offer is in
		// the same layer and domain (1 point) and says it in the same words
		// (text relevance 0.753 x 2 = 1.507 points); Seoul's two offers share
		// only the layer and domain, no word: "in the same area", half of
		// 1 point.
		st, err := s.SovereigntyStress(ctx, "IN", "US")
		if err != nil {
			t.Fatal(err)
		}
		alts := st.Alternatives["model"]
		if len(alts) != 2 || alts[0].OrgID != "org-jp" || alts[1].OrgID != "org-kr" || alts[0].Score != 2.506849 || alts[1].Score != 0.5 {
			t.Fatalf("alternatives: got %+v, want org-jp (2.506849) then org-kr (0.5)", alts)
		}
		for i, want := range []string{
			"matches 1 of India's 1 need in the Model layer (matchmaking score 2.51): “Robot foundation models”; offers 1 capability in the layer; Japan holds 37% of the layer's combined cooperation now",
			"matches 1 of India's 1 need in the Model layer (matchmaking score 0.50): “Robot foundation models”; offers 2 capabilities in the layer; South Korea holds 0% of the layer's combined cooperation now",
		} {
			if alts[i].Reason != want {
				t.Errorf("alternative %d: got %q, want %q", i+1, alts[i].Reason, want)
			}
			if len(alts[i].Plain) == 0 {
				t.Errorf("alternative %d: no plain-language reasons", i+1)
			}
		}
		if again, err := s.SovereigntyStress(ctx, "IN", "US"); err != nil || again != st {
			t.Errorf("second stress test: got a new computation (%v), want the cached one", err)
		}
		if err := s.PutExchangeRate(ctx, sovereignty.Rate{Currency: "KRW", Date: "2025-01-01", Rate: 0.0007, Source: "test"}); err != nil {
			t.Fatal(err)
		}
		if after, err := s.SovereigntyStress(ctx, "IN", "US"); err != nil || after == st {
			t.Errorf("stress test after a write: got the cached one (%v), want a new computation", err)
		}
		if _, err := s.SovereigntyStress(ctx, "IN", "nowhere"); errs.KindOf(err) != errs.Invalid {
			t.Errorf("without=nowhere: got %v, want invalid", err)
		}
	})
}

func TestPartnerGroupsAndRates(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.PutPartnerGroup(ctx, sovereignty.Group{Code: "gulf", Label: "Gulf", Countries: []string{"ae", "SA"}}); err != nil {
			t.Fatal(err)
		}
		err := s.PutPartnerGroup(ctx, sovereignty.Group{Code: "quad", Label: "Quad", Countries: []string{"JP", "AU"}})
		if errs.KindOf(err) != errs.Conflict {
			t.Errorf("a country of another group: got %v, want a conflict", err)
		}
		if err := s.PutPartnerGroup(ctx, sovereignty.Group{Code: "china", Label: "China and Hong Kong", Countries: []string{"CN", "HK"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutPartnerGroup(ctx, sovereignty.Group{Code: "Bad"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("bad group: got %v, want invalid", err)
		}
		gs, err := s.PartnerGroups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != 4 || gs[2].Label != "China and Hong Kong" || len(gs[2].Countries) != 2 || gs[3].Code != "gulf" || gs[3].Countries[0] != "AE" {
			t.Errorf("groups: got %+v", gs)
		}
		if err := s.DeletePartnerGroup(ctx, "gulf"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePartnerGroup(ctx, "gulf"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("delete twice: got %v, want not found", err)
		}

		st, err := s.ImportRatesDataset(ctx, "sample-rates", "abc", []sovereignty.Rate{
			{Currency: "JPY", Date: "2024-01-01", Rate: 0.007, Source: "sample"},
			{Currency: "EUR", Date: "2024-01-01", Rate: 1.1, Source: "sample"},
		})
		if err != nil || st.Created != 2 {
			t.Fatalf("import: got %+v, %v", st, err)
		}
		if err := s.PutExchangeRate(ctx, sovereignty.Rate{Currency: "eur", Date: "2024-01-01", Rate: 1.09, Source: "ECB"}); err != nil {
			t.Fatal(err)
		}
		st, err = s.ImportRatesDataset(ctx, "sample-rates", "abd", []sovereignty.Rate{{Currency: "EUR", Date: "2024-01-01", Rate: 1.2, Source: "sample"}})
		if err != nil || st.Unchanged != 1 {
			t.Errorf("re-import over a secretariat rate: got %+v, %v, want it unchanged", st, err)
		}
		rs, err := s.ExchangeRates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 2 || rs[0].Currency != "EUR" || rs[0].Rate.Rate != 1.09 || rs[0].Sample || !rs[1].Sample {
			t.Errorf("rates: got %+v", rs)
		}
		if err := s.PutExchangeRate(ctx, sovereignty.Rate{Currency: "EUR", Date: "2024-1-1", Rate: -1}); errs.KindOf(err) != errs.Invalid || len(errs.FieldsOf(err)) != 3 {
			t.Errorf("bad rate: got %v, want date, rate and source named", err)
		}
		if err := s.DeleteExchangeRate(ctx, "EUR", "2024-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteExchangeRate(ctx, "EUR", "2024-01-01"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("delete twice: got %v, want not found", err)
		}
	})
}

// TestSovereigntyConcurrentMisses reads the figures from many goroutines
// at once after a write: they all get the same figures, computed once.
func TestSovereigntyConcurrentMisses(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	sovereigntyFixture(t, s)
	ctx := context.Background()
	got := make(chan *sovereignty.Figures, 8)
	for range 8 {
		go func() {
			f, _, err := s.SovereigntyFigures(ctx, "IN", 0)
			if err != nil {
				t.Error(err)
			}
			got <- f
		}()
	}
	first := <-got
	for range 7 {
		if f := <-got; f != first {
			t.Error("two computations for one generation")
		}
	}
}
