package dataset_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/dataset"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestLoadShippedLedger checks that the shipped frameworks and sample
// projects load and give the figures the sample file is written to show.
func TestLoadShippedLedger(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := dataset.Load(ctx, s, dataset.Shipped()); err != nil {
			t.Fatal(err)
		}
		sc, err := s.Scorecard(ctx, "", ledger.MakeDate(2026, 11, 27))
		if err != nil {
			t.Fatal(err)
		}
		o := sc.Overall
		if len(sc.Frameworks) != 7 || len(sc.Commitments) != 10 {
			t.Errorf("got %d frameworks, %d commitments; want 7, 10", len(sc.Frameworks), len(sc.Commitments))
		}
		if o.Projects != 4 || o.Milestones != 4 || o.OverdueMilestones != 1 || o.LateMilestones != 1 {
			t.Errorf("got %d projects, %d milestones, %d overdue, %d late; want 4, 4, 1, 1", o.Projects, o.Milestones, o.OverdueMilestones, o.LateMilestones)
		}
		if o.ReturnedHome.N != 3 || o.ReturnedHome.Of != 4 || o.PeopleTrained != 12 {
			t.Errorf("got returned home %+v, people trained %d; want 3 of 4, 12", o.ReturnedHome, o.PeopleTrained)
		}
		if o.Commitments.Delivered != 1 || o.Commitments.InProgress != 2 {
			t.Errorf("got statuses %+v, want 1 delivered, 2 in progress", o.Commitments)
		}
		yes := true
		ps, total, err := s.ListProjects(ctx, store.LedgerQuery{Sample: &yes})
		if err != nil || total != 4 {
			t.Fatalf("sample projects: got %d (%v), want 4", total, err)
		}
		for _, p := range ps {
			if !p.Sample {
				t.Errorf("%s: not marked sample", p.ID)
			}
		}
	})
}
