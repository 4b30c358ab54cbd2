package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// projectsView is the data of the project list: the filter form, one page
// of projects and the links between pages.
type projectsView struct {
	layout
	Problems []errs.FieldError // invalid parameters, shown instead of results
	Filters  []filterSelect
	Filtered bool
	Items    []projectRow
	Vocab    registry.Vocabulary

	Total, Page, Pages, First, Last int
	PrevURL, NextURL, FirstURL      string
}

// filterSelect is one select of the filter form.
type filterSelect struct {
	Name, Label string
	Options     []selectOption
}

type selectOption struct {
	Value, Label string
	Selected     bool
}

// projectRow is one project in the list.
type projectRow struct {
	ledger.Project
	StatusLabel string
}

// councilCountries are offered first in the country filter: India and
// its Act East partners.
var councilCountries = []string{"IN", "JP", "KR", "TW", "SG", "BN", "KH", "ID", "LA", "MY", "MM", "PH", "TH", "VN"}

// projectsPage serves GET /projects: the projects filtered by country,
// layer, domain, IATI status and framework, a page at a time, with the
// API's parameters.
func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	fws, _, err := s.store.ListFrameworks(ctx, store.LedgerQuery{PerPage: store.MaxPerPage})
	if err != nil {
		return err
	}
	q, qerr := ledgerQuery(r, "list projects", "country", "layer", "domain", "framework", "project-status")
	v := projectsView{layout: layout{Title: "Projects", Nav: "projects"}, Vocab: vocab}
	v.Filters = projectFilters(q, vocab, fws)
	v.Filtered = q.Country != "" || q.Layer != "" || q.Domain != "" || q.Status != "" || q.FrameworkID != ""
	var ps []ledger.Project
	if qerr == nil {
		ps, v.Total, qerr = s.store.ListProjects(ctx, q)
	}
	if errs.Is(qerr, errs.Invalid) {
		v.Problems = errs.FieldsOf(qerr)
		if len(v.Problems) == 0 {
			v.Problems = []errs.FieldError{{Field: "filters", Problem: qerr.Error()}}
		}
		return s.render(w, r, status(errs.Invalid), "projects", &v)
	}
	if qerr != nil {
		return qerr
	}
	for _, p := range ps {
		v.Items = append(v.Items, projectRow{Project: p, StatusLabel: activityStatusLabel(p.Status)})
	}
	v.Page, v.Pages = q.Page, pageCount(v.Total, q.PerPage)
	if len(v.Items) > 0 {
		v.First = (q.Page-1)*q.PerPage + 1
		v.Last = v.First + len(v.Items) - 1
	}
	at := func(n int) string {
		u := url.Values{}
		for k, vs := range r.URL.Query() {
			if k != "page" && len(vs) > 0 && vs[0] != "" {
				u.Set(k, vs[0])
			}
		}
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		if enc := u.Encode(); enc != "" {
			return "/projects?" + enc
		}
		return "/projects"
	}
	if v.Page > 1 {
		v.PrevURL, v.FirstURL = at(min(v.Page-1, v.Pages)), at(1)
	}
	if v.Page < v.Pages {
		v.NextURL = at(v.Page + 1)
	}
	return s.render(w, r, http.StatusOK, "projects", &v)
}

// projectFilters builds the selects of the filter form, with the values
// of q chosen.
func projectFilters(q store.LedgerQuery, vocab registry.Vocabulary, fws []ledger.Framework) []filterSelect {
	opt := func(chosen, value, label string) selectOption {
		return selectOption{Value: value, Label: label, Selected: chosen == value}
	}
	country := filterSelect{Name: "country", Label: "Country", Options: []selectOption{{Label: "Any country"}}}
	codes := councilCountries
	if q.Country != "" && !slices.Contains(codes, q.Country) {
		codes = append(slices.Clone(codes), q.Country)
	}
	for _, c := range codes {
		country.Options = append(country.Options, opt(q.Country, c, registry.CountryName(c)))
	}
	layer := filterSelect{Name: "layer", Label: "Layer of the AI stack", Options: []selectOption{{Label: "Any layer"}}}
	for _, t := range registry.Layers {
		layer.Options = append(layer.Options, opt(q.Layer, t.Code, t.Label))
	}
	domain := filterSelect{Name: "domain", Label: "Domain", Options: []selectOption{{Label: "Any domain"}}}
	for _, t := range vocab.Domains {
		domain.Options = append(domain.Options, opt(q.Domain, t.Code, t.Label))
	}
	st := filterSelect{Name: "status", Label: "Status", Options: []selectOption{{Label: "Any status"}}}
	for s := ledger.StatusPipeline; s <= ledger.StatusSuspended; s++ {
		st.Options = append(st.Options, opt(q.Status, strconv.Itoa(int(s)), activityStatusLabel(s)))
	}
	fw := filterSelect{Name: "framework", Label: "Framework", Options: []selectOption{{Label: "Any framework"}}}
	for _, f := range fws {
		fw.Options = append(fw.Options, opt(q.FrameworkID, f.ID, f.Title))
	}
	return []filterSelect{country, layer, domain, st, fw}
}
