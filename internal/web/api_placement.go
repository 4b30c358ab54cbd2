package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// placementRoutes registers the placement rounds API: rounds, positions,
// applications and rankings, the match and its publication, results and
// placements, export and import of ROUND.json.
func (s *Server) placementRoutes() {
	s.handle("GET /api/v1/rounds", s.listRounds)
	s.handle("POST /api/v1/rounds", s.createRound)
	s.handle("GET /api/v1/rounds/{id}", s.getRound)
	s.handle("PUT /api/v1/rounds/{id}", s.updateRound)
	s.handle("GET /api/v1/rounds/{id}/figures", s.roundFigures)
	s.handle("GET /api/v1/rounds/{id}/positions", s.listPositions)
	s.handle("POST /api/v1/rounds/{id}/positions", s.publishPosition)
	s.handle("GET /api/v1/rounds/{id}/application", s.getApplication)
	s.handle("PUT /api/v1/rounds/{id}/application", s.apply)
	s.handle("DELETE /api/v1/rounds/{id}/application", s.withdraw)
	s.handle("POST /api/v1/rounds/{id}/run", s.runRound)
	s.handle("GET /api/v1/rounds/{id}/runs", s.listRuns)
	s.handle("POST /api/v1/rounds/{id}/publish", s.publishRound)
	s.handle("GET /api/v1/rounds/{id}/result", s.getResult)
	s.handle("GET /api/v1/rounds/{id}/placements", s.listPlacements)
	s.handle("GET /api/v1/rounds/{id}/export", s.exportRound)
	s.handle("POST /api/v1/rounds/{id}/import", s.importRound)
	s.handle("GET /api/v1/positions/{id}/applicants", s.positionApplicants)
	s.handle("PUT /api/v1/positions/{id}/ranking", s.rankApplicants)
	s.handle("GET /api/v1/positions/{id}/outcome", s.positionOutcome)
	s.handle("PUT /api/v1/placements/{id}/progress", s.updatePlacement)
}

// roundURL is the API URL of a round.
func roundURL(id string) string { return "/api/v1/rounds/" + url.PathEscape(id) }

// roundView is a round with its public figures.
type roundView struct {
	*store.Round
	Figures *store.RoundFigures `json:"figures"`
}

// roundList is the answer of GET /api/v1/rounds.
type roundList struct {
	Items []roundView `json:"items"`
}

// listRounds serves GET /api/v1/rounds: every round with its public
// figures.
func (s *Server) listRounds(w http.ResponseWriter, r *http.Request) error {
	rounds, err := s.store.Rounds(r.Context())
	if err != nil {
		return err
	}
	out := roundList{Items: []roundView{}}
	for _, rd := range rounds {
		f, err := s.store.Figures(r.Context(), rd.ID)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, roundView{rd, f})
	}
	return writeJSON(w, http.StatusOK, out)
}

// createRound serves POST /api/v1/rounds (secretariat).
func (s *Server) createRound(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	var rd store.Round
	if err := decodeJSON(w, r, &rd); err != nil {
		return err
	}
	if err := s.store.CreateRound(r.Context(), &rd); err != nil {
		return err
	}
	w.Header().Set("Location", roundURL(rd.ID))
	return writeJSON(w, http.StatusCreated, rd)
}

// getRound serves GET /api/v1/rounds/{id}: the round, its timetable,
// status and public figures.
func (s *Server) getRound(w http.ResponseWriter, r *http.Request) error {
	rd, err := s.store.Round(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := s.store.Figures(r.Context(), rd.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, roundView{rd, f})
}

// updateRound serves PUT /api/v1/rounds/{id} (secretariat), until the
// round's first run.
func (s *Server) updateRound(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	var rd store.Round
	if err := decodeJSON(w, r, &rd); err != nil {
		return err
	}
	rd.ID = r.PathValue("id")
	if err := s.store.UpdateRound(r.Context(), &rd); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rd)
}

