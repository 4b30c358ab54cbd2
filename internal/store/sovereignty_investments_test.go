package store_test

import (
	"math"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// The investments source, by hand: leads into India that reached the
// memorandum stage (or a later one) and are not lost, counted once per
// layer for their origin country in the year they reached it; cells of a
// partner, layer and year with fewer than 3 leads pooled under "others".
//
//	2025  JP semiconductor: 3 leads            -> JP 3
//	2025  KR semiconductor: 2 leads            -> others 2
//	2025  US semiconductor + energy: 1 lead,
//	      straight to approvals                -> others 1 in each layer
//	2026  KR semiconductor: 1 lead             -> others 1
//	not counted: a JP lead lost after its memorandum, a JP lead only
//	engaged, a JP lead with no destination, an Indian investor's lead.
//
// Semiconductor, every year: JP 3, others 4: shares 3/7 and 4/7, index
// (300/7)² + (400/7)² = 250000/49 = 5102. In 2025: JP 3, others 3: 5000.
// Energy: others 1: 10000.
func TestSovereigntyInvestments(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx, clock := deskFixture(t, s)
		clock.t = time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC)
		for _, o := range []*registry.Organisation{
			{ID: "us-fab", Name: "Austin Fab", Kind: "company", Country: "US"},
			{ID: "in-fab", Name: "Dholera Fab", Kind: "company", Country: "IN"},
		} {
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		lead := func(investor, destination string, layers []string, stages ...string) {
			t.Helper()
			l := &desk.Lead{Investor: investor, OriginCountry: investor[:2], DestinationCountry: destination,
				Segment: "chip-fabrication", Layers: layers, Amount: 1_000_000, Currency: "USD"}
			if err := s.CreateLead(ctx, l); err != nil {
				t.Fatal(err)
			}
			for _, st := range stages {
				reason := ""
				if st == desk.Lost {
					reason = "went-elsewhere"
				}
				clock.add(day)
				if _, err := s.ChangeStage(ctx, l.ID, st, reason, ""); err != nil {
					t.Fatalf("%s to %s: %v", l.ID, st, err)
				}
			}
		}
		semi := []string{"semiconductor"}
		for range 3 {
			lead("jp-fab", "IN", semi, desk.Engaged, desk.Memorandum)
		}
		lead("kr-mem", "in", semi, desk.Memorandum)
		lead("kr-mem", "IN", semi, desk.Memorandum, desk.Approvals, desk.Construction)
		lead("us-fab", "IN", []string{"semiconductor", "energy"}, desk.Approvals)
		lead("jp-fab", "IN", semi, desk.Memorandum, desk.Lost)
		lead("jp-fab", "IN", semi, desk.Engaged)
		lead("jp-fab", "", semi, desk.Memorandum)
		lead("in-fab", "IN", semi, desk.Memorandum)
		clock.t = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		lead("kr-mem", "IN", semi, desk.Memorandum)

		check := func(year int, layer string, want map[string]float64, hhi int) {
			t.Helper()
			f, _, err := s.SovereigntyFigures(ctx, "IN", year)
			if err != nil {
				t.Fatal(err)
			}
			lf, _ := f.Layer(layer)
			for _, source := range []string{sovereignty.SourceInvestments, sovereignty.Combined} {
				c, ok := lf.Of(source)
				if !ok {
					t.Fatalf("%d %s: no %s figures", year, layer, source)
				}
				got := map[string]float64{}
				for _, p := range c.Partners {
					got[p.Code] = p.Share
				}
				if len(got) != len(want) || c.HHI != hhi {
					t.Errorf("%d %s %s: got %v, HHI %d; want %v, HHI %d", year, layer, source, got, c.HHI, want, hhi)
				}
				for code, share := range want {
					if math.Abs(got[code]-share) > 1e-9 {
						t.Errorf("%d %s %s: %s got %v, want %v", year, layer, source, code, got[code], share)
					}
				}
			}
		}
		check(0, "semiconductor", map[string]float64{"JP": 3.0 / 7, sovereignty.PooledPartner: 4.0 / 7}, 5102)
		check(2025, "semiconductor", map[string]float64{"JP": 0.5, sovereignty.PooledPartner: 0.5}, 5000)
		check(2026, "semiconductor", map[string]float64{sovereignty.PooledPartner: 1}, 10000)
		check(0, "energy", map[string]float64{sovereignty.PooledPartner: 1}, 10000)
	})
}
