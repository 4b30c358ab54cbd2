package store_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestCountryBridge(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		partnerFixture(t, s)
		// A second Japanese organisation: two packaging needs (met by
		// in-me's offer), a model-layer chip-design need (no Indian offer
		// in that layer) and a chip-design offer.
		cap := func(dir, layer, domain, text string) registry.Capability {
			return registry.Capability{Direction: dir, Layer: layer, Domain: domain, Text: text}
		}
		if err := s.CreateOrganisation(ctx, &registry.Organisation{ID: "jp-pack", Name: "Kyushu Packaging", Kind: "company", Country: "JP",
			Capabilities: []registry.Capability{
				cap(registry.Need, "semiconductor", "packaging-atmp", "Fan-out packaging pilot partner"),
				cap(registry.Need, "semiconductor", "packaging-atmp", "Wafer-level packaging for chiplets"),
				cap(registry.Need, "model", "chip-design", "Compiler for an accelerator"),
				cap(registry.Offer, "semiconductor", "chip-design", "Design reviews"),
				cap(registry.Offer, "semiconductor", "", "A capability without a domain, left out"),
			}}); err != nil {
			t.Fatal(err)
		}
		br, err := s.CountryBridge(ctx, "in", "JP", 0)
		if err != nil {
			t.Fatal(err)
		}
		// By hand, active organisations only (jp-gone is inactive):
		// semiconductor/chip-design: IN needs 1 (in-me), offers 1 (in-peer); JP offers 2 (jp-lab, jp-pack).
		// semiconductor/packaging-atmp: IN offers 1 (in-me); JP needs 2 (jp-pack).
		// model/chip-design: JP needs 1; no IN offer.
		want := []store.BridgeCell{
			{Layer: "semiconductor", Domain: "packaging-atmp", OffersA: 1, NeedsB: 2, MetBA: 2},
			{Layer: "semiconductor", Domain: "chip-design", NeedsA: 1, OffersA: 1, OffersB: 2, MetAB: 1},
			{Layer: "model", Domain: "chip-design", NeedsB: 1},
		}
		if br.A != "IN" || br.B != "JP" || br.MetAB != 1 || br.MetBA != 2 {
			t.Errorf("bridge: got %s-%s met %d/%d, want IN-JP met 1/2", br.A, br.B, br.MetAB, br.MetBA)
		}
		if len(br.Cells) != len(want) {
			t.Fatalf("cells: got %+v, want %+v", br.Cells, want)
		}
		for i := range want {
			if br.Cells[i] != want[i] {
				t.Errorf("cell %d: got %+v, want %+v", i, br.Cells[i], want[i])
			}
		}
		// Pairs: in-me (IN's one anchor) against Japan, jp-pack (Japan's)
		// against India. in-me and jp-pack meet each other both ways.
		if len(br.Pairs) == 0 {
			t.Fatal("no pairs")
		}
		seen := map[string]bool{}
		for i, p := range br.Pairs {
			seen[p.From+">"+p.Partner.ID] = true
			if len(p.Partner.Reasons.Plain) == 0 {
				t.Errorf("pair %d (%s, %s) has no reasons", i, p.From, p.Partner.ID)
			}
			if i > 0 && p.Partner.Score > br.Pairs[i-1].Partner.Score {
				t.Errorf("pair %d scores %v, above pair %d's %v", i, p.Partner.Score, i-1, br.Pairs[i-1].Partner.Score)
			}
			if p.Partner.Country == "IN" && p.From[:2] != "jp" || p.Partner.Country == "JP" && p.From[:2] != "in" {
				t.Errorf("pair %d: %s with %s (%s) is not across the bridge", i, p.From, p.Partner.ID, p.Partner.Country)
			}
		}
		if !seen["in-me>jp-pack"] && !seen["jp-pack>in-me"] {
			t.Errorf("pairs %v lack in-me with jp-pack", seen)
		}
		if seen["in-me>jp-pack"] && seen["jp-pack>in-me"] {
			t.Errorf("pairs %v list in-me with jp-pack twice", seen)
		}
		if !seen["in-me>jp-lab"] {
			t.Errorf("pairs %v lack in-me with jp-lab", seen)
		}

		for _, bad := range [][2]string{{"IN", "IN"}, {"XX", "JP"}, {"", ""}} {
			if _, err := s.CountryBridge(ctx, bad[0], bad[1], 0); !errs.Is(err, errs.Invalid) {
				t.Errorf("bridge %v: got %v, want invalid", bad, err)
			}
		}
		empty, err := s.CountryBridge(ctx, "VN", "PH", 0)
		if err != nil || len(empty.Cells) != 0 || len(empty.Pairs) != 0 {
			t.Errorf("empty bridge: got %+v, %v", empty, err)
		}
	})
}
