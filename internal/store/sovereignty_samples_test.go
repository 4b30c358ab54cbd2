package store_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/storetest"

	"github.com/setu-council/setu/internal/store"
)

// TestSovereigntySampleProjects checks that the figures say how many of
// the projects they count are sample records: none in the fixture, one
// once a sample project joins, and a sample project that does not count
// (no partner abroad) is not reported.
func TestSovereigntySampleProjects(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sovereigntyFixture(t, s)
		f, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.SampleProjects != 0 {
			t.Fatalf("fixture without samples: got %d sample projects, want 0", f.SampleProjects)
		}
		sample := func(id string, partners ...string) {
			p := &ledger.Project{ID: "XI-SETU-" + id, ReportingOrg: "XI-SETU", Title: "Sample " + id, Sample: true,
				Participants: []ledger.Participant{{OrgID: "org-in", Role: ledger.RoleImplementing, Home: true}},
				Countries:    []string{"IN"}, Layers: []string{"model"}, Status: ledger.StatusPipeline}
			for _, o := range partners {
				p.Participants = append(p.Participants, ledger.Participant{OrgID: o, Role: ledger.RoleFunding})
			}
			if err := s.CreateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		sample("S1", "org-kr")
		sample("S2") // India alone: not cooperation, not counted
		f, _, err = s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.SampleProjects != 1 {
			t.Errorf("with one counted sample: got %d sample projects, want 1", f.SampleProjects)
		}
	})
}
