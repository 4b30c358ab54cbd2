package store_test

import (
	"context"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
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

		// From the cache until a write: a caller's change to what it was
		// given stays its own, and a new need counts at once.
		br.Cells[0].NeedsB = 99
		again, err := s.CountryBridge(ctx, "IN", "JP", 0)
		if err != nil || again.Cells[0] != want[0] {
			t.Errorf("bridge again: got %+v, %v, want first cell %+v", again.Cells, err, want[0])
		}
		if err := s.CreateOrganisation(ctx, &registry.Organisation{ID: "jp-more", Name: "Osaka Modules", Kind: "company", Country: "JP",
			Capabilities: []registry.Capability{cap(registry.Need, "semiconductor", "packaging-atmp", "Module assembly")}}); err != nil {
			t.Fatal(err)
		}
		after, err := s.CountryBridge(ctx, "IN", "JP", 0)
		if err != nil {
			t.Fatal(err)
		}
		if c := after.Cells[0]; c.Domain != "packaging-atmp" || c.NeedsB != 3 || after.MetBA != 3 {
			t.Errorf("after a new need: got %+v met %d, want packaging-atmp needs_b 3, met 3", c, after.MetBA)
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

// TestBridgeCountsFollowWrites checks that the counts kept for the bridge
// cells equal a count over the capabilities after each kind of write:
// bulk import into an empty registry, import over it, create, update
// (capabilities, country, status) and delete.
func TestBridgeCountsFollowWrites(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := func(id, country, status string, caps ...registry.Capability) *registry.Organisation {
			return &registry.Organisation{ID: id, Name: "Organisation " + id, Kind: "company", Country: country, Status: status, Capabilities: caps}
		}
		need := func(layer, domain string) registry.Capability {
			return registry.Capability{Direction: registry.Need, Layer: layer, Domain: domain, Text: "Needs " + domain}
		}
		offer := func(layer, domain string) registry.Capability {
			return registry.Capability{Direction: registry.Offer, Layer: layer, Domain: domain, Text: "Offers " + domain}
		}
		importAll := func(orgs ...*registry.Organisation) {
			t.Helper()
			i := 0
			_, err := s.ImportOrganisations(ctx, func() (*registry.Organisation, string, error) {
				if i == len(orgs) {
					return nil, "", io.EOF
				}
				i++
				return orgs[i-1], "record " + strconv.Itoa(i), nil
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
		}
		steps := []struct {
			name  string
			write func() error
		}{
			{"bulk import", func() error {
				importAll(org("a", "IN", "", need("semiconductor", "chip-design"), offer("semiconductor", "memory")),
					org("b", "JP", "", offer("semiconductor", "chip-design"), need("semiconductor", "chip-design"), offer("semiconductor", "")),
					org("c", "JP", "inactive", offer("semiconductor", "chip-design")))
				return nil
			}},
			{"import over", func() error {
				importAll(org("a", "IN", "", need("semiconductor", "memory")), org("d", "KR", "", offer("model", "chip-design")))
				return nil
			}},
			{"create", func() error {
				return s.CreateOrganisation(ctx, org("e", "IN", "", offer("semiconductor", "chip-design"), offer("semiconductor", "chip-design")))
			}},
			{"update capabilities", func() error {
				return s.UpdateOrganisation(ctx, org("e", "IN", "", need("semiconductor", "packaging-atmp")))
			}},
			{"move country", func() error {
				return s.UpdateOrganisation(ctx, org("b", "SG", "", offer("semiconductor", "chip-design"), need("semiconductor", "chip-design")))
			}},
			{"deactivate", func() error {
				return s.UpdateOrganisation(ctx, org("e", "IN", "inactive", need("semiconductor", "packaging-atmp")))
			}},
			{"reactivate", func() error {
				return s.UpdateOrganisation(ctx, org("c", "JP", "", offer("semiconductor", "chip-design")))
			}},
			{"delete active", func() error { return s.DeleteOrganisation(ctx, "b") }},
			{"delete inactive", func() error { return s.DeleteOrganisation(ctx, "e") }},
		}
		for _, st := range steps {
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			kept := countRows(t, s, `SELECT country, direction, layer, domain, n FROM bridge_counts WHERE n <> 0`)
			want := countRows(t, s, `SELECT o.country, c.direction, c.layer, c.domain, COUNT(*)
				FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
				WHERE o.status = 'active' AND c.domain <> '' GROUP BY o.country, c.direction, c.layer, c.domain`)
			if !maps.Equal(kept, want) {
				t.Errorf("after %s: kept counts %v, want %v", st.name, kept, want)
			}
			keptNeeds := countRows(t, s, `SELECT o.id, b.country, '', '', b.n FROM bridge_needs b JOIN organisations o ON o.seq = b.org_seq WHERE b.n <> 0`)
			wantNeeds := countRows(t, s, `SELECT o.id, o.country, '', '', COUNT(*)
				FROM capabilities c JOIN organisations o ON o.seq = c.org_seq
				WHERE o.status = 'active' AND c.direction = 'need' AND c.domain <> '' GROUP BY o.id, o.country`)
			if !maps.Equal(keptNeeds, wantNeeds) {
				t.Errorf("after %s: kept needs %v, want %v", st.name, keptNeeds, wantNeeds)
			}
			if orphans := countRows(t, s, `SELECT CAST(b.org_seq AS TEXT), b.country, '', '', b.n FROM bridge_needs b
				LEFT JOIN organisations o ON o.seq = b.org_seq WHERE o.seq IS NULL`); len(orphans) > 0 {
				t.Errorf("after %s: needs kept for deleted organisations: %v", st.name, orphans)
			}
		}
	})
}

// countRows reads rows of four keys and a count into a map.
func countRows(t *testing.T, s *store.Store, q string) map[string]int {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k [4]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &n); err != nil {
			t.Fatal(err)
		}
		out[strings.Join(k[:], "/")] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBridgeAnchors checks the anchors through the pairs they start from:
// the organisations with the most needs met, not the most needs, ties
// going to the earliest registered, at most store.BridgeAnchors a side.
func TestBridgeAnchors(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		need := func(domain string) registry.Capability {
			return registry.Capability{Direction: registry.Need, Layer: "semiconductor", Domain: domain, Text: "Partner for " + domain}
		}
		offer := func(domain string) registry.Capability {
			return registry.Capability{Direction: registry.Offer, Layer: "semiconductor", Domain: domain, Text: "Services in " + domain}
		}
		orgs := []*registry.Organisation{
			// Four needs, none of which Japan offers: never an anchor.
			{ID: "vn-many", Country: "VN", Capabilities: []registry.Capability{need("memory"), need("memory"), need("memory"), need("memory")}},
		}
		// Seven Vietnamese organisations with one met need each, and one
		// with two: the anchors are vn-two and the first four of the seven.
		for i := range 7 {
			orgs = append(orgs, &registry.Organisation{ID: "vn-one-" + strconv.Itoa(i), Country: "VN", Capabilities: []registry.Capability{need("chip-design")}})
		}
		orgs = append(orgs,
			&registry.Organisation{ID: "vn-two", Country: "VN", Capabilities: []registry.Capability{need("chip-design"), need("packaging-atmp"), need("memory")}},
			&registry.Organisation{ID: "jp-offers", Country: "JP", Capabilities: []registry.Capability{offer("chip-design"), offer("packaging-atmp")}})
		for _, o := range orgs {
			o.Name, o.Kind = "Organisation "+o.ID, "company"
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		br, err := s.CountryBridge(ctx, "VN", "JP", 0)
		if err != nil {
			t.Fatal(err)
		}
		var from []string
		for _, p := range br.Pairs {
			from = append(from, p.From)
		}
		slices.Sort(from)
		want := []string{"vn-one-0", "vn-one-1", "vn-one-2", "vn-one-3", "vn-two"}
		if !slices.Equal(from, want) {
			t.Errorf("pairs start from %v, want %v", from, want)
		}
	})
}

// TestCountryBridgeConcurrent asks for the same bridge from several
// goroutines at once (run with -race): every one gets the same cells.
func TestCountryBridgeConcurrent(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		partnerFixture(t, s)
		want, err := s.ComputeCountryBridge(ctx, "IN", "JP", 0)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]*store.Bridge, 8)
		failed := make([]error, len(got))
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() { got[i], failed[i] = s.CountryBridge(ctx, "IN", "JP", 0) })
		}
		wg.Wait()
		for i, br := range got {
			if failed[i] != nil {
				t.Fatalf("goroutine %d: %v", i, failed[i])
			}
			if !slices.Equal(br.Cells, want.Cells) || len(br.Pairs) != len(want.Pairs) {
				t.Errorf("goroutine %d: got %+v, want %+v", i, br, want)
			}
		}
	})
}
