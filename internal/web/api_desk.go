package web

import (
	"net/http"
	"net/url"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/store"
)

// deskRoutes registers the investment desk's API: leads and their stages,
// barriers, escalations and targets for the desk, its public statistics.
func (s *Server) deskRoutes() {
	s.handle("GET /api/v1/desk/leads", s.listLeads)
	s.handle("POST /api/v1/desk/leads", s.createLead)
	s.handle("GET /api/v1/desk/leads/{id}", s.getLead)
	s.handle("PUT /api/v1/desk/leads/{id}", s.updateLead)
	s.handle("POST /api/v1/desk/leads/{id}/stage", s.changeStage)
	s.handle("GET /api/v1/desk/barriers", s.listBarriers)
	s.handle("POST /api/v1/desk/barriers", s.openBarrier)
	s.handle("GET /api/v1/desk/barriers/{id}", s.getBarrier)
	s.handle("POST /api/v1/desk/barriers/{id}/escalate", s.escalateBarrier)
	s.handle("POST /api/v1/desk/barriers/{id}/resolve", s.resolveBarrier)
	s.handle("GET /api/v1/desk/targets", s.listTargets)
	s.handle("PUT /api/v1/desk/targets", s.setTarget)
	s.handle("GET /api/v1/desk/statistics", s.deskStatistics)
}

// leadURL and barrierURL are the API URLs of a lead and a barrier.
func leadURL(id string) string    { return "/api/v1/desk/leads/" + url.PathEscape(id) }
func barrierURL(id string) string { return "/api/v1/desk/barriers/" + url.PathEscape(id) }

// leadRequest is the body of POST and PUT /api/v1/desk/leads: the
// details of a lead, not its stage, which has its own route.
type leadRequest struct {
	Investor      string `json:"investor"`
	OriginCountry string `json:"origin_country"`
	// DestinationCountry is optional: the country the investment goes to.
	DestinationCountry string   `json:"destination_country"`
	Segment            string   `json:"segment"`
	Layers             []string `json:"layers"`
	Amount             int64    `json:"amount"`
	Currency           string   `json:"currency"`
	Location           string   `json:"location"`
	Officer            string   `json:"officer"`
	NextAction         string   `json:"next_action"`
	NextActionDue      string   `json:"next_action_due"`
	Notes              string   `json:"notes"`
}

func (b leadRequest) lead() *desk.Lead {
	return &desk.Lead{Investor: b.Investor, OriginCountry: b.OriginCountry, DestinationCountry: b.DestinationCountry, Segment: b.Segment, Layers: b.Layers, Amount: b.Amount,
		Currency: b.Currency, Location: b.Location, Officer: b.Officer, NextAction: b.NextAction, NextActionDue: b.NextActionDue, Notes: b.Notes}
}

// createLead serves POST /api/v1/desk/leads (the secretariat): 201 with
// the lead in the prospect stage.
func (s *Server) createLead(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	var body leadRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	l := body.lead()
	if err := s.store.CreateLead(r.Context(), l); err != nil {
		return err
	}
	w.Header().Set("Location", leadURL(l.ID))
	return writeJSON(w, http.StatusCreated, l)
}

// updateLead serves PUT /api/v1/desk/leads/{id} (the secretariat).
func (s *Server) updateLead(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	var body leadRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	l, err := s.store.UpdateLead(r.Context(), r.PathValue("id"), body.lead())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// stageRequest is the body of POST /api/v1/desk/leads/{id}/stage.
type stageRequest struct {
	Stage      string `json:"stage"`
	LostReason string `json:"lost_reason"`
	LostText   string `json:"lost_text"`
}

// changeStage serves POST /api/v1/desk/leads/{id}/stage (the
// secretariat): the lead moves into a stage, recorded with time and actor.
func (s *Server) changeStage(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	var body stageRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if _, err := s.store.ChangeStage(r.Context(), r.PathValue("id"), body.Stage, body.LostReason, body.LostText); err != nil {
		return err
	}
	l, err := s.store.Lead(r.Context(), r.PathValue("id")) // with its history
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// getLead serves GET /api/v1/desk/leads/{id}, with its history and
// barriers, to the secretariat and the investor's members.
func (s *Server) getLead(w http.ResponseWriter, r *http.Request) error {
	l, err := s.store.Lead(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.ViewLead, auth.Resource{OrgID: l.Investor}); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, l)
}

// leadList is the answer of GET /api/v1/desk/leads.
type leadList struct {
	Items []desk.Lead `json:"items"`
}

// listLeads serves GET /api/v1/desk/leads?org=&stage=: all leads to the
// secretariat, an investor's own to its members (org is then required).
func (s *Server) listLeads(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	q := store.LeadQuery{Investor: qp.one("org"), Stage: qp.one("stage"), Limit: qp.integer("limit", 500, 1, 5000)}
	if q.Stage != "" && desk.StageIndex(q.Stage) < 0 {
		qp.problem("stage", "%q is not a stage", q.Stage)
	}
	if err := qp.err("list leads"); err != nil {
		return err
	}
	if err := authorize(r, auth.ViewLead, auth.Resource{OrgID: q.Investor}); err != nil {
		return err
	}
	items, err := s.store.Leads(r.Context(), q)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, leadList{Items: items})
}

