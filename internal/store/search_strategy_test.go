package store_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
	"github.com/setu-council/setu/internal/synth"
)

// strategyQueries exercise text, filters, tiers, exact names and empty
// results on the synthetic set.
func strategyQueries(t *testing.T, s *store.Store) []store.OrgQuery {
	yes, no := true, false
	qs := []store.OrgQuery{
		{Q: "university"}, {Q: "university", Layers: []string{"model"}}, {Q: "Institute of Technology", Countries: []string{"IN"}},
		{Q: "institute", Countries: []string{"IN", "JP"}, Kinds: []string{"university", "research-institute"}},
		{Q: "東京"}, {Q: "東京工業"}, {Q: "서울 대학교", Kinds: []string{"university"}}, {Q: "大学", Countries: []string{"JP", "CN"}},
		{Q: "tokyo"}, {Q: "tok"}, {Q: "the university"}, {Q: "lab", Domains: []string{"robotics"}}, {Q: "semiconductor", Layers: []string{"semiconductor"}, Domains: []string{"chip-design", "packaging-atmp"}},
		{Q: "india", Layers: []string{"semiconductor", "infrastructure"}}, {Q: "technology", Sample: &yes}, {Q: "technology", Sample: &no},
		{Q: "a"}, {Q: "zzzzqx"}, {Q: "..."}, {Q: "centre", Kinds: []string{"startup"}, Countries: []string{"KR"}},
		{}, {Countries: []string{"JP"}}, {Countries: []string{"LK", "NP"}}, {Kinds: []string{"university"}, Layers: []string{"model"}},
		{Domains: []string{"agriculture", "healthcare"}}, {Sample: &yes}, {Layers: []string{"application"}, Countries: []string{"IN"}},
	}
	// Exact names of a few synthetic organisations, as typed and lower case.
	g := synth.New(7)
	for i := range 4 {
		o := g.Organisation(i * 97)
		qs = append(qs, store.OrgQuery{Q: o.Name}, store.OrgQuery{Q: o.Name, Countries: []string{o.Country}})
	}
	return qs
}

