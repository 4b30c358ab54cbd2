package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// placementPageRoutes registers the placement rounds' pages and forms.
func (s *Server) placementPageRoutes() {
	s.handle("GET /rounds", s.roundsPage)
	s.handle("POST /rounds", s.createRoundForm)
	s.handle("GET /rounds/{id}", s.roundPage)
	s.handle("POST /rounds/{id}/application", s.applyForm)
	s.handle("POST /rounds/{id}/withdrawal", s.withdrawForm)
	s.handle("POST /rounds/{id}/positions", s.publishPositionForm)
	s.handle("POST /rounds/{id}/run", s.runRoundForm)
	s.handle("POST /rounds/{id}/publish", s.publishRoundForm)
	s.handle("POST /positions/{id}/ranking", s.rankApplicantsForm)
	s.handle("POST /placements/{id}/progress", s.updatePlacementForm)
}

// roundPageURL is the page of a round.
func roundPageURL(id string) string { return "/rounds/" + url.PathEscape(id) }

// roundsView is the data of the rounds page.
type roundsView struct {
	layout
	Rounds []roundView
	// The secretariat's form to create a round, its values and problems.
	CanCreate bool
	CSRF      string
	Form      map[string]string
	Problems  []errs.FieldError
}

// roundsPage serves GET /rounds: every round, its status and public
// figures.
func (s *Server) roundsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRounds(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRounds(w http.ResponseWriter, r *http.Request, code int, form map[string]string, problems []errs.FieldError) error {
	rounds, err := s.store.Rounds(r.Context())
	if err != nil {
		return err
	}
	v := roundsView{layout: layout{Title: "Placement rounds", Nav: "rounds"}, Form: form, Problems: problems,
		CanCreate: authorize(r, auth.ManageRound, auth.Resource{}) == nil}
	if v.CanCreate {
		v.CSRF = s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
	}
	for _, rd := range rounds {
		f, err := s.store.Figures(r.Context(), rd.ID)
		if err != nil {
			return err
		}
		v.Rounds = append(v.Rounds, roundView{rd, f})
	}
	return s.render(w, r, code, "rounds", &v)
}

// roundFormTime is the layout of the round form's datetime-local fields,
// read as UTC.
const roundFormTime = "2006-01-02T15:04"

// createRoundForm serves POST /rounds: the secretariat opens a round.
// Caps are written "JP=40, KR=10".
func (s *Server) createRoundForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"title", "programme", "framework_id", "caps", "positions_open", "applications_close", "ranking_close", "results_due"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	rd := &store.Round{Title: form["title"], Programme: form["programme"], FrameworkID: form["framework_id"], Caps: []store.Cap{}}
	var p errs.Problems
	for k, dst := range map[string]*time.Time{"positions_open": &rd.PositionsOpen, "applications_close": &rd.ApplicationsClose,
		"ranking_close": &rd.RankingClose, "results_due": &rd.ResultsDue} {
		if form[k] == "" {
			continue // the store says it is required
		}
		t, err := time.Parse(roundFormTime, form[k])
		if err != nil {
			p.Add(k, "%q is not a date and time (YYYY-MM-DDTHH:MM, UTC)", form[k])
		}
		*dst = t
	}
	for i, c := range splitCommas([]string{form["caps"]}) {
		country, n, ok := strings.Cut(c, "=")
		limit, err := strconv.Atoi(strings.TrimSpace(n))
		if !ok || err != nil {
			p.Add(fmt.Sprintf("caps[%d]", i), "%q is not COUNTRY=CAP", c)
			continue
		}
		rd.Caps = append(rd.Caps, store.Cap{Country: strings.TrimSpace(country), Cap: limit})
	}
	err := p.Err("round")
	if err == nil {
		err = s.store.CreateRound(r.Context(), rd)
	}
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderRounds(w, r, status(errs.Invalid), form, errs.FieldsOf(err))
	}
	http.Redirect(w, r, doneURL(rd.ID, "created"), http.StatusSeeOther)
	return nil
}

