package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// facetMap turns a list's facets into "value label" -> count, for
// comparison.
func facetMap(fs []labelledFacet) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Value+" "+f.Label] = f.Count
	}
	return m
}

func TestSearchOrganisations(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		total  int
		names  []string                  // the items, in order; nil: not checked
		facets map[string]map[string]int // by facet; nil: not checked
	}{
		{
			name: "everything", query: "", total: 5,
			names: []string{"Bharat Chips", "Indian Institute of Science", "Korea Advanced Institute of Science and Technology",
				"Sakura Robotics", "The University of Tokyo"},
			facets: map[string]map[string]int{
				"country": {"JP Japan": 2, "IN India": 2, "KR South Korea": 1},
				"kind":    {"university University": 3, "startup Startup": 2},
				"layer":   {"semiconductor Semiconductor": 3, "application Application": 2, "model Model": 2},
				"domain": {"chip-design Chip design": 2, "robotics Robotics": 2, "foundation-models Foundation models": 1,
					"memory Memory": 1, "smart-manufacturing Smart manufacturing": 1},
			},
		},
		{
			name: "one country: its facet still counts the others", query: "country=JP", total: 2,
			names: []string{"Sakura Robotics", "The University of Tokyo"},
			facets: map[string]map[string]int{
				"country": {"JP Japan": 2, "IN India": 2, "KR South Korea": 1},
				"kind":    {"university University": 1, "startup Startup": 1},
				"layer":   {"application Application": 2, "model Model": 1},
			},
		},
		{
			name: "repeated filter is either value, any case", query: "country=jp&country=KR", total: 3,
			names: []string{"Korea Advanced Institute of Science and Technology", "Sakura Robotics", "The University of Tokyo"},
		},
		{
			name: "filters combine", query: "country=IN&kind=startup", total: 1, names: []string{"Bharat Chips"},
			facets: map[string]map[string]int{"kind": {"university University": 1, "startup Startup": 1}},
		},
		{name: "layer and domain", query: "layer=semiconductor&domain=memory", total: 1,
			names: []string{"Korea Advanced Institute of Science and Technology"}},
		{name: "sample only", query: "sample=true", total: 2, names: []string{"Bharat Chips", "Sakura Robotics"}},
		{name: "real only", query: "sample=false", total: 3},
		{name: "full text", query: "q=tokyo", total: 1, names: []string{"The University of Tokyo"}},
		{name: "full text in Japanese", query: "q=東京大学", total: 1, names: []string{"The University of Tokyo"}},
		{
			name: "no match", query: "q=zzzzqqq", total: 0, names: []string{},
			facets: map[string]map[string]int{"country": {}, "kind": {}, "layer": {}, "domain": {}},
		},
		{name: "only punctuation", query: "q=%21%21", total: 0, names: []string{},
			facets: map[string]map[string]int{"country": {}, "kind": {}, "layer": {}, "domain": {}}},
	}
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		s := newAPIServer(t, st, nil)
		for _, tt := range tests {
			res := call(t, s, "GET", "/api/v1/organisations?"+tt.query, "", "")
			if res.code != http.StatusOK {
				t.Errorf("%s: got status %d, want 200\n%s", tt.name, res.code, clip(res.body))
				continue
			}
			var list organisationList
			res.decode(t, &list)
			if list.Total != tt.total || !list.TotalExact {
				t.Errorf("%s: got total %d exact %t, want %d exact", tt.name, list.Total, list.TotalExact, tt.total)
			}
			if tt.names != nil {
				got := []string{}
				for _, o := range list.Items {
					got = append(got, o.Name)
				}
				if toJSON(got) != toJSON(tt.names) {
					t.Errorf("%s: got items %q, want %q", tt.name, got, tt.names)
				}
			}
			for facet, want := range tt.facets {
				fs, ok := list.Facets[facet]
				if !ok {
					t.Errorf("%s: facet %s missing", tt.name, facet)
					continue
				}
				if got := facetMap(fs); toJSON(got) != toJSON(want) {
					t.Errorf("%s: facet %s: got %v, want %v", tt.name, facet, got, want)
				}
			}
		}
	})
}

func TestSearchOrganisationsPaging(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	tests := []struct {
		query      string
		page       int
		pages      int
		names      []string
		prev, next string
		link       string
	}{
		{
			query: "per_page=2", page: 1, pages: 3, names: []string{"Bharat Chips", "Indian Institute of Science"},
			next: "/api/v1/organisations?page=2&per_page=2",
			link: `</api/v1/organisations?page=1&per_page=2>; rel="first", </api/v1/organisations?page=2&per_page=2>; rel="next", </api/v1/organisations?page=3&per_page=2>; rel="last"`,
		},
		{
			query: "per_page=2&page=2&country=JP&country=IN&country=KR", page: 2, pages: 3,
			names: []string{"Korea Advanced Institute of Science and Technology", "Sakura Robotics"},
			prev:  "/api/v1/organisations?country=JP&country=IN&country=KR&page=1&per_page=2",
			next:  "/api/v1/organisations?country=JP&country=IN&country=KR&page=3&per_page=2",
		},
		{query: "per_page=2&page=3", page: 3, pages: 3, names: []string{"The University of Tokyo"},
			prev: "/api/v1/organisations?page=2&per_page=2"},
		{query: "per_page=2&page=9", page: 9, pages: 3, names: []string{}, prev: "/api/v1/organisations?page=3&per_page=2"},
		{query: "", page: 1, pages: 1, names: nil},
	}
	for _, tt := range tests {
		res := call(t, s, "GET", "/api/v1/organisations?"+tt.query, "", "")
		if res.code != http.StatusOK {
			t.Fatalf("%s: got status %d, want 200\n%s", tt.query, res.code, clip(res.body))
		}
		var list organisationList
		res.decode(t, &list)
		if list.Page != tt.page || list.Pages != tt.pages {
			t.Errorf("%s: got page %d of %d, want %d of %d", tt.query, list.Page, list.Pages, tt.page, tt.pages)
		}
		if tt.names != nil {
			got := []string{}
			for _, o := range list.Items {
				got = append(got, o.Name)
			}
			if toJSON(got) != toJSON(tt.names) {
				t.Errorf("%s: got items %q, want %q", tt.query, got, tt.names)
			}
		}
		if list.Links.Prev != tt.prev || list.Links.Next != tt.next {
			t.Errorf("%s: got prev %q next %q, want %q and %q", tt.query, list.Links.Prev, list.Links.Next, tt.prev, tt.next)
		}
		if tt.link != "" && res.header.Get("Link") != tt.link {
			t.Errorf("%s: got Link %q, want %q", tt.query, res.header.Get("Link"), tt.link)
		}
	}
}

func TestSearchOrganisationsInvalid(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	runAPICases(t, s, []apiCase{
		{name: "every bad parameter named", method: "GET", status: 422,
			path:   "/api/v1/organisations?country=XX&kind=spaceship&layer=cloud&domain=nope&sample=maybe&page=0&per_page=500&colour=red",
			fields: []string{"country", "kind", "layer", "domain", "sample", "page", "per_page", "colour"}},
		{name: "page not a number", method: "GET", path: "/api/v1/organisations?page=two", status: 422, fields: []string{"page"}},
		{name: "q given twice", method: "GET", path: "/api/v1/organisations?q=a&q=b", status: 422, fields: []string{"q"}},
		{name: "page past the limit", method: "GET", path: "/api/v1/organisations?page=100001", status: 422, fields: []string{"page"}},
		{name: "long text", method: "GET", path: "/api/v1/organisations?q=" + strings.Repeat("a", 501), status: 422, fields: []string{"q"}},
	})
}
