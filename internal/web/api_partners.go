package web

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
)

// Limits of a partner search.
const (
	defaultPartnerLimit = 20
	maxPartnerLimit     = 100
	maxSearchNeeds      = 20
	maxNeedChars        = 2000
)

// partnerList is a ranked, explained list of partners: for the
// organisation named, or for the needs of a partner search.
type partnerList struct {
	Organisation string           `json:"organisation,omitempty"`
	Purpose      partners.Purpose `json:"purpose"`
	Items        []partners.Match `json:"items"`
}

// listPartners serves GET /api/v1/organisations/{id}/partners: the
// organisation's counterparts abroad, ranked, with their reasons.
// Filters: country, kind, layer, domain (repeatable or comma lists),
// purpose, limit.
func (s *Server) listPartners(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	f, err := parsePartnerFilters(newQueryParams(r.URL.Query()), vocab)
	if err != nil {
		return err
	}
	me, err := s.store.Organisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	ms, err := s.rankPartners(ctx, me, f, vocab)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, partnerList{Organisation: me.ID, Purpose: f.Purpose, Items: ms})
}

// partnerSearch is the body of POST /api/v1/partner-search.
type partnerSearch struct {
	Needs     []string `json:"needs"`
	Country   string   `json:"country"` // the searcher's country, left out of the results
	Countries []string `json:"countries"`
	Kinds     []string `json:"kinds"`
	Layers    []string `json:"layers"`
	Domains   []string `json:"domains"`
	Purpose   string   `json:"purpose"`
	Limit     int      `json:"limit"`
}

// searchPartners serves POST /api/v1/partner-search: partners for needs
// given as text, without a registered profile. It writes nothing.
func (s *Server) searchPartners(w http.ResponseWriter, r *http.Request) error {
	var body partnerSearch
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	f, ms, err := s.runPartnerSearch(r.Context(), body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, partnerList{Purpose: f.Purpose, Items: ms})
}

// runPartnerSearch checks a partner search, naming every bad field, and
// ranks partners for its needs: the one path of the API and the free
// search page (page_partners_search.go).
func (s *Server) runPartnerSearch(ctx context.Context, body partnerSearch) (partners.Filters, []partners.Match, error) {
	const op = "search partners"
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return partners.Filters{}, nil, err
	}
	var p errs.Problems
	var needs []string
	for _, n := range body.Needs {
		if n = strings.TrimSpace(n); n != "" {
			needs = append(needs, n)
		}
		if utf8.RuneCountInString(n) > maxNeedChars {
			p.Add("needs", "a need has more than %d characters", maxNeedChars)
		}
	}
	switch {
	case len(needs) == 0:
		p.Add("needs", "give at least one need as text")
	case len(needs) > maxSearchNeeds:
		p.Add("needs", "has %d needs; at most %d are allowed", len(needs), maxSearchNeeds)
	}
	country := strings.ToUpper(strings.TrimSpace(body.Country))
	if country != "" && !registry.IsCountry(country) {
		p.Add("country", "%q is not an ISO 3166-1 alpha-2 code", body.Country)
	}
	if body.Limit == 0 {
		body.Limit = defaultPartnerLimit
	}
	if body.Limit < 1 || body.Limit > maxPartnerLimit {
		p.Add("limit", "must be between 1 and %d", maxPartnerLimit)
		body.Limit = defaultPartnerLimit
	}
	f := partners.Filters{Countries: upper(body.Countries), Kinds: body.Kinds, Layers: body.Layers, Domains: body.Domains,
		Purpose: partners.Purpose(body.Purpose), Limit: body.Limit}
	if err := f.Validate(vocab); err != nil {
		p = append(p, errs.FieldsOf(err)...)
	}
	if err := p.Err(op); err != nil {
		return f, nil, err
	}
	ms, err := s.rankPartners(ctx, partners.NeedsProfile(country, needs...), f, vocab)
	return f, ms, err
}

// rankPartners fetches the candidates for me and ranks them.
func (s *Server) rankPartners(ctx context.Context, me *registry.Organisation, f partners.Filters, vocab registry.Vocabulary) ([]partners.Match, error) {
	cands, err := s.store.PartnerCandidates(ctx, me, f, 0)
	if err != nil {
		return nil, err
	}
	ms := partners.Rank(me, cands, f, partners.Context{Vocabulary: vocab})
	if ms == nil {
		ms = []partners.Match{}
	}
	return ms, nil
}

// parsePartnerFilters reads partner filters from URL parameters and checks
// them, so one answer names every bad parameter.
func parsePartnerFilters(qp *queryParams, vocab registry.Vocabulary) (partners.Filters, error) {
	f := partners.Filters{
		Countries: upper(splitCommas(qp.list("country"))),
		Kinds:     splitCommas(qp.list("kind")),
		Layers:    splitCommas(qp.list("layer")),
		Domains:   splitCommas(qp.list("domain")),
		Purpose:   partners.Purpose(qp.one("purpose")),
		Limit:     qp.integer("limit", defaultPartnerLimit, 1, maxPartnerLimit),
	}
	if err := f.Validate(vocab); err != nil {
		for _, fe := range errs.FieldsOf(err) {
			qp.problem(paramOf(fe.Field), "%s", fe.Problem)
		}
	}
	return f, qp.err("list partners")
}

// paramOf names the URL parameter of a filter field: "countries" is
// "country".
func paramOf(field string) string {
	switch field {
	case "countries":
		return "country"
	case "kinds":
		return "kind"
	case "layers":
		return "layer"
	case "domains":
		return "domain"
	}
	return field
}

// splitCommas splits comma lists among values.
func splitCommas(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

func upper(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToUpper(strings.TrimSpace(x))
	}
	return out
}