// roundPageView is the data of a round's page: public parts for all, and
// the applicant's, hosts' and secretariat's parts for those readers.
type roundPageView struct {
	layout
	Round     *store.Round
	Figures   *store.RoundFigures
	Positions []*store.Position
	CSRF      string
	Problems  []errs.FieldError
	Done      string // what the last form did

	// The applicant's part.
	Applicant bool
	CanApply  bool
	MyRanks   map[string]int // position id -> rank in the applicant's list
	Result    *store.Outcome // once published

	// The hosts' part.
	HostOrgs   []string
	CanPublish bool
	Hosted     []hostedPosition

	// The secretariat's part.
	Secretariat bool
	Runs        []*store.Run
	CanRun      bool
	CanRelease  bool
}

// hostedPosition is a position of one of the reader's organisations,
// with its applicants, its outcome and its placements.
type hostedPosition struct {
	*store.Position
	Applicants []store.Applicant
	CanRank    bool
	Why        []store.HostWhy
	Placements []*store.Placement
	Names      map[string]string // applicants' names by person id
}

// roundPage serves GET /rounds/{id}.
func (s *Server) roundPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRound(w, r, http.StatusOK, nil)
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, code int, problems []errs.FieldError) error {
	ctx := r.Context()
	rd, err := s.store.Round(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := roundPageView{layout: layout{Title: rd.Title, Nav: "rounds"}, Round: rd, Problems: problems, Done: r.URL.Query().Get("done")}
	if v.Figures, err = s.store.Figures(ctx, rd.ID); err != nil {
		return err
	}
	if v.Positions, err = s.store.Positions(ctx, rd.ID); err != nil {
		return err
	}
	p := principalOf(r)
	if p.Role == auth.Applicant && p.PersonID != "" {
		if err := s.applicantPart(r, &v, p.PersonID); err != nil {
			return err
		}
	}
	if p.Role == auth.Member {
		if err := s.hostPart(r, &v, p.OrgIDs); err != nil {
			return err
		}
	}
	if p.Role == auth.Secretariat {
		v.Secretariat = true
		if v.Runs, err = s.store.Runs(ctx, rd.ID); err != nil {
			return err
		}
		v.CanRun = rd.Status == store.RoundClosed || rd.Status == store.RoundMatched
		v.CanRelease = rd.Status == store.RoundMatched && len(v.Runs) > 0 && v.Runs[len(v.Runs)-1].VerdictOK
		ids := []string{}
		for _, ps := range v.Positions {
			if !slices.Contains(ids, ps.HostOrg) {
				ids = append(ids, ps.HostOrg)
			}
		}
		if err := s.hostPart(r, &v, ids); err != nil {
			return err
		}
	}
	if p.UserID != "" {
		v.CSRF = s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, r, code, "round", &v)
}

// applicantPart fills in the applicant's application and result.
func (s *Server) applicantPart(r *http.Request, v *roundPageView, person string) error {
	ctx := r.Context()
	v.Applicant = true
	v.CanApply = v.Round.Status == store.RoundOpen
	v.MyRanks = map[string]int{}
	a, err := s.store.Application(ctx, v.Round.ID, person)
	switch {
	case errs.Is(err, errs.NotFound):
	case err != nil:
		return err
	default:
		for _, ps := range v.Positions {
			if k := a.Ranking.Rank(ps.ID); k > 0 {
				v.MyRanks[ps.ID] = k
			}
		}
	}
	if v.Round.Status == store.RoundPublished && len(v.MyRanks) > 0 {
		if v.Result, err = s.store.Outcome(ctx, v.Round.ID, person, true); err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	return nil
}

// hostPart fills in the positions of organisations orgs: applicants,
// rankings, outcomes and placements.
func (s *Server) hostPart(r *http.Request, v *roundPageView, orgs []string) error {
	ctx := r.Context()
	v.HostOrgs = orgs
	v.CanPublish = len(orgs) > 0 && (v.Round.Status == store.RoundDraft || v.Round.Status == store.RoundOpen) && principalOf(r).Role == auth.Member
	placements, err := s.store.Placements(ctx, v.Round.ID, orgs)
	if err != nil {
		return err
	}
	for _, ps := range v.Positions {
		if !slices.Contains(orgs, ps.HostOrg) {
			continue
		}
		h := hostedPosition{Position: ps, CanRank: v.Round.Status == store.RoundOpen || v.Round.Status == store.RoundRanking}
		if h.Applicants, err = s.store.PositionApplicants(ctx, ps.ID); err != nil {
			return err
		}
		h.Names = map[string]string{}
		for _, a := range h.Applicants {
			h.Names[a.PersonID] = a.Name
		}
		if h.Why, err = s.store.HostOutcome(ctx, v.Round.ID, ps.ID); err != nil {
			return err
		}
		for _, pl := range placements {
			if pl.PositionID == ps.ID {
				h.Placements = append(h.Placements, pl)
			}
		}
		v.Hosted = append(v.Hosted, h)
	}
	return nil
}

// Stages lists a placement's stages for the progress form.
func (v *roundPageView) Stages() []string {
	return []string{store.PlacementPlaced, store.PlacementStarted, store.PlacementCompleted, store.PlacementReturned}
}

// formFailed re-renders the round page with the problems of err when it
// is invalid input or a conflict (a deadline passed), and returns err
// otherwise.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, roundID string, err error) error {
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.Conflict {
		return err
	}
	problems := errs.FieldsOf(err)
	if len(problems) == 0 {
		problems = []errs.FieldError{{Field: "round", Problem: errs.MessageOf(err)}}
	}
	r.SetPathValue("id", roundID)
	return s.renderRound(w, r, status(k), problems)
}

// doneURL is where a form sends its reader after success.
func doneURL(roundID, done string) string {
	return roundPageURL(roundID) + "?done=" + url.QueryEscape(done)
}

// rankingFromForm reads a ranking from fields "rank.ID" holding a number
// (1 most preferred; equal numbers are a tie; empty is not ranked).
func rankingFromForm(r *http.Request) (store.Ranking, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	byRank := map[int][]string{}
	var p errs.Problems
	keys := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		id, ok := strings.CutPrefix(k, "rank.")
		val := strings.TrimSpace(r.PostForm.Get(k))
		if !ok || val == "" {
			continue
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 {
			p.Add(k, "%q is not a rank (1 is most preferred)", val)
			continue
		}
		byRank[n] = append(byRank[n], id)
	}
	ranks := make([]int, 0, len(byRank))
	for n := range byRank {
		ranks = append(ranks, n)
	}
	slices.Sort(ranks)
	rk := store.Ranking{}
	for _, n := range ranks {
		rk = append(rk, byRank[n])
	}
	return rk, p.Err("ranking")
}

// applyForm serves POST /rounds/{id}/application: the applicant ranks the
// round's positions.
func (s *Server) applyForm(w http.ResponseWriter, r *http.Request) error {
	roundID := r.PathValue("id")
	person := principalOf(r).PersonID
	if f := strings.TrimSpace(r.PostFormValue("person")); f != "" {
		person = f
	}
	if err := authorize(r, auth.Apply, auth.Resource{PersonID: person}); err != nil {
		return err
	}
	rk, err := rankingFromForm(r)
	if err == nil {
		err = s.store.SetApplication(r.Context(), &store.Application{RoundID: roundID, PersonID: person, Ranking: rk})
	}
	if err != nil {
		return s.formFailed(w, r, roundID, err)
	}
	http.Redirect(w, r, doneURL(roundID, "applied"), http.StatusSeeOther)
	return nil
}

// withdrawForm serves POST /rounds/{id}/withdrawal: the applicant (or
// the secretariat, for form field person) withdraws an application.
func (s *Server) withdrawForm(w http.ResponseWriter, r *http.Request) error {
	roundID := r.PathValue("id")
	person := principalOf(r).PersonID
	if f := strings.TrimSpace(r.PostFormValue("person")); f != "" {
		person = f
	}
	if err := authorize(r, auth.Apply, auth.Resource{PersonID: person}); err != nil {
		return err
	}
	if err := s.store.WithdrawApplication(r.Context(), roundID, person); err != nil {
		return s.formFailed(w, r, roundID, err)
	}
	http.Redirect(w, r, doneURL(roundID, "application withdrawn"), http.StatusSeeOther)
	return nil
}

// publishPositionForm serves POST /rounds/{id}/positions: a host's member
// offers a position.
func (s *Server) publishPositionForm(w http.ResponseWriter, r *http.Request) error {
	roundID := r.PathValue("id")
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	ps := &store.Position{RoundID: roundID, HostOrg: f("host_org"), Title: f("title"), Lab: f("lab"), City: f("city"), Country: f("country"),
		Requirements: f("requirements"), Layers: splitCommas([]string{f("layers")}), Domains: splitCommas([]string{f("domains")})}
	if err := authorize(r, auth.PublishPosition, auth.Resource{OrgID: ps.HostOrg}); err != nil {
		return err
	}
	var p errs.Problems
	num := func(k string, dst *int) {
		if f(k) == "" {
			return
		}
		n, err := strconv.Atoi(f(k))
		if err != nil {
			p.Add(k, "%q is not a whole number", f(k))
		}
		*dst = n
	}
	num("capacity", &ps.Capacity)
	num("duration_months", &ps.DurationMonths)
	if f("target") != "" {
		var t int
		num("target", &t)
		ps.Target = &t
	}
	err := p.Err("position")
	if err == nil {
		err = s.store.CreatePosition(r.Context(), ps)
	}
	if err != nil {
		return s.formFailed(w, r, roundID, err)
	}
	http.Redirect(w, r, doneURL(roundID, "published position"), http.StatusSeeOther)
	return nil
}

// rankApplicantsForm serves POST /positions/{id}/ranking.
func (s *Server) rankApplicantsForm(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.hostOfPosition(r, auth.RankApplicants)
	if err != nil {
		return err
	}
	rk, err := rankingFromForm(r)
	if err == nil {
		_, err = s.store.SetHostRanking(r.Context(), ps.ID, rk)
	}
	if err != nil {
		return s.formFailed(w, r, ps.RoundID, err)
	}
	http.Redirect(w, r, doneURL(ps.RoundID, "ranked"), http.StatusSeeOther)
	return nil
}

// runRoundForm serves POST /rounds/{id}/run (secretariat).
func (s *Server) runRoundForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.RunMatch, auth.Resource{}); err != nil {
		return err
	}
	roundID := r.PathValue("id")
	if _, err := s.store.RunRound(r.Context(), roundID); err != nil {
		return s.formFailed(w, r, roundID, err)
	}
	http.Redirect(w, r, doneURL(roundID, "ran"), http.StatusSeeOther)
	return nil
}

