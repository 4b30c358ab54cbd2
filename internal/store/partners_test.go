package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// partnerFixture stores a small registry for partner tests: an Indian
// startup needing chip design and offering packaging, and counterparts.
func partnerFixture(t *testing.T, s *store.Store) map[string]*registry.Organisation {
	t.Helper()
	org := func(id, name, kind, country, status string, caps ...registry.Capability) *registry.Organisation {
		return &registry.Organisation{ID: id, Name: name, Kind: kind, Country: country, Status: status,
			Layers: []string{"semiconductor"}, Capabilities: caps}
	}
	offer := func(domain, text string) registry.Capability {
		return registry.Capability{Direction: registry.Offer, Layer: "semiconductor", Domain: domain, Text: text}
	}
	need := func(domain, text string) registry.Capability {
		return registry.Capability{Direction: registry.Need, Layer: "semiconductor", Domain: domain, Text: text}
	}
	all := []*registry.Organisation{
		org("in-me", "Dhruvika Silicon", "startup", "IN", "",
			need("chip-design", "28 nm multi-project wafer shuttle for an edge-AI accelerator"),
			offer("packaging-atmp", "Fan-out wafer-level packaging pilot runs")),
		org("jp-lab", "Nagoya Design Lab", "research-institute", "JP", "",
			offer("chip-design", "Chip design services and shuttle access")),
		org("tw-pack", "Hsinchu Assembly", "company", "TW", "",
			need("packaging-atmp", "Packaging partner for chiplets")),
		org("sg-words", "Singapore Wafer Works", "company", "SG", "",
			offer("memory", "Multi-project wafer runs on mature nodes")),
		org("in-peer", "Bengaluru Chips", "startup", "IN", "",
			offer("chip-design", "Chip design services")),
		org("jp-gone", "Closed Lab", "research-institute", "JP", "inactive",
			offer("chip-design", "Chip design services")),
		org("kr-none", "Seoul Farms", "company", "KR", "",
			offer("agriculture", "Crop monitoring drones")),
	}
	ctx := context.Background()
	byID := map[string]*registry.Organisation{}
	for _, o := range all {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatalf("create %s: %v", o.ID, err)
		}
		byID[o.ID] = o
	}
	return byID
}

func candidateIDs(os []*registry.Organisation) []string {
	var ids []string
	for _, o := range os {
		ids = append(ids, o.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestPartnerCandidates(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := partnerFixture(t, s)
		me, err := s.Organisation(ctx, "in-me")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			me   *registry.Organisation
			f    partners.Filters
			max  int
			want []string
		}{
			{"both arms", me, partners.Filters{}, 0, []string{"jp-lab", "sg-words", "tw-pack"}},
			{"country", me, partners.Filters{Countries: []string{"JP"}}, 0, []string{"jp-lab"}},
			{"kind", me, partners.Filters{Kinds: []string{"company"}}, 0, []string{"sg-words", "tw-pack"}},
			{"domain", me, partners.Filters{Domains: []string{"packaging-atmp"}, Countries: []string{"TW", "JP"}}, 0, []string{"jp-lab", "tw-pack"}},
			{"capped", me, partners.Filters{}, 1, nil},
			{"needs only", partners.NeedsProfile("", "crop monitoring"), partners.Filters{}, 0, []string{"kr-none"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.PartnerCandidates(ctx, tc.me, tc.f, tc.max)
				if err != nil {
					t.Fatal(err)
				}
				if tc.max == 1 {
					if len(got) != 1 {
						t.Errorf("got %d candidates, want 1", len(got))
					}
					return
				}
				if ids := candidateIDs(got); !slices.Equal(ids, tc.want) {
					t.Errorf("got %v, want %v", ids, tc.want)
				}
				for _, o := range got {
					if len(o.Capabilities) == 0 || o.Kind == "" {
						t.Errorf("%s not fully loaded: %+v", o.ID, o)
					}
				}
			})
		}
		// The candidates rank: both the lab that meets my need and the
		// firm whose need I meet are in the ranking.
		cands, err := s.PartnerCandidates(ctx, me, partners.Filters{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ranked []string
		for _, m := range partners.Rank(me, cands, partners.Filters{}, partners.Context{}) {
			ranked = append(ranked, m.ID)
		}
		for _, want := range []string{orgs["jp-lab"].ID, orgs["tw-pack"].ID} {
			if !slices.Contains(ranked, want) {
				t.Errorf("ranking %v lacks %s", ranked, want)
			}
		}
	})
}