// barrierRequest is the body of POST /api/v1/desk/barriers.
type barrierRequest struct {
	LeadID       string `json:"lead_id"`
	Org          string `json:"org"`
	Category     string `json:"category"`
	Jurisdiction string `json:"jurisdiction"`
	Description  string `json:"description"`
	Agency       string `json:"agency"`
}

// openBarrier serves POST /api/v1/desk/barriers: the secretariat, or a
// member of the investor blocked, reports a barrier. 201 with the barrier,
// its target and due date.
func (s *Server) openBarrier(w http.ResponseWriter, r *http.Request) error {
	var body barrierRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	org := body.Org
	if body.LeadID != "" {
		if l, err := s.store.Lead(r.Context(), body.LeadID); err == nil {
			org = l.Investor
		}
	}
	if err := authorize(r, auth.ReportBarrier, auth.Resource{OrgID: org}); err != nil {
		return err
	}
	b := &desk.Barrier{LeadID: body.LeadID, Org: body.Org, Category: body.Category, Jurisdiction: body.Jurisdiction,
		Description: body.Description, Agency: body.Agency}
	if err := s.store.OpenBarrier(r.Context(), b); err != nil {
		return err
	}
	w.Header().Set("Location", barrierURL(b.ID))
	return writeJSON(w, http.StatusCreated, b)
}

// getBarrier serves GET /api/v1/desk/barriers/{id}, with its events, to
// the secretariat and the investor's members.
func (s *Server) getBarrier(w http.ResponseWriter, r *http.Request) error {
	b, err := s.store.Barrier(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.ViewLead, auth.Resource{OrgID: b.Org}); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, b)
}

// barrierList is the answer of GET /api/v1/desk/barriers.
type barrierList struct {
	Items []desk.Barrier `json:"items"`
}

// listBarriers serves GET /api/v1/desk/barriers?org=&status=: the queue,
// most urgent first; all barriers to the secretariat, an investor's own to
// its members (org is then required).
func (s *Server) listBarriers(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	q := store.BarrierQuery{Org: qp.one("org"), Status: qp.one("status"), Limit: qp.integer("limit", 500, 1, 5000)}
	if err := qp.err("list barriers"); err != nil {
		return err
	}
	if err := authorize(r, auth.ViewLead, auth.Resource{OrgID: q.Org}); err != nil {
		return err
	}
	items, err := s.store.Barriers(r.Context(), q)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, barrierList{Items: items})
}

// escalateRequest is the optional body of an escalation.
type escalateRequest struct {
	Note string `json:"note"`
}

// escalateBarrier serves POST /api/v1/desk/barriers/{id}/escalate (the
// secretariat): one level up, before the rule would.
func (s *Server) escalateBarrier(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	var body escalateRequest
	if r.ContentLength != 0 && r.Header.Get("Content-Type") != "" {
		if err := decodeJSON(w, r, &body); err != nil {
			return err
		}
	}
	b, err := s.store.EscalateBarrier(r.Context(), r.PathValue("id"), body.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// resolveRequest is the body of a resolution.
type resolveRequest struct {
	Resolution string `json:"resolution"`
}

// resolveBarrier serves POST /api/v1/desk/barriers/{id}/resolve (the
// secretariat).
func (s *Server) resolveBarrier(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	var body resolveRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	b, err := s.store.ResolveBarrier(r.Context(), r.PathValue("id"), body.Resolution)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// targetList is the answer of GET /api/v1/desk/targets.
type targetList struct {
	Items []store.Target `json:"items"`
}

// listTargets serves GET /api/v1/desk/targets: public, since the targets
// are the desk's promise.
func (s *Server) listTargets(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.store.Targets(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, targetList{Items: ts})
}

// targetRequest is the body of PUT /api/v1/desk/targets.
type targetRequest struct {
	Category string `json:"category"`
	Days     int    `json:"days"`
}

// setTarget serves PUT /api/v1/desk/targets (the secretariat): the target
// of a category for barriers opened from now on.
func (s *Server) setTarget(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageDesk, auth.Resource{}); err != nil {
		return err
	}
	var body targetRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	t, err := s.store.SetTarget(r.Context(), body.Category, body.Days)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// deskStatistics serves GET /api/v1/desk/statistics: public figures, no
// confidential details, no personal data.
func (s *Server) deskStatistics(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.DeskStatistics(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
