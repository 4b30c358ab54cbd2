package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// introductionsView is the data of the introductions page: the public
// figures for everyone, and the reader's introductions when signed in.
type introductionsView struct {
	layout
	Figures     *store.IntroductionFigures
	SignedIn    bool
	Secretariat bool
	Sent        []*store.Introduction // asked for by one of the reader's organisations (all, for the secretariat)
	Received    []*store.Introduction // asked of one of the reader's organisations
}

// introductionPageRoutes registers the introduction pages and their forms.
func (s *Server) introductionPageRoutes() {
	s.handle("GET /partners", s.partnerSearchPage)
	s.handle("GET /introductions", s.introductionsPage)
	s.handle("POST /introductions", s.requestIntroductionPage)
	s.handle("GET /introductions/{id}", s.introductionPage)
	s.handle("POST /introductions/{id}/accept", s.acceptIntroductionForm)
	s.handle("POST /introductions/{id}/decline", s.declineIntroductionForm)
	s.handle("POST /introductions/{id}/convert", s.convertIntroductionForm)
	s.bridgePageRoutes()
}

// introductionsPage serves GET /introductions: for a signed-in member the
// introductions its organisations sent and received, for the secretariat
// all of them; for everyone the public figures (no personal data).
func (s *Server) introductionsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	fig, err := s.store.IntroductionFigures(ctx)
	if err != nil {
		return err
	}
	p := principalOf(r)
	v := introductionsView{layout: layout{Title: "Introductions", Nav: "introductions"}, Figures: fig,
		SignedIn: p.UserID != "", Secretariat: p.Role == auth.Secretariat}
	if v.SignedIn {
		w.Header().Set("Cache-Control", "no-store")
		var mine []string
		if p.Role == auth.Member {
			mine = p.OrgIDs
		}
		list, err := s.store.IntroductionInbox(ctx, mine, v.Secretariat)
		if err != nil {
			return err
		}
		for _, in := range list {
			if !v.Secretariat && p.ActsFor(in.To) {
				v.Received = append(v.Received, in)
			}
			if v.Secretariat || p.ActsFor(in.From) {
				v.Sent = append(v.Sent, in)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "introductions", &v)
}

// requestIntroductionPage serves POST /introductions, the form of the
// free partner search: from, to, purpose and message. It goes through the
// same authorisation as POST /api/v1/introductions, then shows the new
// introduction.
func (s *Server) requestIntroductionPage(w http.ResponseWriter, r *http.Request) error {
	from := strings.TrimSpace(r.PostFormValue("from"))
	if from == "" {
		var p errs.Problems
		p.Add("from", "is required")
		return p.Err("request introduction")
	}
	if err := authorize(r, auth.RequestIntroduction, auth.Resource{OrgID: from}); err != nil {
		return err
	}
	in := &store.Introduction{From: from, To: strings.TrimSpace(r.PostFormValue("to")),
		Purpose: r.PostFormValue("purpose"), Message: r.PostFormValue("message")}
	if err := s.store.RequestIntroduction(r.Context(), in); err != nil {
		return err
	}
	http.Redirect(w, r, introductionPageURL(in.ID)+"?requested=1", http.StatusSeeOther)
	return nil
}

// introductionPageURL is the page of an introduction.
func introductionPageURL(id string) string { return "/introductions/" + url.PathEscape(id) }
