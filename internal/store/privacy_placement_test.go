package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestExportPersonPlacements checks that a person's data export holds
// what the placement rounds keep about them: the application, and the
// result and placement once (and only once) the round is published.
func TestExportPersonPlacements(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		placementFixture(t, s)
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-sec", Role: auth.Secretariat})
		for person, rk := range map[string]store.Ranking{"per-a": {{"p1"}, {"p2"}}, "per-b": {{"p1"}}} {
			if err := s.SetApplication(ctx, &store.Application{RoundID: "rnd-1", PersonID: person, Ranking: rk}); err != nil {
				t.Fatalf("apply %s: %v", person, err)
			}
		}
		setClock(s, placementT0.Add(30*time.Hour))
		for pos, rk := range map[string]store.Ranking{"p1": {{"per-b"}, {"per-a"}}, "p2": {{"per-a"}}} {
			if _, err := s.SetHostRanking(ctx, pos, rk); err != nil {
				t.Fatalf("rank %s: %v", pos, err)
			}
		}
		setClock(s, placementT0.Add(50*time.Hour))
		if _, err := s.RunRound(ctx, "rnd-1"); err != nil {
			t.Fatal(err)
		}

		x, err := s.ExportPerson(ctx, "per-a")
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Applications) != 1 || x.Applications[0].RoundID != "rnd-1" || len(x.Applications[0].Ranking) != 2 || x.Applications[0].Ranking[0][0] != "p1" {
			t.Errorf("applications: got %+v, want per-a's ranking p1, p2", x.Applications)
		}
		if len(x.Results) != 0 || len(x.Placements) != 0 {
			t.Errorf("before publication: got results %+v and placements %+v, want none", x.Results, x.Placements)
		}

		if _, err := s.PublishRound(ctx, "rnd-1"); err != nil {
			t.Fatal(err)
		}
		x, err = s.ExportPerson(ctx, "per-a")
		if err != nil {
			t.Fatal(err)
		}
		// b takes p1; a, ranked below b at p1, gets p2 and is told why not p1.
		if len(x.Results) != 1 || x.Results[0].PositionID != "p2" || len(x.Results[0].Explanation) != 1 || x.Results[0].Explanation[0].Position != "p1" {
			t.Errorf("results: got %+v, want p2 with why not p1", x.Results)
		}
		if len(x.Placements) != 1 || x.Placements[0].PersonID != "per-a" || x.Placements[0].PositionID != "p2" {
			t.Errorf("placements: got %+v, want per-a at p2", x.Placements)
		}
		other, err := s.ExportPerson(ctx, "per-c")
		if err != nil {
			t.Fatal(err)
		}
		if len(other.Applications)+len(other.Results)+len(other.Placements) != 0 {
			t.Errorf("per-c never applied: got %+v", other)
		}
	})
}
