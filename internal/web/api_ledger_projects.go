package web

import (
	"net/http"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/ledger"
)

func (s *Server) projectRecord() ledgerRecord[ledger.Project] {
	return ledgerRecord[ledger.Project]{name: "project", path: "/api/v1/projects/",
		id:  func(p *ledger.Project) *string { return &p.ID },
		get: s.store.Project, create: s.store.CreateProject, update: s.store.UpdateProject, delete: s.store.DeleteProject}
}

func (s *Server) milestoneRecord() ledgerRecord[ledger.Milestone] {
	return ledgerRecord[ledger.Milestone]{name: "milestone", path: "/api/v1/milestones/",
		id:  func(m *ledger.Milestone) *string { return &m.ID },
		get: s.store.Milestone, create: s.store.CreateMilestone, update: s.store.UpdateMilestone, delete: s.store.DeleteMilestone}
}

func (s *Server) outputRecord() ledgerRecord[ledger.Output] {
	return ledgerRecord[ledger.Output]{name: "output", path: "/api/v1/outputs/",
		id:  func(o *ledger.Output) *string { return &o.ID },
		get: s.store.Output, create: s.store.CreateOutput, update: s.store.UpdateOutput, delete: s.store.DeleteOutput}
}

// checkProjectUpdate authorises replacing project old with p: the
// secretariat may; a member may if one of its organisations participates
// in the project both as stored and as replaced.
func checkProjectUpdate(r *http.Request, old, p *ledger.Project) error {
	for _, q := range []*ledger.Project{old, p} {
		if err := authorize(r, auth.UpdateProject, auth.Resource{Participants: participantOrgs(q)}); err != nil {
			return err
		}
	}
	return nil
}

func participantOrgs(p *ledger.Project) []string {
	ids := make([]string, len(p.Participants))
	for i, pt := range p.Participants {
		ids[i] = pt.OrgID
	}
	return ids
}

// listProjects serves GET /api/v1/projects, filtered by country, layer,
// domain, IATI activity status, framework and sample, by id.
func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) error {
	q, err := ledgerQuery(r, "list projects", "country", "layer", "domain", "framework", "project-status", "sample")
	if err != nil {
		return err
	}
	ps, total, err := s.store.ListProjects(r.Context(), q)
	if err != nil {
		return err
	}
	return listLedger(w, r, q, ps, total)
}

// listMilestones serves GET /api/v1/milestones, filtered by project and by
// the project filters.
func (s *Server) listMilestones(w http.ResponseWriter, r *http.Request) error {
	q, err := ledgerQuery(r, "list milestones", "project", "country", "layer", "domain", "framework", "project-status", "sample")
	if err != nil {
		return err
	}
	ms, total, err := s.store.ListMilestones(r.Context(), q)
	if err != nil {
		return err
	}
	return listLedger(w, r, q, ms, total)
}

// listOutputs serves GET /api/v1/outputs, filtered as milestones are.
func (s *Server) listOutputs(w http.ResponseWriter, r *http.Request) error {
	q, err := ledgerQuery(r, "list outputs", "project", "country", "layer", "domain", "framework", "project-status", "sample")
	if err != nil {
		return err
	}
	os, total, err := s.store.ListOutputs(r.Context(), q)
	if err != nil {
		return err
	}
	return listLedger(w, r, q, os, total)
}

// ledgerRoutes registers the cooperation ledger's API.
func (s *Server) ledgerRoutes() {
	fw, cm, pr, ms, op := s.frameworkRecord(), s.commitmentRecord(), s.projectRecord(), s.milestoneRecord(), s.outputRecord()
	s.handle("GET /api/v1/frameworks", s.listFrameworks)
	s.handle("POST /api/v1/frameworks", createLedger(fw, asIs))
	s.handle("GET /api/v1/frameworks/{id}", getLedger(fw, asIs))
	s.handle("PUT /api/v1/frameworks/{id}", replaceLedger(fw, nil, asIs))
	s.handle("DELETE /api/v1/frameworks/{id}", deleteLedger(fw))
	s.handle("GET /api/v1/frameworks/{id}/scorecard", s.frameworkScorecard)
	s.handle("GET /api/v1/ledger/scorecard", s.ledgerScorecard)

	s.handle("GET /api/v1/commitments", s.listCommitments)
	s.handle("POST /api/v1/commitments", s.commitmentWrite(createLedger[ledger.Commitment]))
	s.handle("GET /api/v1/commitments/{id}", s.commitmentWrite(getLedger[ledger.Commitment]))
	s.handle("PUT /api/v1/commitments/{id}", s.commitmentWrite(func(k ledgerRecord[ledger.Commitment], v func(*ledger.Commitment) any) handlerFunc {
		return replaceLedger(k, nil, v)
	}))
	s.handle("DELETE /api/v1/commitments/{id}", deleteLedger(cm))

	s.handle("GET /api/v1/projects", s.listProjects)
	s.handle("POST /api/v1/projects", createLedger(pr, asIs))
	s.handle("GET /api/v1/projects/{id}", getLedger(pr, asIs))
	s.handle("PUT /api/v1/projects/{id}", replaceLedger(pr, checkProjectUpdate, asIs))
	s.handle("DELETE /api/v1/projects/{id}", deleteLedger(pr))

	s.handle("GET /api/v1/milestones", s.listMilestones)
	s.handle("POST /api/v1/milestones", createLedger(ms, asIs))
	s.handle("GET /api/v1/milestones/{id}", getLedger(ms, asIs))
	s.handle("PUT /api/v1/milestones/{id}", replaceLedger(ms, nil, asIs))
	s.handle("DELETE /api/v1/milestones/{id}", deleteLedger(ms))

	s.handle("GET /api/v1/outputs", s.listOutputs)
	s.handle("POST /api/v1/outputs", createLedger(op, asIs))
	s.handle("GET /api/v1/outputs/{id}", getLedger(op, asIs))
	s.handle("PUT /api/v1/outputs/{id}", replaceLedger(op, nil, asIs))
	s.handle("DELETE /api/v1/outputs/{id}", deleteLedger(op))
}

// commitmentWrite builds a commitment handler whose answer carries the
// derived status, which needs the request.
func (s *Server) commitmentWrite(build func(ledgerRecord[ledger.Commitment], func(*ledger.Commitment) any) handlerFunc) handlerFunc {
	k := s.commitmentRecord()
	return func(w http.ResponseWriter, r *http.Request) error {
		return build(k, s.commitmentView(r))(w, r)
	}
}
