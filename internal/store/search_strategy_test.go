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
// total and the facets of the first page.
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
			out += fmt.Sprintf("total %d facets %v\n", res.Total, res.Facets)
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
func TestSearchSQLiteStrategy(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	fillSynthN(t, s, 2000)
	for _, th := range [][3]int{{5000, 10000, 2000}, {0, 100000, 100000}, {0, 0, 0}} {
		restore := s.SetThresholds(th[0], th[1], th[2])
		for _, q := range strategyQueries(t, s) {
			got, want := allResults(t, s.SearchOrganisations, q), allResults(t, s.SearchPlain, q)
			if got != want {
				t.Errorf("thresholds %v, %+v:\ngot  %.600s\nwant %.600s", th, q, got, want)
			}
		}
		restore()
	}
}

// TestSearchStrategiesAgree checks that SQLite and PostgreSQL give the
// same results, order and facets.
func TestSearchStrategiesAgree(t *testing.T) {
	if os.Getenv(storetest.TestPostgresEnv) == "" {
		t.Skipf("set %s to compare with PostgreSQL", storetest.TestPostgresEnv)
	}
	lite, pg := storetest.MustOpenSQLite(t), storetest.MustOpenPostgres(t)
	fillSynthN(t, lite, 2000)
	fillSynthN(t, pg, 2000)
	for _, q := range strategyQueries(t, lite) {
		got, want := allResults(t, lite.SearchOrganisations, q), allResults(t, pg.SearchOrganisations, q)
		if got != want {
			t.Errorf("%+v:\nsqlite   %.600s\npostgres %.600s", q, got, want)
		}
	}
}