// publishRoundForm serves POST /rounds/{id}/publish (secretariat).
func (s *Server) publishRoundForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageRound, auth.Resource{}); err != nil {
		return err
	}
	roundID := r.PathValue("id")
	if _, err := s.store.PublishRound(r.Context(), roundID); err != nil {
		return s.formFailed(w, r, roundID, err)
	}
	http.Redirect(w, r, doneURL(roundID, "published"), http.StatusSeeOther)
	return nil
}

// updatePlacementForm serves POST /placements/{id}/progress.
func (s *Server) updatePlacementForm(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.store.Placement(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := authorize(r, auth.UpdatePlacement, auth.Resource{OrgID: pl.HostOrg}); err != nil {
		return err
	}
	pr := store.Progress{Status: r.PostFormValue("status"), On: r.PostFormValue("on"),
		Outputs: splitCommas([]string{r.PostFormValue("outputs")})}
	if pr.Outputs == nil {
		pr.Outputs = []string{}
	}
	if _, err := s.store.UpdatePlacement(r.Context(), pl.ID, pr); err != nil {
		return s.formFailed(w, r, pl.RoundID, err)
	}
	http.Redirect(w, r, doneURL(pl.RoundID, "progress"), http.StatusSeeOther)
	return nil
}

// Percent turns a share into a percentage.
func (v *roundPageView) Percent(share float64) float64 { return 100 * share }

// Join writes ids as the progress form's comma list.
func (v *roundPageView) Join(ids []string) string { return strings.Join(ids, ", ") }
