package web

import (
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// organisationList is one page of a search of organisations, with facet
// counts whose values carry human labels. Total is exact up to
// store.CountCap matches; beyond, it is the cap and TotalExact is false.
type organisationList struct {
	Total      int                        `json:"total"`
	TotalExact bool                       `json:"total_exact"`
	Page       int                        `json:"page"`
	PerPage    int                        `json:"per_page"`
	Pages      int                        `json:"pages"`
	Items      []*registry.Organisation   `json:"items"`
	Facets     map[string][]labelledFacet `json:"facets"`
	Links      pageLinks                  `json:"links"`
}

// labelledFacet is a facet value, how many organisations have it, and its
// label: "JP" is "Japan", "chip-design" is "Chip design".
type labelledFacet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	Label string `json:"label"`
}

// listOrganisations serves GET /api/v1/organisations: full-text q, the
// repeatable filters country, kind, layer and domain, sample, and paging.
func (s *Server) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	q, err := parseOrgQuery(newQueryParams(r.URL.Query()), vocab)
	if err != nil {
		return err
	}
	res, err := s.store.SearchOrganisations(ctx, q)
	if err != nil {
		return err
	}
	list := organisationList{
		Total: res.Total, TotalExact: res.TotalExact, Page: res.Page, PerPage: res.PerPage, Pages: pageCount(res.Total, res.PerPage),
		Items:  res.Items,
		Facets: labelFacets(res.Facets, vocab),
		Links:  linksFor(w, r.URL, res.Page, res.PerPage, res.Total),
	}
	return writeJSON(w, http.StatusOK, list)
}

// parseOrgQuery reads a search from URL parameters and checks every
// filter value, so one answer names every bad parameter.
func parseOrgQuery(qp *queryParams, vocab registry.Vocabulary) (store.OrgQuery, error) {
	q := store.OrgQuery{Q: qp.one("q"), Facets: true}
	if n := len([]rune(q.Q)); n > 500 {
		qp.problem("q", "is %d characters long; at most 500 are allowed", n)
	}
	for _, c := range qp.list("country") {
		c = strings.ToUpper(c)
		if !registry.IsCountry(c) {
			qp.problem("country", "%q is not an ISO 3166-1 alpha-2 code", c)
		}
		q.Countries = append(q.Countries, c)
	}
	q.Kinds = qp.list("kind")
	for _, k := range q.Kinds {
		if !vocab.HasKind(k) {
			qp.problem("kind", "%q is not a kind of organisation (see /api/v1/vocabulary)", k)
		}
	}
	q.Layers = qp.list("layer")
	for _, l := range q.Layers {
		if !registry.IsLayer(l) {
			qp.problem("layer", "%q is not an AI-stack layer (application, model, semiconductor, infrastructure, energy)", l)
		}
	}
	q.Domains = qp.list("domain")
	for _, d := range q.Domains {
		if !vocab.HasDomain(d) {
			qp.problem("domain", "%q is not a known domain (see /api/v1/vocabulary)", d)
		}
	}
	q.Sample = qp.boolean("sample")
	q.Page, q.PerPage = qp.paging()
	return q, qp.err("search organisations")
}

// labelFacets adds labels to the store's facet counts, and gives every
// facet a list, empty if no organisation matched.
func labelFacets(counts map[string][]store.Facet, vocab registry.Vocabulary) map[string][]labelledFacet {
	label := map[string]func(string) string{
		"country": registry.CountryName,
		"kind":    vocab.KindLabel,
		"layer":   registry.LayerLabel,
		"domain":  vocab.DomainLabel,
	}
	out := map[string][]labelledFacet{}
	for _, name := range store.FacetNames {
		lf := label[name]
		if lf == nil { // a facet added to the store but not here yet
			lf = func(v string) string { return v }
		}
		fs := []labelledFacet{}
		for _, f := range counts[name] {
			fs = append(fs, labelledFacet{Value: f.Value, Count: f.Count, Label: lf(f.Value)})
		}
		out[name] = fs
	}
	return out
}
