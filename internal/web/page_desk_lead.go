package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/errs"
)

// deskLeadView is the data of a lead's page.
type deskLeadView struct {
	layout
	Lead        *desk.Lead
	History     []historyRow
	Secretariat bool
	CSRF        string
	Stages      []desk.Term
	LostReasons []desk.Term
	Segments    []desk.Term
	Problems    []errs.FieldError
	Overdue     bool
	Now         time.Time
	CanReport   bool // may report a barrier on this lead
	Categories  []desk.Term
	Events      map[string][]desk.BarrierEvent // by barrier: opened, escalated (by hand or by the rule), resolved
}

// historyRow is a stay in a stage, with who moved the lead there.
type historyRow struct {
	desk.StageChange
	Label string
	Who   string
}

// deskLeadPage serves GET /desk/leads/{id}: the lead, its history and
// its barriers, to the secretariat and the investor's members; the
// secretariat also gets the form that moves it to another stage.
func (s *Server) deskLeadPage(w http.ResponseWriter, r *http.Request) error {
	if requireSignIn(w, r) {
		return nil
	}
	return s.renderDeskLead(w, r, http.StatusOK, nil)
}

func (s *Server) renderDeskLead(w http.ResponseWriter, r *http.Request, code int, problems []errs.FieldError) error {
	l, err := s.store.Lead(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.ViewLead, auth.Resource{OrgID: l.Investor}); err != nil {
		return err
	}
	v := deskLeadView{layout: layout{Title: l.InvestorName + " — lead", Nav: "desk"}, Lead: l, Stages: desk.Stages,
		LostReasons: desk.LostReasons, Segments: desk.Segments, Problems: problems, Now: time.Now().UTC()}
	v.Secretariat = authorize(r, auth.ManageDesk, auth.Resource{}) == nil
	v.CanReport = authorize(r, auth.ReportBarrier, auth.Resource{OrgID: l.Investor}) == nil
	v.Categories = desk.Categories
	v.Overdue = l.NextActionDue != "" && l.NextActionDue < v.Now.Format(time.DateOnly) && !desk.IsTerminal(l.Stage)
	v.Events = map[string][]desk.BarrierEvent{}
	for _, b := range l.Barriers {
		full, err := s.store.Barrier(r.Context(), b.ID)
		if err != nil {
			return err
		}
		v.Events[b.ID] = full.Events
	}
	for _, c := range l.History {
		v.History = append(v.History, historyRow{StageChange: c, Label: desk.LabelOf(desk.Stages, c.Stage), Who: s.actorName(r, c.Actor)})
	}
	if v.Secretariat || v.CanReport {
		v.CSRF = s.csrfToken(w, r)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, code, "desk_lead", &v)
}

// deskStageForm serves POST /desk/leads/{id}/stage (the secretariat):
// the same change as the API's, then the lead's page again; bad input
// shows the page with the problems.
func (s *Server) deskStageForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	_, err := s.store.ChangeStage(r.Context(), r.PathValue("id"), r.PostFormValue("stage"),
		strings.TrimSpace(r.PostFormValue("lost_reason")), r.PostFormValue("lost_text"))
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderDeskLead(w, r, status(errs.Invalid), errs.FieldsOf(err))
	}
	http.Redirect(w, r, deskLeadPageURL(r.PathValue("id")), http.StatusSeeOther)
	return nil
}

// deskReportBarrierForm serves POST /desk/leads/{id}/barriers: the
// secretariat or a member of the investor reports a barrier on the lead,
// as POST /api/v1/desk/barriers does; then the lead's page.
func (s *Server) deskReportBarrierForm(w http.ResponseWriter, r *http.Request) error {
	l, err := s.store.Lead(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.ReportBarrier, auth.Resource{OrgID: l.Investor}); err != nil {
		return err
	}
	b := &desk.Barrier{LeadID: l.ID, Category: r.PostFormValue("category"), Jurisdiction: r.PostFormValue("jurisdiction"),
		Description: r.PostFormValue("description"), Agency: r.PostFormValue("agency")}
	if err := s.store.OpenBarrier(r.Context(), b); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderDeskLead(w, r, status(errs.Invalid), errs.FieldsOf(err))
	}
	http.Redirect(w, r, deskLeadPageURL(l.ID)+"#"+b.ID, http.StatusSeeOther)
	return nil
}

// deskUpdateLeadForm serves POST /desk/leads/{id} (the secretariat): the
// lead's details replaced as PUT /api/v1/desk/leads/{id} does (not its
// investor or stage), then its page; bad input shows the page with the
// problems.
func (s *Server) deskUpdateLeadForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	l, err := leadForm(r)
	if err == nil {
		_, err = s.store.UpdateLead(r.Context(), r.PathValue("id"), l)
	}
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderDeskLead(w, r, status(errs.Invalid), errs.FieldsOf(err))
	}
	http.Redirect(w, r, deskLeadPageURL(r.PathValue("id")), http.StatusSeeOther)
	return nil
}
