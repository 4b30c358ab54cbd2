package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestSovereigntyPlacements publishes a round of placementFixture: Bala
// (India) is placed at p1 in Japan (semiconductor) and Asha at p2 in
// Singapore (a position without a layer, so not counted); Bala's later
// move does not move the placement.
func TestSovereigntyPlacements(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		placementFixture(t, s)
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-sec", Role: auth.Secretariat})
		for person, rk := range map[string]store.Ranking{"per-a": {{"p1"}, {"p2"}}, "per-b": {{"p1"}, {"p3"}}} {
			if err := s.SetApplication(ctx, &store.Application{RoundID: "rnd-1", PersonID: person, Ranking: rk}); err != nil {
				t.Fatalf("apply %s: %v", person, err)
			}
		}
		setClock(s, placementT0.Add(30*time.Hour))
		for pos, rk := range map[string]store.Ranking{"p1": {{"per-b"}, {"per-a"}}, "p2": {{"per-a"}}, "p3": {{"per-b"}}} {
			if _, err := s.SetHostRanking(ctx, pos, rk); err != nil {
				t.Fatalf("rank %s: %v", pos, err)
			}
		}
		setClock(s, placementT0.Add(50*time.Hour))
		if _, err := s.RunRound(ctx, "rnd-1"); err != nil {
			t.Fatal(err)
		}
		before, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishRound(ctx, "rnd-1"); err != nil {
			t.Fatal(err)
		}
		f, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		if f == before {
			t.Error("publishing did not invalidate the cached figures")
		}
		semi, _ := f.Layer("semiconductor")
		c, _ := semi.Of(sovereignty.SourcePlacements)
		if len(c.Partners) != 1 || c.Partners[0].Code != "JP" || c.Total != 1 || c.HHI != 10000 {
			t.Errorf("placements in semiconductor: got %+v, want JP alone with 1", c)
		}
		if comb, _ := semi.Of(sovereignty.Combined); len(comb.From) != 1 || comb.From[0] != sovereignty.SourcePlacements {
			t.Errorf("combined from: got %v, want placements only", comb.From)
		}
		year := placementT0.Add(72 * time.Hour).Year()
		found := false
		for _, p := range f.Trend {
			if p.Source == sovereignty.SourcePlacements && p.Layer == "semiconductor" && p.Year == year && p.HHI == 10000 {
				found = true
			}
		}
		if !found {
			t.Errorf("trend: no placements point in %d: %+v", year, f.Trend)
		}

		// A placement counts for the home country its person had when it
		// was published: Bala moving to Korea later changes nothing.
		bala, err := s.Person(ctx, "per-b")
		if err != nil {
			t.Fatal(err)
		}
		bala.HomeCountry = "KR"
		if err := s.UpdatePerson(ctx, bala); err != nil {
			t.Fatal(err)
		}
		after, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		semi, _ = after.Layer("semiconductor")
		if c, _ := semi.Of(sovereignty.SourcePlacements); len(c.Partners) != 1 || c.Partners[0].Code != "JP" || c.Total != 1 {
			t.Errorf("placements after per-b moved: got %+v, want JP alone with 1", c)
		}
		// Started in 2029: the placement moves to that year.
		if _, err := s.UpdatePlacement(ctx, "rnd-1.per-b", store.Progress{Status: store.PlacementStarted, On: "2029-01-15"}); err != nil {
			t.Fatal(err)
		}
		started, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		years := map[int]bool{}
		for _, p := range started.Trend {
			if p.Source == sovereignty.SourcePlacements && p.Layer == "semiconductor" {
				years[p.Year] = true
			}
		}
		if !years[2029] || years[year] {
			t.Errorf("trend after the start: got placements in %v, want 2029 alone", years)
		}

		kr, _, err := s.SovereigntyFigures(ctx, "KR", 0)
		if err != nil {
			t.Fatal(err)
		}
		semi, _ = kr.Layer("semiconductor")
		if c, _ := semi.Of(sovereignty.SourcePlacements); c.Total != 0 {
			t.Errorf("Korea's placements: got %+v, want none", c)
		}
	})
}
