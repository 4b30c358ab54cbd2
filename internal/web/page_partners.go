package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// partnersView is the data of an organisation's "Find partners" page.
type partnersView struct {
	layout
	Org      *registry.Organisation
	Vocab    registry.Vocabulary
	Layers   []registry.Term
	Purposes []partners.Purpose
	Filters  partners.Filters
	Matches  []partners.Match
	// CanRequest is set for a signed-in member of the organisation (or the
	// secretariat): each match then has a form to request an introduction.
	CanRequest bool
	CSRF       string
	Requested  string // the name of the organisation just asked
	Problems   []errs.FieldError
}

// First returns the first value of a filter list, for the form.
func (v *partnersView) First(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// partnersPage serves GET /organisations/{id}/partners: ranked partners
// with their reasons in plain language, filters as a GET form.
func (s *Server) partnersPage(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	requested := qp.one("requested")
	return s.renderPartners(w, r, http.StatusOK, qp, requested, nil)
}

func (s *Server) renderPartners(w http.ResponseWriter, r *http.Request, code int, qp *queryParams, requested string, problems []errs.FieldError) error {
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	f, err := parsePartnerFilters(qp, vocab)
	if err != nil {
		return err
	}
	o, err := s.store.Organisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	ms, err := s.rankPartners(ctx, o, f, vocab)
	if err != nil {
		return err
	}
	v := partnersView{layout: layout{Title: "Find partners for " + o.Name}, Org: o, Vocab: vocab, Layers: registry.Layers,
		Purposes: partners.Purposes, Filters: f, Matches: ms, Problems: problems,
		CanRequest: authorize(r, auth.RequestIntroduction, auth.Resource{OrgID: o.ID}) == nil}
	if v.CanRequest {
		v.CSRF = s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
	}
	if requested != "" {
		if to, err := s.store.Organisation(ctx, requested); err == nil {
			v.Requested = to.Name
		}
	}
	return s.render(w, r, code, "partners", &v)
}

// requestIntroductionForm serves POST /organisations/{id}/introductions,
// the form on the partners page: it requests an introduction from the
// organisation to the one named in "to", then shows the page again.
func (s *Server) requestIntroductionForm(w http.ResponseWriter, r *http.Request) error {
	from := r.PathValue("id")
	if err := authorize(r, auth.RequestIntroduction, auth.Resource{OrgID: from}); err != nil {
		return err
	}
	in := &store.Introduction{From: from, To: strings.TrimSpace(r.PostFormValue("to")),
		Purpose: r.PostFormValue("purpose"), Message: r.PostFormValue("message")}
	if err := s.store.RequestIntroduction(r.Context(), in); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderPartners(w, r, status(errs.Invalid), newQueryParams(url.Values{}), "", errs.FieldsOf(err))
	}
	http.Redirect(w, r, "/organisations/"+url.PathEscape(from)+"/partners?requested="+url.QueryEscape(in.To), http.StatusSeeOther)
	return nil
}
