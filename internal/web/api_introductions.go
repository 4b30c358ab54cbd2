package web

import (
	"net/http"
	"net/url"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
)

// introductionURL is the API URL of an introduction.
func introductionURL(id string) string { return "/api/v1/introductions/" + url.PathEscape(id) }

// introductionRequest is the body of POST /api/v1/introductions.
type introductionRequest struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Purpose string `json:"purpose"`
	Message string `json:"message"`
}

// requestIntroduction serves POST /api/v1/introductions: a member of the
// requesting organisation (from), or the secretariat, asks to be
// introduced to another (to). 201 with the introduction.
func (s *Server) requestIntroduction(w http.ResponseWriter, r *http.Request) error {
	var body introductionRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if err := authorize(r, auth.RequestIntroduction, auth.Resource{OrgID: body.From}); err != nil {
		return err
	}
	in := &store.Introduction{From: body.From, To: body.To, Purpose: body.Purpose, Message: body.Message}
	if err := s.store.RequestIntroduction(r.Context(), in); err != nil {
		return err
	}
	w.Header().Set("Location", introductionURL(in.ID))
	return writeJSON(w, http.StatusCreated, in)
}

// introductionAnswer is the optional body of a decline.
type introductionAnswer struct {
	Reason string `json:"reason"`
}

// acceptIntroduction serves POST /api/v1/introductions/{id}/accept.
func (s *Server) acceptIntroduction(w http.ResponseWriter, r *http.Request) error {
	return s.answerIntroduction(w, r, true)
}

// declineIntroduction serves POST /api/v1/introductions/{id}/decline,
// with an optional {"reason": "..."}.
func (s *Server) declineIntroduction(w http.ResponseWriter, r *http.Request) error {
	return s.answerIntroduction(w, r, false)
}

// answerIntroduction lets a member of the counterpart, or the
// secretariat, answer an introduction.
func (s *Server) answerIntroduction(w http.ResponseWriter, r *http.Request, accept bool) error {
	ctx := r.Context()
	in, err := s.store.Introduction(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.AnswerIntroduction, auth.Resource{OrgID: in.To}); err != nil {
		return err
	}
	var body introductionAnswer
	if r.ContentLength != 0 && r.Header.Get("Content-Type") != "" {
		if err := decodeJSON(w, r, &body); err != nil {
			return err
		}
	}
	if accept && body.Reason != "" {
		var p errs.Problems
		p.Add("reason", "is for declines only")
		return p.Err("accept introduction")
	}
	out, err := s.store.AnswerIntroduction(ctx, in.ID, accept, body.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// getIntroduction serves GET /api/v1/introductions/{id}, to its parties
// and the secretariat.
func (s *Server) getIntroduction(w http.ResponseWriter, r *http.Request) error {
	in, err := s.store.Introduction(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.ViewIntroduction, auth.Resource{OrgID: in.From}); err != nil {
		if err2 := authorize(r, auth.ViewIntroduction, auth.Resource{OrgID: in.To}); err2 != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, in)
}

// introductionList is the answer of GET /api/v1/introductions.
type introductionList struct {
	Organisation string                `json:"organisation"`
	Items        []*store.Introduction `json:"items"`
}

// listIntroductions serves GET /api/v1/introductions?org=ID: the
// introductions the organisation asked for or was asked for, to its
// members and the secretariat.
func (s *Server) listIntroductions(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	org := qp.one("org")
	if org == "" {
		qp.problem("org", "is required")
	}
	if err := qp.err("list introductions"); err != nil {
		return err
	}
	if err := authorize(r, auth.ViewIntroduction, auth.Resource{OrgID: org}); err != nil {
		return err
	}
	items, err := s.store.Introductions(r.Context(), org)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, introductionList{Organisation: org, Items: items})
}

// introductionFigures serves GET /api/v1/introductions/figures: public
// aggregates.
func (s *Server) introductionFigures(w http.ResponseWriter, r *http.Request) error {
	fig, err := s.store.IntroductionFigures(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fig)
}

// setContact serves PUT /api/v1/organisations/{id}/contact, for the
// organisation's members and the secretariat.
func (s *Server) setContact(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := authorize(r, auth.UpdateContact, auth.Resource{OrgID: id}); err != nil {
		return err
	}
	var c store.Contact
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	if err := s.store.SetOrganisationContact(r.Context(), id, &c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// getContact serves GET /api/v1/organisations/{id}/contact: disclosed to
// the organisation's members, the secretariat, and members of an
// organisation whose introduction to it was accepted.
func (s *Server) getContact(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	if err := s.canSeeContact(r, id); err != nil {
		return err
	}
	c, err := s.store.OrganisationContact(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// canSeeContact returns nil if the caller of r may see organisation id's
// contact: staged disclosure.
func (s *Server) canSeeContact(r *http.Request, id string) error {
	err := authorize(r, auth.ViewIntroduction, auth.Resource{OrgID: id})
	if err == nil || errs.Is(err, errs.Unauthorised) {
		return err
	}
	p := principalOf(r)
	if p.Role == auth.Member {
		ok, err2 := s.store.HasAcceptedIntroduction(r.Context(), p.OrgIDs, id)
		if err2 != nil {
			return err2
		}
		if ok {
			return nil
		}
	}
	return errs.E("view contact", errs.Forbidden, "the contact of %s is disclosed once an introduction to it is accepted", id)
}

// convertIntroduction serves POST /api/v1/introductions/{id}/convert: the
// secretariat turns an accepted introduction into a ledger project. The
// body is the project; both organisations are added to its participants.
func (s *Server) convertIntroduction(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ConvertIntroduction, auth.Resource{}); err != nil {
		return err
	}
	var p ledger.Project
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	out, err := s.store.ConvertIntroduction(r.Context(), r.PathValue("id"), &p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
