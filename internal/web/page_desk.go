package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// deskPageRoutes registers the investment desk's pages and forms.
func (s *Server) deskPageRoutes() {
	s.handle("GET /desk", s.deskBoardPage)
	s.handle("GET /desk/barriers", s.deskQueuePage)
	s.handle("POST /desk/leads", s.deskCreateLeadForm)
	s.handle("GET /desk/leads/{id}", s.deskLeadPage)
	s.handle("POST /desk/leads/{id}", s.deskUpdateLeadForm)
	s.handle("POST /desk/leads/{id}/barriers", s.deskReportBarrierForm)
	s.handle("POST /desk/leads/{id}/stage", s.deskStageForm)
	s.handle("POST /desk/barriers/{id}/escalate", s.deskEscalateForm)
	s.handle("POST /desk/barriers/{id}/resolve", s.deskResolveForm)
	s.handle("POST /desk/targets", s.deskTargetForm)
	s.handle("GET /desk/statistics", s.deskStatisticsPage)
}

// deskLeadPageURL is the page of a lead.
func deskLeadPageURL(id string) string { return "/desk/leads/" + url.PathEscape(id) }

// deskColumn is a stage of the pipeline board and its leads.
type deskColumn struct {
	Stage desk.Term
	Leads []desk.Lead
}

// deskBoardView is the data of the pipeline board, with the new-lead
// form for the secretariat.
type deskBoardView struct {
	layout
	Columns     []deskColumn
	Total       int
	Today       string
	Secretariat bool
	CSRF        string
	Segments    []desk.Term
	Form        *desk.Lead // the new-lead form's values after a problem
	Problems    []errs.FieldError
}

// deskReaderOrgs returns the organisations whose leads the reader may
// see: nil and true for the secretariat (all), the member's own, or an
// error for anyone else.
func deskReaderOrgs(r *http.Request) ([]string, bool, error) {
	p := principalOf(r)
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err == nil {
		return nil, true, nil
	}
	var mine []string
	for _, o := range p.OrgIDs {
		if authorize(r, auth.ViewLead, auth.Resource{OrgID: o}) == nil {
			mine = append(mine, o)
		}
	}
	if len(mine) == 0 {
		return nil, false, authorize(r, auth.ViewLead, auth.Resource{})
	}
	return mine, false, nil
}

// deskBoardPage serves GET /desk: the pipeline board, a column per stage;
// all leads for the secretariat, a member's own organisations' leads.
func (s *Server) deskBoardPage(w http.ResponseWriter, r *http.Request) error {
	if requireSignIn(w, r) {
		return nil
	}
	return s.renderDeskBoard(w, r, http.StatusOK, nil, nil)
}

// renderDeskBoard renders the board, with the new-lead form's values and
// problems after a failed submission.
func (s *Server) renderDeskBoard(w http.ResponseWriter, r *http.Request, code int, form *desk.Lead, problems []errs.FieldError) error {
	orgs, sec, err := deskReaderOrgs(r)
	if err != nil {
		return err
	}
	var leads []desk.Lead
	if sec {
		if leads, err = s.store.Leads(r.Context(), store.LeadQuery{Limit: 5000}); err != nil {
			return err
		}
	}
	for _, o := range orgs {
		ls, err := s.store.Leads(r.Context(), store.LeadQuery{Investor: o})
		if err != nil {
			return err
		}
		leads = append(leads, ls...)
	}
	v := deskBoardView{layout: layout{Title: "Investment desk", Nav: "desk"}, Total: len(leads), Secretariat: sec,
		Today: time.Now().UTC().Format(time.DateOnly), Segments: desk.Segments, Form: form, Problems: problems}
	if v.Form == nil {
		v.Form = &desk.Lead{}
	}
	if sec {
		v.CSRF = s.csrfToken(w, r)
	}
	for _, st := range desk.Stages {
		col := deskColumn{Stage: st}
		for _, l := range leads {
			if l.Stage == st.Code {
				col.Leads = append(col.Leads, l)
			}
		}
		v.Columns = append(v.Columns, col)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, code, "desk", &v)
}

// deskQueueView is the data of the barrier queue.
type deskQueueView struct {
	layout
	Barriers    []queueRow
	Secretariat bool
	CSRF        string
	Targets     []store.Target
}

// queueRow is a barrier in the queue with how late it is.
type queueRow struct {
	desk.Barrier
	Overdue     bool
	DaysLate    int
	DaysLeft    int
	CanEscalate bool
}

