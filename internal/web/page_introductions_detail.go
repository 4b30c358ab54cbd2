package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
)

// introductionView is the data of an introduction's page.
type introductionView struct {
	layout
	In      *store.Introduction
	Steps   []introductionStep
	Contact *store.Contact // the counterpart's, once accepted and if the reader may see it
	// NoContact says the introduction is accepted but the counterpart has
	// not given a contact yet.
	NoContact  bool
	CanAnswer  bool
	CanConvert bool
	Project    *ledger.Project // the convert form's defaults
	Requested  bool            // just requested: say so
	CSRF       string
	Problems   []errs.FieldError
}

// introductionStep is one step of the history, with the actor named.
type introductionStep struct {
	store.IntroductionEvent
	Who string
}

// introductionPage serves GET /introductions/{id}, to its parties and the
// secretariat: every step with time and actor, the answer forms for the
// counterpart, the counterpart's contact once accepted, and the
// secretariat's form to turn it into a project.
func (s *Server) introductionPage(w http.ResponseWriter, r *http.Request) error {
	if requireSignIn(w, r) {
		return nil
	}
	return s.renderIntroduction(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderIntroduction(w http.ResponseWriter, r *http.Request, code int, project *ledger.Project, problems []errs.FieldError) error {
	ctx := r.Context()
	in, err := s.viewableIntroduction(r)
	if err != nil {
		return err
	}
	v := introductionView{layout: layout{Title: "Introduction: " + in.FromName + " to " + in.ToName, Nav: "introductions"},
		In: in, Requested: r.URL.Query().Get("requested") != "", Problems: problems, Project: project,
		CanAnswer:  in.Status == store.IntroRequested && authorize(r, auth.AnswerIntroduction, auth.Resource{OrgID: in.To}) == nil,
		CanConvert: in.Status == store.IntroAccepted && authorize(r, auth.ConvertIntroduction, auth.Resource{}) == nil}
	for _, e := range in.Events {
		v.Steps = append(v.Steps, introductionStep{IntroductionEvent: e, Who: s.actorName(r, e.Actor)})
	}
	if in.Status == store.IntroAccepted || in.Status == store.IntroConverted {
		if s.canSeeContact(r, in.To) == nil {
			c, err := s.store.OrganisationContact(ctx, in.To)
			switch {
			case errs.Is(err, errs.NotFound):
				v.NoContact = true
			case err != nil:
				return err
			default:
				v.Contact = c
			}
		}
	}
	if v.CanConvert && v.Project == nil {
		v.Project = defaultProject(in)
	}
	v.CSRF = s.csrfToken(w, r)
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, code, "introductions_detail", &v)
}

// viewableIntroduction reads the introduction of r's path and checks that
// the reader may see it: a party's member or the secretariat.
func (s *Server) viewableIntroduction(r *http.Request) (*store.Introduction, error) {
	in, err := s.store.Introduction(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := authorize(r, auth.ViewIntroduction, auth.Resource{OrgID: in.From}); err != nil {
		if err2 := authorize(r, auth.ViewIntroduction, auth.Resource{OrgID: in.To}); err2 != nil {
			return nil, err
		}
	}
	return in, nil
}

// actorName names an actor of the audit trail for the page: a user by
// their e-mail (the readers are the parties and the secretariat), else as
// recorded.
func (s *Server) actorName(r *http.Request, actor string) string {
	id, ok := strings.CutPrefix(actor, "user:")
	if !ok {
		return actor
	}
	u, err := s.store.User(r.Context(), id)
	if err != nil {
		return actor
	}
	return u.Email
}

// defaultProject is the convert form's starting point: a pipeline
// project reported by the council, in both countries.
func defaultProject(in *store.Introduction) *ledger.Project {
	p := &ledger.Project{ReportingOrg: "XI-SETU", ID: "XI-SETU-" + strings.ToUpper(in.ID),
		Title: in.FromName + " and " + in.ToName, Description: in.Message, Status: ledger.StatusPipeline}
	for _, c := range []string{in.FromCountry, in.ToCountry} {
		if c != "" && (len(p.Countries) == 0 || p.Countries[0] != c) {
			p.Countries = append(p.Countries, c)
		}
	}
	return p
}

// acceptIntroductionForm serves POST /introductions/{id}/accept.
func (s *Server) acceptIntroductionForm(w http.ResponseWriter, r *http.Request) error {
	return s.answerIntroductionForm(w, r, true)
}

// declineIntroductionForm serves POST /introductions/{id}/decline, with
// an optional reason.
func (s *Server) declineIntroductionForm(w http.ResponseWriter, r *http.Request) error {
	return s.answerIntroductionForm(w, r, false)
}

// answerIntroductionForm answers through the same authorisation and store
// call as the API, then shows the introduction again.
func (s *Server) answerIntroductionForm(w http.ResponseWriter, r *http.Request, accept bool) error {
	ctx := r.Context()
	in, err := s.store.Introduction(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.AnswerIntroduction, auth.Resource{OrgID: in.To}); err != nil {
		return err
	}
	reason := ""
	if !accept {
		reason = r.PostFormValue("reason")
	}
	if _, err := s.store.AnswerIntroduction(ctx, in.ID, accept, reason); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderIntroduction(w, r, status(errs.Invalid), nil, errs.FieldsOf(err))
	}
	http.Redirect(w, r, introductionPageURL(in.ID), http.StatusSeeOther)
	return nil
}

// convertIntroductionForm serves POST /introductions/{id}/convert: the
// secretariat turns an accepted introduction into a ledger project with
// the existing conversion (both organisations become participants).
func (s *Server) convertIntroductionForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ConvertIntroduction, auth.Resource{}); err != nil {
		return err
	}
	p := &ledger.Project{ID: strings.TrimSpace(r.PostFormValue("id")), ReportingOrg: strings.TrimSpace(r.PostFormValue("reporting_org")),
		Title: strings.TrimSpace(r.PostFormValue("title")), Description: strings.TrimSpace(r.PostFormValue("description")),
		Countries: upper(splitCommas([]string{r.PostFormValue("countries")}))}
	st, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("status")))
	if err != nil || !ledger.ActivityStatus(st).Valid() {
		var pr errs.Problems
		pr.Add("status", "%q is not an IATI activity status (1 to 6)", r.PostFormValue("status"))
		return s.renderIntroduction(w, r, status(errs.Invalid), p, errs.FieldsOf(pr.Err("convert introduction")))
	}
	p.Status = ledger.ActivityStatus(st)
	if _, err := s.store.ConvertIntroduction(r.Context(), r.PathValue("id"), p); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderIntroduction(w, r, status(errs.Invalid), p, errs.FieldsOf(err))
	}
	http.Redirect(w, r, introductionPageURL(r.PathValue("id")), http.StatusSeeOther)
	return nil
}

// activityStatuses are the choices of the convert form's status.
var activityStatuses = []ledger.ActivityStatus{ledger.StatusPipeline, ledger.StatusImplementation, ledger.StatusFinalisation,
	ledger.StatusClosed, ledger.StatusCancelled, ledger.StatusSuspended}

// Statuses lists the IATI activity statuses for the convert form.
func (v *introductionView) Statuses() []ledger.ActivityStatus { return activityStatuses }

// CountryList writes the project's countries as the form's comma list.
func (v *introductionView) CountryList() string { return strings.Join(v.Project.Countries, ", ") }
