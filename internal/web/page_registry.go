package web

import (
	"net/http"
	"slices"
	"strconv"
	"unicode"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// registryView is the data of the registry page: the search form, the
// facets, one page of results and the links between pages.
type registryView struct {
	layout
	Q        string
	Hidden   []hiddenField     // the filters, kept when the text changes
	Problems []errs.FieldError // invalid parameters, shown instead of results
	Vocab    registry.Vocabulary

	Total, Page, Pages, First, Last int
	TotalExact                      bool // false: more than Total match
	Items                           []resultItem
	Facets                          []facetGroup
	Selected                        []chosenFilter

	PrevURL, NextURL, FirstURL, LastURL string
	ClearFiltersURL, ClearTextURL       string
}

type hiddenField struct{ Name, Value string }

// resultItem is one organisation in the result list, with its names in
// scripts other than Latin.
type resultItem struct {
	*registry.Organisation
	Scripts []registry.Name
}

// chosenFilter is a selected filter value with the link that removes it.
type chosenFilter struct{ Facet, Label, RemoveURL string }

// registryPage serves GET /: search, filter and page through the
// registry. Invalid parameters are explained on the page.
func (s *Server) registryPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	q, err := parseRegistryQuery(r.URL.Query(), vocab)
	v := registryView{layout: layout{Title: "Registry", Nav: "registry"}, Q: q.Q, Vocab: vocab}
	if q.Q != "" {
		v.Title = q.Q + " — Registry search"
	}
	params := q.params()
	for _, kv := range []string{"country", "kind", "layer", "domain", "per_page"} {
		for _, val := range params[kv] {
			v.Hidden = append(v.Hidden, hiddenField{kv, val})
		}
	}
	var res *store.OrgResults
	if err == nil {
		res, err = s.store.SearchOrganisations(ctx, q.orgQuery())
	}
	if errs.Is(err, errs.Invalid) {
		v.Problems = errs.FieldsOf(err)
		if len(v.Problems) == 0 {
			v.Problems = []errs.FieldError{{Field: "search", Problem: err.Error()}}
		}
		return s.render(w, r, status(errs.Invalid), "registry", &v)
	}
	if err != nil {
		return err
	}
	v.fill(q, res)
	return s.render(w, r, http.StatusOK, "registry", &v)
}

// fill sets the results, facets and paging links from one page of results.
func (v *registryView) fill(q registryQuery, res *store.OrgResults) {
	v.Total, v.TotalExact, v.Page = res.Total, res.TotalExact, res.Page
	v.Pages = max(1, (res.Total+res.PerPage-1)/res.PerPage)
	for _, o := range res.Items {
		v.Items = append(v.Items, resultItem{Organisation: o, Scripts: otherScripts(o.OtherNames, 3)})
	}
	if len(v.Items) > 0 {
		v.First = (res.Page-1)*res.PerPage + 1
		v.Last = v.First + len(v.Items) - 1
	}
	if v.Page > 1 {
		v.PrevURL = q.withPage(min(v.Page-1, v.Pages))
		v.FirstURL = q.withPage(1)
	}
	switch {
	case !v.TotalExact:
		// More than counted: a full page has a next one; the last is
		// not known.
		if len(res.Items) == res.PerPage {
			v.NextURL = q.withPage(v.Page + 1)
		}
	case v.Page < v.Pages:
		v.NextURL = q.withPage(v.Page + 1)
		v.LastURL = q.withPage(v.Pages)
	}
	v.Facets = facetGroups(q, res.Facets, v.Vocab)
	for _, name := range store.FacetNames {
		for _, val := range q.Filters[name] {
			v.Selected = append(v.Selected, chosenFilter{facetTitles[name], facetLabel(name, val, v.Vocab), q.toggled(name, val)})
		}
	}
	v.ClearFiltersURL = q.withoutFilters()
	v.ClearTextURL = q.withoutText()
}

// PageLabel says which results are shown: "21–40 of 1,234", or "1–20 of
// more than 10,000" when the search stopped counting.
func (v registryView) PageLabel() string {
	return strconv.Itoa(v.First) + "–" + strconv.Itoa(v.Last) + " of " + v.TotalLabel()
}

// TotalLabel is the number of matches: "1,234" or "more than 10,000".
func (v registryView) TotalLabel() string {
	if !v.TotalExact {
		return "more than " + formatCount(v.Total)
	}
	return formatCount(v.Total)
}

// otherScripts returns up to n names that are written in a script other
// than Latin, such as 東京大学 or भारतीय विज्ञान संस्थान.
func otherScripts(names []registry.Name, n int) []registry.Name {
	var out []registry.Name
	for _, nm := range names {
		if len(out) == n {
			break
		}
		if nonLatin(nm.Value) && !slices.ContainsFunc(out, func(o registry.Name) bool { return o.Value == nm.Value }) {
			out = append(out, nm)
		}
	}
	return out
}

// nonLatin reports whether s has a letter outside the Latin script.
func nonLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}