// deskQueuePage serves GET /desk/barriers: open barriers by urgency, past
// their target first (longest overdue first), then by nearest target.
func (s *Server) deskQueuePage(w http.ResponseWriter, r *http.Request) error {
	if requireSignIn(w, r) {
		return nil
	}
	orgs, sec, err := deskReaderOrgs(r)
	if err != nil {
		return err
	}
	var bs []desk.Barrier
	if sec {
		if bs, err = s.store.Barriers(r.Context(), store.BarrierQuery{Limit: 5000}); err != nil {
			return err
		}
	}
	for _, o := range orgs {
		b, err := s.store.Barriers(r.Context(), store.BarrierQuery{Org: o})
		if err != nil {
			return err
		}
		bs = append(bs, b...)
	}
	now := time.Now().UTC()
	slices.SortStableFunc(bs, func(a, b desk.Barrier) int { return desk.Urgency(a, b, now) })
	v := deskQueueView{layout: layout{Title: "Barrier queue", Nav: "desk"}, Secretariat: sec}
	for _, b := range bs {
		row := queueRow{Barrier: b, Overdue: now.After(b.DueAt), CanEscalate: sec && b.Level < desk.LevelCouncil}
		if row.Overdue {
			row.DaysLate = desk.WholeDays(b.DueAt, now)
		} else {
			row.DaysLeft = desk.WholeDays(now, b.DueAt)
		}
		v.Barriers = append(v.Barriers, row)
	}
	if v.Targets, err = s.store.Targets(r.Context()); err != nil {
		return err
	}
	if sec {
		v.CSRF = s.csrfToken(w, r)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "desk_barriers", &v)
}

// deskEscalateForm serves POST /desk/barriers/{id}/escalate (the
// secretariat), then shows the queue.
func (s *Server) deskEscalateForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	if _, err := s.store.EscalateBarrier(r.Context(), r.PathValue("id"), r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/barriers#"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
	return nil
}

// deskResolveForm serves POST /desk/barriers/{id}/resolve (the
// secretariat), then shows the queue.
func (s *Server) deskResolveForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	if _, err := s.store.ResolveBarrier(r.Context(), r.PathValue("id"), r.PostFormValue("resolution")); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/barriers?resolved="+url.QueryEscape(r.PathValue("id")), http.StatusSeeOther)
	return nil
}

// deskCreateLeadForm serves POST /desk/leads (the secretariat): the same
// lead as POST /api/v1/desk/leads, then its page; bad input shows the
// board again with the problems and the values.
func (s *Server) deskCreateLeadForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	l, err := leadForm(r)
	if err != nil {
		return s.renderDeskBoard(w, r, status(errs.Invalid), l, errs.FieldsOf(err))
	}
	if err := s.store.CreateLead(r.Context(), l); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderDeskBoard(w, r, status(errs.Invalid), l, errs.FieldsOf(err))
	}
	http.Redirect(w, r, deskLeadPageURL(l.ID), http.StatusSeeOther)
	return nil
}

// deskTargetForm serves POST /desk/targets (the secretariat): a
// category's target for barriers opened from now on, then the queue.
func (s *Server) deskTargetForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil {
		var p errs.Problems
		p.Add("days", "%q is not a whole number of days", r.PostFormValue("days"))
		return p.Err("set target")
	}
	if _, err := s.store.SetTarget(r.Context(), r.PostFormValue("category"), days); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/barriers#targets", http.StatusSeeOther)
	return nil
}

// leadForm reads a lead's details from a form; an amount that is not a
// whole number is a problem with the field amount.
func leadForm(r *http.Request) (*desk.Lead, error) {
	l := &desk.Lead{Investor: r.PostFormValue("investor"), OriginCountry: r.PostFormValue("origin_country"),
		DestinationCountry: r.PostFormValue("destination_country"),
		Segment:            r.PostFormValue("segment"), Layers: r.PostForm["layers"], Currency: r.PostFormValue("currency"),
		Location: r.PostFormValue("location"), Officer: r.PostFormValue("officer"), NextAction: r.PostFormValue("next_action"),
		NextActionDue: r.PostFormValue("next_action_due"), Notes: r.PostFormValue("notes")}
	if a := strings.TrimSpace(r.PostFormValue("amount")); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			var p errs.Problems
			p.Add("amount", "%q is not a whole number", a)
			return l, p.Err("lead form")
		}
		l.Amount = n
	}
	return l, nil
}
