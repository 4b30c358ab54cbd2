package store_test

import (
	"context"
	"math"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// projectWeights returns the projects source's weights per partner in
// the model layer.
func projectWeights(t *testing.T, s *store.Store) map[string]float64 {
	t.Helper()
	f, _, err := s.SovereigntyFigures(context.Background(), "IN", 0)
	if err != nil {
		t.Fatal(err)
	}
	w := map[string]float64{}
	for _, p := range modelFigures(t, f, sovereignty.SourceProjects).Partners {
		w[p.Code] = p.Weight
	}
	return w
}

func sameWeights(got, want map[string]float64) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if math.Abs(got[k]-v) > 1e-9 {
			return false
		}
	}
	return true
}

// TestSovereigntyOrganisationCountry changes, deletes and creates again
// the organisations of sovereigntyFixture's projects: the country each
// participant carries follows its organisation.
func TestSovereigntyOrganisationCountry(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sovereigntyFixture(t, s)
		// P1 with JP and US, P2 with US, P3 with JP, P4 with CN.
		if got, want := projectWeights(t, s), map[string]float64{"JP": 1.5, "US": 1.5, "CN": 1}; !sameWeights(got, want) {
			t.Fatalf("stored: got %v, want %v", got, want)
		}

		cn, err := s.Organisation(ctx, "org-cn")
		if err != nil {
			t.Fatal(err)
		}
		cn.Country = "KR"
		if err := s.UpdateOrganisation(ctx, cn); err != nil {
			t.Fatal(err)
		}
		if got, want := projectWeights(t, s), map[string]float64{"JP": 1.5, "US": 1.5, "KR": 1}; !sameWeights(got, want) {
			t.Errorf("after org-cn moved to KR: got %v, want %v", got, want)
		}

		// Without org-us, P2 has no partner left and P1 has Japan alone.
		if err := s.DeleteOrganisation(ctx, "org-us"); err != nil {
			t.Fatal(err)
		}
		if got, want := projectWeights(t, s), map[string]float64{"JP": 2, "KR": 1}; !sameWeights(got, want) {
			t.Errorf("after org-us was deleted: got %v, want %v", got, want)
		}

		// An IP holder that takes part in no project: its country is read
		// from the registry (the fixture's outputs: JP's o1 and US's o3, gone).
		if err := s.CreateOutput(ctx, &ledger.Output{ID: "o4", ProjectID: "XI-SETU-P3", Kind: ledger.OutputModel, Title: "Licensed weights",
			Date: ledger.MakeDate(2025, 11, 1), IPHolder: "org-kr"}); err != nil {
			t.Fatal(err)
		}
		f, _, err := s.SovereigntyFigures(ctx, "IN", 0)
		if err != nil {
			t.Fatal(err)
		}
		outputs := map[string]float64{}
		for _, p := range modelFigures(t, f, sovereignty.SourceOutputs).Partners {
			outputs[p.Code] = p.Weight
		}
		if want := map[string]float64{"JP": 1, "KR": 1}; !sameWeights(outputs, want) {
			t.Errorf("outputs by IP holder: got %v, want %v", outputs, want)
		}

		// Created again under the same id, in Singapore.
		if err := s.CreateOrganisation(ctx, &registry.Organisation{ID: "org-us", Name: "Boston AI", Kind: "company", Country: "SG"}); err != nil {
			t.Fatal(err)
		}
		if got, want := projectWeights(t, s), map[string]float64{"JP": 1.5, "SG": 1.5, "KR": 1}; !sameWeights(got, want) {
			t.Errorf("after org-us came back in SG: got %v, want %v", got, want)
		}

		// A project updated: P4 (with org-cn, now in KR) cancelled, P3
		// given org-kr as a second partner.
		for id, change := range map[string]func(p *ledger.Project){
			"XI-SETU-P4": func(p *ledger.Project) { p.Status = ledger.StatusCancelled },
			"XI-SETU-P3": func(p *ledger.Project) {
				p.Participants = append(p.Participants, ledger.Participant{OrgID: "org-kr", Role: ledger.RoleFunding})
			},
		} {
			p, err := s.Project(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			change(p)
			if err := s.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := projectWeights(t, s), map[string]float64{"JP": 1, "SG": 1.5, "KR": 0.5}; !sameWeights(got, want) {
			t.Errorf("after P4 was cancelled and P3 got org-kr: got %v, want %v", got, want)
		}
	})
}
