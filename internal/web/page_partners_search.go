package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
)

// partnerSearchView is the data of the free partner search page.
type partnerSearchView struct {
	layout
	Needs    string // as typed: one need a line
	Home     string // the searcher's country, left out of the results
	Vocab    registry.Vocabulary
	Layers   []registry.Term
	Purposes []partners.Purpose
	Filters  partners.Filters
	Searched bool
	Matches  []partners.Match
	// From lists the organisations the reader may request an introduction
	// for; empty for the public. The secretariat types an organisation id.
	From        []orgChoice
	Secretariat bool
	CSRF        string
	Problems    []errs.FieldError
}

// orgChoice is an organisation in a form's select.
type orgChoice struct {
	ID, Name string
}

// First returns the first value of a filter list, for the form.
func (v *partnerSearchView) First(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// CanRequest reports whether the reader may ask for an introduction.
func (v *partnerSearchView) CanRequest() bool { return len(v.From) > 0 || v.Secretariat }

// partnerSearchPage serves GET /partners: partners for needs typed as
// text (one a line), with the filters of the organisation's partners page.
// It ranks through the same path as POST /api/v1/partner-search.
func (s *Server) partnerSearchPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	qp := newQueryParams(r.URL.Query())
	v := partnerSearchView{layout: layout{Title: "Find partners", Nav: "partners"}, Vocab: vocab, Layers: registry.Layers,
		Purposes: partners.Purposes, Needs: qp.one("needs"), Home: strings.ToUpper(qp.one("home"))}
	body := partnerSearch{Needs: strings.Split(v.Needs, "\n"), Country: v.Home,
		Countries: splitCommas(qp.list("country")), Kinds: splitCommas(qp.list("kind")), Layers: splitCommas(qp.list("layer")),
		Domains: splitCommas(qp.list("domain")), Purpose: qp.one("purpose")}
	v.Filters = partners.Filters{Countries: upper(body.Countries), Kinds: body.Kinds, Layers: body.Layers, Domains: body.Domains,
		Purpose: partners.Purpose(body.Purpose)}
	code := http.StatusOK
	if err := qp.err("find partners"); err != nil {
		return err
	}
	if len(r.URL.Query()) > 0 {
		v.Searched = true
		f, ms, err := s.runPartnerSearch(ctx, body)
		switch {
		case errs.KindOf(err) == errs.Invalid:
			code, v.Problems = status(errs.Invalid), errs.FieldsOf(err)
		case err != nil:
			return err
		default:
			v.Filters, v.Matches = f, ms
		}
	}
	if err := s.introductionChoices(ctx, r, &v.From, &v.Secretariat); err != nil {
		return err
	}
	if v.CanRequest() {
		v.CSRF = s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, r, code, "partners_search", &v)
}

// introductionChoices fills in the organisations for which the reader of
// r may request an introduction, or reports that they are the
// secretariat (who may request one for any organisation).
func (s *Server) introductionChoices(ctx context.Context, r *http.Request, from *[]orgChoice, secretariat *bool) error {
	p := principalOf(r)
	if p.Role == auth.Secretariat {
		*secretariat = true
		return nil
	}
	for _, id := range p.OrgIDs {
		if authorize(r, auth.RequestIntroduction, auth.Resource{OrgID: id}) != nil {
			continue
		}
		o, err := s.store.Organisation(ctx, id)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		*from = append(*from, orgChoice{ID: o.ID, Name: o.Name})
	}
	return nil
}