func fillSynthN(t *testing.T, s *store.Store, n int) {
	t.Helper()
	g := synth.New(7)
	i := 0
	_, err := s.ImportOrganisations(context.Background(), func() (*registry.Organisation, string, error) {
		if i == n {
			return nil, "", io.EOF
		}
		i++
		return g.Next(), "synth:" + strconv.Itoa(i), nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
}

// allResults pages through a search and returns the ids in order, the
// total, whether it is exact, and the facets of the first page. It pages
// past the total when the total is a lower bound.
func allResults(t *testing.T, search func(context.Context, store.OrgQuery) (*store.OrgResults, error), q store.OrgQuery) string {
	t.Helper()
	out := ""
	for page := 1; ; page++ {
		q := q
		q.Countries, q.Kinds, q.Layers, q.Domains = slices.Clone(q.Countries), slices.Clone(q.Kinds), slices.Clone(q.Layers), slices.Clone(q.Domains)
		q.Page, q.PerPage, q.Facets = page, 100, page == 1
		res, err := search(context.Background(), q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		if page == 1 {
			out += fmt.Sprintf("total %d exact %t facets %v\n", res.Total, res.TotalExact, res.Facets)
		}
		for _, o := range res.Items {
			out += o.ID + " "
		}
		if len(res.Items) < q.PerPage {
			return out
		}
	}
}

// TestSearchSQLiteStrategy checks that SQLite's full-text strategy gives
// what the plain SQL query gives, on each of its paths: ranking in Go,
// sorting whole tiers, walking name lengths; facets by rows and by value.
//
// A count cap below the result sizes (the last cases) checks that a capped
// total, its flag and every page, past the cap too, are the same.
func TestSearchSQLiteStrategy(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	fillSynthN(t, s, 2000)
	for _, th := range [][4]int{
		{5000, 10000, 2000, store.CountCap}, {0, 100000, 100000, store.CountCap}, {0, 0, 0, store.CountCap},
		{5000, 10000, 2000, 150}, {100, 200, 2000, 150}, {0, 0, 0, 1},
	} {
		restore := s.SetThresholds(th[0], th[1], th[2])
		restoreCap := s.SetCountCap(th[3])
		for _, q := range strategyQueries(t, s) {
			got, want := allResults(t, s.SearchDatabase, q), allResults(t, s.SearchPlain, q)
			if got != want {
				t.Errorf("thresholds %v, %+v:\ngot  %.600s\nwant %.600s", th, q, got, want)
			}
		}
		restoreCap()
		restore()
	}
}

// TestSearchIndexAgrees checks that the search index in memory gives what
// the plain SQL query gives, on both databases: built over the registry,
// then after changes merged in (created, renamed, re-tagged and deleted
// organisations), and with the count cap below the result sizes.
func TestSearchIndexAgrees(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fillSynthN(t, s, 2000)
		compare := func(stage string) {
			t.Helper()
			for _, countCap := range []int{store.CountCap, 150} {
				restore := s.SetCountCap(countCap)
				for _, q := range strategyQueries(t, s) {
					got, want := allResults(t, s.SearchOrganisations, q), allResults(t, s.SearchPlain, q)
					if got != want {
						t.Errorf("%s, cap %d, %+v:\nindex %.600s\nplain %.600s", stage, countCap, q, got, want)
					}
				}
				restore()
			}
		}
		compare("built")
		if docs, changed := s.SearchIndexState(); docs != 2000 || changed != 0 {
			t.Fatalf("index holds %d organisations, %d changed; want 2000, 0", docs, changed)
		}
		// Changes after the build: the index merges them in.
		g := synth.New(99)
		for i := range 40 {
			o := g.Organisation(i)
			o.ID, o.ExternalIDs = fmt.Sprintf("org-late-%d", i), nil
			if i%3 == 0 {
				o.Name = "University of Tokyo " + o.Name
			}
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		page, err := s.SearchPlain(ctx, store.OrgQuery{Q: "university", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range page.Items[:30] {
			switch i % 3 {
			case 0:
				o.Name = "Tokyo " + o.Name
				o.Layers = []string{"model", "energy"}
			case 1:
				o.Country = "SG"
				o.Domains = nil
			default:
				if err := s.DeleteOrganisation(ctx, o.ID); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := s.UpdateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		compare("after changes")
		if docs, changed := s.SearchIndexState(); docs != 2030 || changed < 60 {
			t.Fatalf("index holds %d organisations, %d changed; want 2030, at least 60", docs, changed)
		}
	})
}

// TestSearchCountCap checks the total of a result above the count cap: the
// cap, marked not exact; at the cap or below, exact. The first page is the
// same with and without the cap.
func TestSearchCountCap(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		fillSynthN(t, s, 300)
		ctx := context.Background()
		for _, q := range []store.OrgQuery{{}, {Q: "university"}, {Q: "institute", Countries: []string{"IN", "JP"}}, {Countries: []string{"JP"}}} {
			full, err := s.SearchOrganisations(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			n := full.Total
			if !full.TotalExact || n < 3 {
				t.Fatalf("%+v: got total %d exact %t, want at least 3, exact", q, n, full.TotalExact)
			}
			for _, tt := range []struct {
				cap, total int
				exact      bool
			}{{n - 1, n - 1, false}, {n, n, true}, {n + 1, n, true}, {1, 1, false}} {
				restore := s.SetCountCap(tt.cap)
				res, err := s.SearchOrganisations(ctx, q)
				restore()
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != tt.total || res.TotalExact != tt.exact {
					t.Errorf("%+v, cap %d: got total %d exact %t, want %d exact %t", q, tt.cap, res.Total, res.TotalExact, tt.total, tt.exact)
				}
				if got, want := ids(res.Items), ids(full.Items); got != want {
					t.Errorf("%+v, cap %d: got page %s, want %s", q, tt.cap, got, want)
				}
			}
		}
	})
}

// TestSearchStrategiesAgree checks that SQLite and PostgreSQL give the
// same results, order and facets, with the count cap above and below the
// result sizes.
func TestSearchStrategiesAgree(t *testing.T) {
	if os.Getenv(storetest.TestPostgresEnv) == "" {
		t.Skipf("set %s to compare with PostgreSQL", storetest.TestPostgresEnv)
	}
	lite, pg := storetest.MustOpenSQLite(t), storetest.MustOpenPostgres(t)
	fillSynthN(t, lite, 2000)
	fillSynthN(t, pg, 2000)
	for _, countCap := range []int{store.CountCap, 150} {
		restore, restorePG := lite.SetCountCap(countCap), pg.SetCountCap(countCap)
		for _, q := range strategyQueries(t, lite) {
			got, want := allResults(t, lite.SearchOrganisations, q), allResults(t, pg.SearchOrganisations, q)
			if got != want {
				t.Errorf("cap %d, %+v:\nsqlite   %.600s\npostgres %.600s", countCap, q, got, want)
			}
		}
		restore()
		restorePG()
	}
}

func ids(orgs []*registry.Organisation) string {
	out := ""
	for _, o := range orgs {
		out += o.ID + " "
	}
	return out
}

// TestSearchPrefixTermsFollowTheIndex checks that a prefix term finds the
// words of organisations created, renamed and deleted after an earlier
// search with the same prefix (SQLite keeps the prefix's words until the
// index changes).
func TestSearchPrefixTermsFollowTheIndex(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		names := func(q string) string {
			t.Helper()
			res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for _, o := range res.Items {
				out += o.Name + "; "
			}
			return out
		}
		org := &registry.Organisation{ID: "org-q1", Name: "Quorvath Labs", Kind: "startup", Country: "IN"}
		if err := s.CreateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name   string
			change func() error
			q      string
			want   string
		}{
			{"first search", func() error { return nil }, "quorv", "Quorvath Labs; "},
			{"a new word with the prefix", func() error {
				return s.CreateOrganisation(ctx, &registry.Organisation{ID: "org-q2", Name: "Quorvex", Kind: "startup", Country: "JP"})
			}, "quorv", "Quorvex; Quorvath Labs; "},
			{"a renamed organisation", func() error {
				org.Name = "Quorvilla Labs"
				return s.UpdateOrganisation(ctx, org)
			}, "quorv", "Quorvex; Quorvilla Labs; "},
			{"a deleted organisation", func() error { return s.DeleteOrganisation(ctx, "org-q2") }, "quorv", "Quorvilla Labs; "},
			{"the old word is gone", func() error { return nil }, "quorvath", ""},
		}
		for _, st := range steps {
			if err := st.change(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got := names(st.q); got != st.want {
				t.Errorf("%s: %q got %q, want %q", st.name, st.q, got, st.want)
			}
		}
	})
}