// roundFigures serves GET /api/v1/rounds/{id}/figures: public aggregates.
func (s *Server) roundFigures(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.Round(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	f, err := s.store.Figures(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// positionList is the answer of GET /api/v1/rounds/{id}/positions.
type positionList struct {
	Items []*store.Position `json:"items"`
}

// listPositions serves GET /api/v1/rounds/{id}/positions: the positions
// on offer, public.
func (s *Server) listPositions(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.Round(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	ps, err := s.store.Positions(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, positionList{ps})
}

// publishPosition serves POST /api/v1/rounds/{id}/positions: a member of
// the host organisation (host_org), or the secretariat, offers a position.
func (s *Server) publishPosition(w http.ResponseWriter, r *http.Request) error {
	var ps store.Position
	if err := decodeJSON(w, r, &ps); err != nil {
		return err
	}
	if err := authorize(r, auth.PublishPosition, auth.Resource{OrgID: ps.HostOrg}); err != nil {
		return err
	}
	ps.RoundID = r.PathValue("id")
	if err := s.store.CreatePosition(r.Context(), &ps); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, ps)
}

// applicationRequest is the body of PUT /api/v1/rounds/{id}/application.
type applicationRequest struct {
	PersonID string        `json:"person_id"`
	Ranking  store.Ranking `json:"ranking"`
}

// apply serves PUT /api/v1/rounds/{id}/application: an applicant (for its
// own person), or the secretariat, applies and ranks positions until the
// round's applications close.
func (s *Server) apply(w http.ResponseWriter, r *http.Request) error {
	var body applicationRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.PersonID == "" {
		body.PersonID = principalOf(r).PersonID
	}
	if err := authorize(r, auth.Apply, auth.Resource{PersonID: body.PersonID}); err != nil {
		return err
	}
	a := &store.Application{RoundID: r.PathValue("id"), PersonID: body.PersonID, Ranking: body.Ranking}
	if err := s.store.SetApplication(r.Context(), a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// withdraw serves DELETE /api/v1/rounds/{id}/application?person=ID: an
// applicant (for its own person, ?person may be left out), or the
// secretariat, withdraws an application while applications are open; the
// hosts no longer see the person. 204.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) error {
	person := newQueryParams(r.URL.Query()).one("person")
	if person == "" {
		person = principalOf(r).PersonID
	}
	if err := authorize(r, auth.Apply, auth.Resource{PersonID: person}); err != nil {
		return err
	}
	person, err := personParam(r)
	if err != nil {
		return err
	}
	if err := s.store.WithdrawApplication(r.Context(), r.PathValue("id"), person); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// personParam returns the person a request about an application or
// result concerns: ?person=ID, or the applicant's own.
func personParam(r *http.Request) (string, error) {
	qp := newQueryParams(r.URL.Query())
	id := qp.one("person")
	if id == "" {
		id = principalOf(r).PersonID
	}
	if id == "" {
		qp.problem("person", "is required")
	}
	return id, qp.err("placement")
}

// canSeeApplicant returns nil if the caller of r may see person's
// application and result in round: the person, the secretariat, and
// members of the hosts of the positions it applied to.
func (s *Server) canSeeApplicant(r *http.Request, roundID, person string) error {
	err := authorize(r, auth.Apply, auth.Resource{PersonID: person})
	if err == nil || errs.Is(err, errs.Unauthorised) {
		return err
	}
	p := principalOf(r)
	if p.Role == auth.Member {
		ok, err2 := s.store.AppliedToHost(r.Context(), roundID, person, p.OrgIDs)
		if err2 != nil {
			return err2
		}
		if ok {
			return nil
		}
	}
	return errs.E("view application", errs.Forbidden, "an application is seen by its applicant, the secretariat and the hosts it applied to")
}

// getApplication serves GET /api/v1/rounds/{id}/application?person=ID.
func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) error {
	person, err := personParam(r)
	if err != nil {
		return err
	}
	if err := s.canSeeApplicant(r, r.PathValue("id"), person); err != nil {
		return err
	}
	a, err := s.store.Application(r.Context(), r.PathValue("id"), person)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// runRound serves POST /api/v1/rounds/{id}/run (secretariat): runs the
// match, verifies it and stores the run. 201 with the run.
func (s *Server) runRound(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.RunMatch, auth.Resource{}); err != nil {
		return err
	}
	run, err := s.store.RunRound(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, run)
}

// runList is the answer of GET /api/v1/rounds/{id}/runs.
type runList struct {
	Items []*store.Run `json:"items"`
}

// listRuns serves GET /api/v1/rounds/{id}/runs to the secretariat: every
// run with its seed, input digest and verdict.
func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.RunMatch, auth.Resource{}); err != nil {
		return err
	}
	if _, err := s.store.Round(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	runs, err := s.store.Runs(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, runList{runs})
}

// publishRound serves POST /api/v1/rounds/{id}/publish (secretariat).
func (s *Server) publishRound(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	rd, err := s.store.PublishRound(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rd)
}

// getResult serves GET /api/v1/rounds/{id}/result?person=ID: the person's
// published result and why not higher, to the person and the hosts it
// applied to; the secretariat sees the latest run before publication.
func (s *Server) getResult(w http.ResponseWriter, r *http.Request) error {
	person, err := personParam(r)
	if err != nil {
		return err
	}
	if err := s.canSeeApplicant(r, r.PathValue("id"), person); err != nil {
		return err
	}
	published := principalOf(r).Role != auth.Secretariat
	o, err := s.store.Outcome(r.Context(), r.PathValue("id"), person, published)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

// placementList is the answer of GET /api/v1/rounds/{id}/placements.
type placementList struct {
	Items []*store.Placement `json:"items"`
}

// listPlacements serves GET /api/v1/rounds/{id}/placements?org=ID: the
// placements at the organisation's positions, to its members and the
// secretariat (who may leave out org for all).
func (s *Server) listPlacements(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	org := qp.one("org")
	if err := qp.err("list placements"); err != nil {
		return err
	}
	var orgs []string
	if org != "" {
		orgs = []string{org}
	}
	if err := authorize(r, auth.UpdatePlacement, auth.Resource{OrgID: org}); err != nil {
		return err
	}
	if _, err := s.store.Round(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	ps, err := s.store.Placements(r.Context(), r.PathValue("id"), orgs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, placementList{ps})
}

// exportRound serves GET /api/v1/rounds/{id}/export (secretariat): the
// round as ROUND.json, the format setu match reads.
func (s *Server) exportRound(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	data, err := s.store.ExportRound(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+r.PathValue("id")+`.json"`)
	w.Write(data)
	return nil
}

// importRound serves POST /api/v1/rounds/{id}/import (secretariat): the
// body is ROUND.json; every problem is answered with its JSON path, and
// nothing is stored unless all is well.
func (s *Server) importRound(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	if err := checkJSONContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64*maxBodyBytes))
	if tooLarge, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &httpError{http.StatusRequestEntityTooLarge, errs.E("import round", errs.Invalid, "the round is over %d bytes", tooLarge.Limit)}
	}
	if err != nil {
		return err
	}
	sum, err := s.store.ImportRound(r.Context(), r.PathValue("id"), data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}

// hostOfPosition returns the position of the request and nil if the
// caller may act for its host with action.
func (s *Server) hostOfPosition(r *http.Request, action auth.Action) (*store.Position, error) {
	ps, err := s.store.Position(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ps, authorize(r, action, auth.Resource{OrgID: ps.HostOrg})
}

// applicantList is the answer of GET /api/v1/positions/{id}/applicants.
type applicantList struct {
	Position *store.Position   `json:"position"`
	Ranking  store.Ranking     `json:"ranking"`
	Items    []store.Applicant `json:"items"`
}

// positionApplicants serves GET /api/v1/positions/{id}/applicants: who
// applied and the host's ranking, to the host's members and the
// secretariat.
func (s *Server) positionApplicants(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.hostOfPosition(r, auth.RankApplicants)
	if err != nil {
		return err
	}
	rk, err := s.store.HostRanking(r.Context(), ps.ID)
	if err != nil {
		return err
	}
	items, err := s.store.PositionApplicants(r.Context(), ps.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, applicantList{ps, rk, items})
}

// rankingRequest is the body of PUT /api/v1/positions/{id}/ranking.
type rankingRequest struct {
	Ranking store.Ranking `json:"ranking"`
}

// rankApplicants serves PUT /api/v1/positions/{id}/ranking: the host
// ranks those who applied, until ranking closes.
func (s *Server) rankApplicants(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.hostOfPosition(r, auth.RankApplicants)
	if err != nil {
		return err
	}
	var body rankingRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rk, err := s.store.SetHostRanking(r.Context(), ps.ID, body.Ranking)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rankingRequest{rk})
}

// hostOutcome is the answer of GET /api/v1/positions/{id}/outcome.
type hostOutcome struct {
	Position    *store.Position    `json:"position"`
	Placements  []*store.Placement `json:"placements"`
	Explanation []store.HostWhy    `json:"explanation"`
}

// positionOutcome serves GET /api/v1/positions/{id}/outcome: the
// position's placements and why those its host ranked higher are
// elsewhere, once published.
func (s *Server) positionOutcome(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.hostOfPosition(r, auth.RankApplicants)
	if err != nil {
		return err
	}
	why, err := s.store.HostOutcome(r.Context(), ps.RoundID, ps.ID)
	if err != nil {
		return err
	}
	all, err := s.store.Placements(r.Context(), ps.RoundID, []string{ps.HostOrg})
	if err != nil {
		return err
	}
	here := []*store.Placement{}
	for _, p := range all {
		if p.PositionID == ps.ID {
			here = append(here, p)
		}
	}
	return writeJSON(w, http.StatusOK, hostOutcome{ps, here, why})
}

// updatePlacement serves PUT /api/v1/placements/{id}/progress: the host's
// members or the secretariat move a placement forward and link the ledger
// outputs it produced.
func (s *Server) updatePlacement(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Placement(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.UpdatePlacement, auth.Resource{OrgID: p.HostOrg}); err != nil {
		return err
	}
	var pr store.Progress
	if err := decodeJSON(w, r, &pr); err != nil {
		return err
	}
	out, err := s.store.UpdatePlacement(r.Context(), p.ID, pr)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
