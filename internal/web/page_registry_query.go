package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// registryQuery is the registry page's search as it appears in the URL:
// q, the facet filters (country, kind, layer, domain; each may repeat),
// page and per_page.
type registryQuery struct {
	Q       string
	Filters map[string][]string // by facet name, in store.FacetNames
	Page    int
	PerPage int // 0: the store's default, and left out of URLs
}

// parseRegistryQuery reads the search from URL parameters. Values the
// store checks (countries, layers, paging ranges) are left to it; kinds
// and domains are checked against the vocabulary here.
func parseRegistryQuery(v url.Values, vocab registry.Vocabulary) (registryQuery, error) {
	var p errs.Problems
	q := registryQuery{Q: strings.TrimSpace(v.Get("q")), Filters: map[string][]string{}, Page: 1}
	for _, name := range store.FacetNames {
		for _, val := range v[name] {
			val = strings.TrimSpace(val)
			if name == "country" {
				val = strings.ToUpper(val)
			}
			if val != "" && !slices.Contains(q.Filters[name], val) {
				q.Filters[name] = append(q.Filters[name], val)
			}
		}
	}
	for _, k := range q.Filters["kind"] {
		if !vocab.HasKind(k) {
			p.Add("kind", "%q is not a kind of organisation", k)
		}
	}
	for _, d := range q.Filters["domain"] {
		if !vocab.HasDomain(d) {
			p.Add("domain", "%q is not a known domain", d)
		}
	}
	number := func(field string, dst *int) {
		s := v.Get(field)
		if s == "" {
			return
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			p.Add(field, "%q is not a whole number", s)
			return
		}
		if n < 1 {
			p.Add(field, "must be 1 or more")
			return
		}
		*dst = n
	}
	number("page", &q.Page)
	number("per_page", &q.PerPage)
	return q, p.Err("search organisations")
}

// orgQuery returns the store query for one page of results with facets.
func (q registryQuery) orgQuery() store.OrgQuery {
	return store.OrgQuery{
		Q:         q.Q,
		Countries: slices.Clone(q.Filters["country"]),
		Kinds:     slices.Clone(q.Filters["kind"]),
		Layers:    slices.Clone(q.Filters["layer"]),
		Domains:   slices.Clone(q.Filters["domain"]),
		Page:      q.Page,
		PerPage:   q.PerPage,
		Facets:    true,
	}
}

// params returns the search as URL parameters, leaving out page 1.
func (q registryQuery) params() url.Values {
	v := url.Values{}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	for _, name := range store.FacetNames {
		for _, val := range q.Filters[name] {
			v.Add(name, val)
		}
	}
	if q.PerPage != 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v
}

// url returns the registry page's URL for this search.
func (q registryQuery) url() string {
	if enc := q.params().Encode(); enc != "" {
		return "/?" + enc
	}
	return "/"
}

// withPage returns the URL of another page of the same search.
func (q registryQuery) withPage(n int) string {
	q.Page = n
	return q.url()
}

// toggled returns the URL of the search with a filter value added, or
// removed if it is there, back on page 1.
func (q registryQuery) toggled(name, val string) string {
	f := map[string][]string{}
	for k, vs := range q.Filters {
		f[k] = slices.Clone(vs)
	}
	if i := slices.Index(f[name], val); i >= 0 {
		f[name] = slices.Delete(f[name], i, i+1)
	} else {
		f[name] = append(f[name], val)
	}
	q.Filters, q.Page = f, 1
	return q.url()
}

// withoutFilters returns the URL of the same text search with no filters.
func (q registryQuery) withoutFilters() string {
	q.Filters, q.Page = nil, 1
	return q.url()
}

// withoutText returns the URL of the same filters with no text.
func (q registryQuery) withoutText() string {
	q.Q, q.Page = "", 1
	return q.url()
}

// selected reports whether a filter value is chosen.
func (q registryQuery) selected(name, val string) bool {
	return slices.Contains(q.Filters[name], val)
}

// filterCount returns how many filter values are chosen.
func (q registryQuery) filterCount() int {
	n := 0
	for _, vs := range q.Filters {
		n += len(vs)
	}
	return n
}
