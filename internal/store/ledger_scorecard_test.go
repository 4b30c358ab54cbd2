package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestScorecardFollowsWrites: the scorecard computed from the kept records
// is the one computed from records read afresh, for the whole ledger, a
// framework and the sample filter, and every write is seen by the next
// scorecard.
func TestScorecardFollowsWrites(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := ledgerFixture(t, s)
		today := ledger.MakeDate(2026, 11, 27)
		fresh := func(framework string) string {
			l, countries, err := s.LoadLedger(ctx, framework)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(l.Scorecard(today, countries))
			return string(b)
		}
		kept := func(q store.ScorecardQuery) (*ledger.Scorecard, string) {
			sc, err := s.LedgerScorecard(ctx, q, today)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(sc)
			return sc, string(b)
		}
		for _, fw := range []string{"", "fw"} {
			if _, got := kept(store.ScorecardQuery{FrameworkID: fw}); got != fresh(fw) {
				t.Errorf("framework %q: kept records give\n%s\nfresh ones\n%s", fw, got, fresh(fw))
			}
		}
		yes, no := true, false
		if sc, _ := kept(store.ScorecardQuery{Sample: &yes}); sc.Overall.Projects != 0 {
			t.Errorf("sample projects only: got %d projects, want 0", sc.Overall.Projects)
		}
		if sc, _ := kept(store.ScorecardQuery{Sample: &no}); sc.Overall.Projects != 1 {
			t.Errorf("real projects only: got %d projects, want 1", sc.Overall.Projects)
		}

		// A write: the project closes, with its milestone completed.
		if err := s.UpdateMilestone(ctx, &ledger.Milestone{ID: "m1", ProjectID: p.ID, Title: "Step", Due: ledger.MakeDate(2026, 3, 1),
			Completed: ledger.MakeDate(2026, 3, 1), Evidence: "https://example.org/done"}); err != nil {
			t.Fatal(err)
		}
		p.Status, p.ActualEnd = ledger.StatusClosed, ledger.MakeDate(2026, 6, 30)
		if err := s.UpdateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		sc, got := kept(store.ScorecardQuery{})
		if sc.Overall.Commitments.Delivered != 1 || sc.Overall.OverdueMilestones != 0 {
			t.Errorf("after the writes: got %+v, want the commitment delivered and no overdue milestone", sc.Overall)
		}
		if got != fresh("") {
			t.Errorf("after the writes: kept records give\n%s\nfresh ones\n%s", got, fresh(""))
		}
	})
}
