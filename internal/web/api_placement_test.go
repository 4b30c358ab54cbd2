package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// placementMatrixIDs are the records the role matrix writes, by collection.
var placementMatrixIDs = map[string]string{"rounds": "rnd-mx", "positions": "pos-mx", "placements": "rnd-mx.per-ananya"}

// isPlacementRoute reports whether a route is one of the placement rounds'.
func isPlacementRoute(route string) bool {
	return strings.Contains(route, "/rounds") || strings.Contains(route, "/positions/") || strings.Contains(route, "/placements/")
}

// placementMatrixBody is a valid request to each placement write route.
func placementMatrixBody(route string) (string, string) {
	const form = "application/x-www-form-urlencoded"
	switch route {
	case "POST /api/v1/rounds":
		return "application/json", `{"title":"Matrix round","programme":"Matrix","positions_open":"2030-01-01T00:00:00Z","applications_close":"2030-02-01T00:00:00Z","ranking_close":"2030-03-01T00:00:00Z","results_due":"2030-04-01T00:00:00Z"}`
	case "PUT /api/v1/rounds/{id}":
		return "application/json", `{"title":"Matrix round, again","programme":"Matrix","caps":[{"country":"JP","cap":2}],"positions_open":"2020-01-01T00:00:00Z","applications_close":"2040-02-01T00:00:00Z","ranking_close":"2040-03-01T00:00:00Z","results_due":"2040-04-01T00:00:00Z"}`
	case "POST /api/v1/rounds/{id}/positions":
		return "application/json", `{"host_org":"ror-04dese585","title":"Another lab seat","country":"IN","capacity":1}`
	case "PUT /api/v1/rounds/{id}/application":
		return "application/json", `{"person_id":"per-ananya","ranking":["pos-mx"]}`
	case "POST /api/v1/rounds/{id}/import":
		return "application/json", `{"applicants":[{"id":"per-ananya","prefs":["pos-mx"]}],"positions":[{"id":"pos-mx","capacity":1,"prefs":["per-ananya"]}],"seed":3}`
	case "PUT /api/v1/positions/{id}/ranking":
		return "application/json", `{"ranking":["per-ananya"]}`
	case "PUT /api/v1/placements/{id}/progress":
		return "application/json", `{"status":"started","on":"2026-04-01"}`
	case "POST /rounds":
		return form, "title=Matrix+round&programme=Matrix&caps=JP%3D2&positions_open=2030-01-01T00%3A00&applications_close=2030-02-01T00%3A00&ranking_close=2030-03-01T00%3A00&results_due=2030-04-01T00%3A00"
	case "POST /rounds/{id}/application":
		return form, "person=per-ananya&rank.pos-mx=1"
	case "POST /rounds/{id}/withdrawal":
		return form, "person=per-ananya"
	case "POST /rounds/{id}/positions":
		return form, "host_org=ror-04dese585&title=Another+lab+seat&country=IN&capacity=1"
	case "POST /positions/{id}/ranking":
		return form, "rank.per-ananya=1"
	case "POST /placements/{id}/progress":
		return form, "status=started&on=2026-04-01"
	}
	return "", ""
}

// seedPlacementMatrix stores round rnd-mx with position pos-mx hosted by
// ror-04dese585 (the matrix's member) and per-ananya's application, at
// the stage the route needs: open for applications and rankings; run,
// and published, for the match, its publication and progress.
func seedPlacementMatrix(tb testing.TB, st *store.Store, route string) {
	tb.Helper()
	if !isPlacementRoute(route) || route == "POST /api/v1/rounds" {
		return
	}
	now := time.Now().UTC()
	at := func(t time.Time) { st.SetClock(func() time.Time { return t }) }
	defer st.SetClock(func() time.Time { return time.Now().UTC() })
	closed := strings.HasSuffix(route, "/run") || strings.HasSuffix(route, "/publish") || strings.Contains(route, "/placements/")
	r := &store.Round{ID: "rnd-mx", Title: "Matrix round", Programme: "Matrix", Seed: 1, Caps: []store.Cap{{Country: "JP", Cap: 1}},
		PositionsOpen: now.Add(-time.Hour), ApplicationsClose: now.Add(24 * time.Hour), RankingClose: now.Add(48 * time.Hour), ResultsDue: now.Add(72 * time.Hour)}
	if closed {
		r.PositionsOpen, r.ApplicationsClose, r.RankingClose, r.ResultsDue = now.Add(-96*time.Hour), now.Add(-72*time.Hour), now.Add(-48*time.Hour), now.Add(24*time.Hour)
		at(now.Add(-84 * time.Hour))
	}
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	if err := st.CreateRound(ctx, r); err != nil {
		tb.Fatal(err)
	}
	if err := st.CreatePosition(ctx, &store.Position{ID: "pos-mx", RoundID: "rnd-mx", HostOrg: "ror-04dese585", Title: "Chip design seat", Country: "JP", Capacity: 1}); err != nil {
		tb.Fatal(err)
	}
	if route == "PUT /api/v1/rounds/{id}/application" || route == "POST /rounds/{id}/application" || route == "POST /api/v1/rounds/{id}/import" {
		return
	}
	if err := st.SetApplication(ctx, &store.Application{RoundID: "rnd-mx", PersonID: "per-ananya", Ranking: store.Ranking{{"pos-mx"}}}); err != nil {
		tb.Fatal(err)
	}
	if !closed {
		return
	}
	at(now.Add(-60 * time.Hour))
	if _, err := st.SetHostRanking(ctx, "pos-mx", store.Ranking{{"per-ananya"}}); err != nil {
		tb.Fatal(err)
	}
	at(now)
	if strings.HasSuffix(route, "/run") {
		return
	}
	if _, err := st.RunRound(ctx, "rnd-mx"); err != nil {
		tb.Fatal(err)
	}
	if strings.HasSuffix(route, "/publish") {
		return
	}
	if _, err := st.PublishRound(ctx, "rnd-mx"); err != nil {
		tb.Fatal(err)
	}
}

// placementClient sends API requests with one user's token.
type placementClient struct {
	t     *testing.T
	s     *Server
	token string
}

func (c placementClient) do(method, path, body string) apiResponse {
	c.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rec := httptest.NewRecorder()
	c.s.ServeHTTP(rec, req)
	return apiResponse{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// want checks the status and that the body contains each of wants.
func (c placementClient) want(name string, res apiResponse, code int, wants ...string) {
	c.t.Helper()
	if res.code != code {
		c.t.Errorf("%s: got %d, want %d\n%s", name, res.code, code, clip(res.body))
		return
	}
	for _, w := range wants {
		if !strings.Contains(string(res.body), w) {
			c.t.Errorf("%s: body lacks %q\n%s", name, w, clip(res.body))
		}
	}
}

// TestPlacementAPI walks a round through the API as its secretariat,
// hosts, applicants and the public: create, publish positions, apply,
// rank, deadlines, privacy, run, export, publish, results, progress and
// figures.
func TestPlacementAPI(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	ctx := context.Background()
	if err := st.CreatePerson(ctx, &registry.Person{ID: "per-bala", Name: "Bala K.", HomeCountry: "IN"}); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })
	sec := placementClient{t, s, newTestToken(t, st, "sec@example.org", auth.Secretariat, nil, "")}
	host := placementClient{t, s, newTestToken(t, st, "host@example.org", auth.Member, []string{"ror-057zh3y96"}, "")}
	other := placementClient{t, s, newTestToken(t, st, "other@example.org", auth.Member, []string{"sample-bharat-chips"}, "")}
	ananya := placementClient{t, s, newTestToken(t, st, "ananya@example.org", auth.Applicant, nil, "per-ananya")}
	bala := placementClient{t, s, newTestToken(t, st, "bala@example.org", auth.Applicant, nil, "per-bala")}
	public := placementClient{t, s, ""}

	round := `{"id":"rnd-26","title":"Fellows 2026","programme":"Setu fellows","seed":11,"caps":[{"country":"JP","cap":1}],
		"positions_open":"2026-03-01T00:00:00Z","applications_close":"2026-03-10T00:00:00Z","ranking_close":"2026-03-20T00:00:00Z","results_due":"2026-03-31T00:00:00Z"}`
	sec.want("create round", sec.do("POST", "/api/v1/rounds", round), 201, `"status":"open"`, `"seed":11`)
	host.want("member creates round", host.do("POST", "/api/v1/rounds", round), 403)
	sec.want("bad round", sec.do("POST", "/api/v1/rounds", `{"title":"","positions_open":"2026-03-02T00:00:00Z","applications_close":"2026-03-01T00:00:00Z"}`),
		422, `"title"`, `"applications_close"`, `"framework_id"`)

	host.want("publish p1", host.do("POST", "/api/v1/rounds/rnd-26/positions",
		`{"id":"p1","host_org":"ror-057zh3y96","title":"Robot learning","lab":"JSK","city":"Tokyo","country":"JP","capacity":1,"duration_months":6}`), 201, `"host_name":"The University of Tokyo"`)
	host.want("publish p2", host.do("POST", "/api/v1/rounds/rnd-26/positions",
		`{"id":"p2","host_org":"ror-057zh3y96","title":"Foundation models","city":"Tokyo","country":"JP","capacity":1}`), 201)
	other.want("publish p3", other.do("POST", "/api/v1/rounds/rnd-26/positions",
		`{"id":"p3","host_org":"sample-bharat-chips","title":"Chip bring-up","city":"Hyderabad","country":"IN","capacity":1}`), 201)
	other.want("publish for another host", other.do("POST", "/api/v1/rounds/rnd-26/positions",
		`{"host_org":"ror-057zh3y96","title":"x","country":"JP","capacity":1}`), 403)
	public.want("positions are public", public.do("GET", "/api/v1/rounds/rnd-26/positions", ""), 200, `"p1"`, `"p3"`)

	ananya.want("ananya applies", ananya.do("PUT", "/api/v1/rounds/rnd-26/application", `{"ranking":["p1",["p2","p3"]]}`), 200, `"ranking":["p1",["p2","p3"]]`)
	bala.want("bala applies", bala.do("PUT", "/api/v1/rounds/rnd-26/application", `{"ranking":["p1","p2"]}`), 200)
	bala.want("bala applies for ananya", bala.do("PUT", "/api/v1/rounds/rnd-26/application", `{"person_id":"per-ananya","ranking":["p3"]}`), 403)
	bala.want("unknown position", bala.do("PUT", "/api/v1/rounds/rnd-26/application", `{"ranking":["p1","p9"]}`), 422, `ranking[1]`, `no position \"p9\"`)

	// Privacy: an application is seen by its applicant, the secretariat
	// and the hosts it applied to.
	ananya.want("own application", ananya.do("GET", "/api/v1/rounds/rnd-26/application", ""), 200, `"per-ananya"`)
	bala.want("another's application", bala.do("GET", "/api/v1/rounds/rnd-26/application?person=per-ananya", ""), 403)
	host.want("host sees its applicant", host.do("GET", "/api/v1/rounds/rnd-26/application?person=per-bala", ""), 200)
	other.want("host not applied to", other.do("GET", "/api/v1/rounds/rnd-26/application?person=per-bala", ""), 403)
	public.want("public", public.do("GET", "/api/v1/rounds/rnd-26/application?person=per-bala", ""), 401)
	public.want("figures name no one", public.do("GET", "/api/v1/rounds/rnd-26", ""), 200, `"applicants":2`)
	if res := public.do("GET", "/api/v1/rounds/rnd-26", ""); strings.Contains(string(res.body), "per-") {
		t.Errorf("public round names a person: %s", res.body)
	}

	clock = time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC) // applications closed
	bala.want("apply after the deadline", bala.do("PUT", "/api/v1/rounds/rnd-26/application", `{"ranking":["p2"]}`), 409, "applications are open from", "2026-03-10")
	host.want("applicants of p1", host.do("GET", "/api/v1/positions/p1/applicants", ""), 200, `"Ananya Raghavan"`, `"Bala K."`)
	other.want("applicants of another's position", other.do("GET", "/api/v1/positions/p1/applicants", ""), 403)
	host.want("rank p1", host.do("PUT", "/api/v1/positions/p1/ranking", `{"ranking":["per-bala","per-ananya"]}`), 200)
	host.want("rank p2", host.do("PUT", "/api/v1/positions/p2/ranking", `{"ranking":["per-ananya","per-bala"]}`), 200)
	other.want("rank p3", other.do("PUT", "/api/v1/positions/p3/ranking", `{"ranking":["per-bala"]}`), 422, `did not apply`)
	other.want("rank p3", other.do("PUT", "/api/v1/positions/p3/ranking", `{"ranking":["per-ananya"]}`), 200)
	sec.want("run before ranking closes", sec.do("POST", "/api/v1/rounds/rnd-26/run", ""), 409, "ranking has closed")

	clock = time.Date(2026, 3, 21, 0, 0, 0, 0, time.UTC) // ranking closed
	host.want("rank after the deadline", host.do("PUT", "/api/v1/positions/p1/ranking", `{"ranking":["per-ananya"]}`), 409)
	host.want("member runs", host.do("POST", "/api/v1/rounds/rnd-26/run", ""), 403)
	exp := sec.do("GET", "/api/v1/rounds/rnd-26/export", "")
	sec.want("export", exp, 200, `"applicants"`, `{"id": "JP", "cap": 1`)
	host.want("member exports", host.do("GET", "/api/v1/rounds/rnd-26/export", ""), 403)
	sum := sha256.Sum256(exp.body)
	// Bala takes p1 and Japan's one place; Ananya, tied between p2 and
	// p3, cannot have p2 (Japan is full) and takes p3.
	sec.want("run", sec.do("POST", "/api/v1/rounds/rnd-26/run", ""), 201, `"verdict_ok":true`, `"assigned":2`, `"input_sha256":"`+hex.EncodeToString(sum[:])+`"`, `"seed":11`)
	sec.want("secretariat sees the run before publication", sec.do("GET", "/api/v1/rounds/rnd-26/result?person=per-ananya", ""), 200, `"id":"p3"`, `"published":false`)
	ananya.want("result before publication", ananya.do("GET", "/api/v1/rounds/rnd-26/result", ""), 404, "no published result")
	sec.want("import after a run", sec.do("POST", "/api/v1/rounds/rnd-26/import", string(exp.body)), 409)
	sec.want("publish", sec.do("POST", "/api/v1/rounds/rnd-26/publish", ""), 200, `"status":"published"`)
	ananya.want("ananya's result", ananya.do("GET", "/api/v1/rounds/rnd-26/result", ""), 200, `"id":"p3"`, `"region_full"`, `Japan's cap of 1 placement`, `p1`)
	bala.want("bala's result", bala.do("GET", "/api/v1/rounds/rnd-26/result", ""), 200, `"id":"p1"`, `"explanation":[]`)
	bala.want("bala reads ananya's result", bala.do("GET", "/api/v1/rounds/rnd-26/result?person=per-ananya", ""), 403)
	host.want("p2's outcome", host.do("GET", "/api/v1/positions/p2/outcome", ""), 200, `"region_full"`, `"preferred"`)
	host.want("host's placements", host.do("GET", "/api/v1/rounds/rnd-26/placements?org=ror-057zh3y96", ""), 200, `"rnd-26.per-bala"`)
	other.want("other's placements at another host", other.do("GET", "/api/v1/rounds/rnd-26/placements?org=ror-057zh3y96", ""), 403)

	other.want("progress at another host", other.do("PUT", "/api/v1/placements/rnd-26.per-bala/progress", `{"status":"started"}`), 403)
	host.want("skip a stage", host.do("PUT", "/api/v1/placements/rnd-26.per-bala/progress", `{"status":"completed"}`), 422, `"status"`)
	for _, st := range []string{"started", "completed", "returned_home"} {
		host.want(st, host.do("PUT", "/api/v1/placements/rnd-26.per-bala/progress", `{"status":"`+st+`","on":"2026-09-01"}`), 200, `"status":"`+st+`"`)
	}
	public.want("figures", public.do("GET", "/api/v1/rounds/rnd-26/figures", ""), 200, `"placed":2`, `"returned_home":1`)
	sec.want("runs", sec.do("GET", "/api/v1/rounds/rnd-26/runs", ""), 200, `"number":1`)
	public.want("runs are the secretariat's", public.do("GET", "/api/v1/rounds/rnd-26/runs", ""), 401)
}

// TestPlacementImportAPI imports ROUND.json into a round and checks its
// problems come back with their JSON paths.
func TestPlacementImportAPI(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	seedPlacementMatrix(t, st, "POST /api/v1/rounds/{id}/import")
	sec := placementClient{t, s, newTestToken(t, st, "sec@example.org", auth.Secretariat, nil, "")}
	_, good := placementMatrixBody("POST /api/v1/rounds/{id}/import")
	sec.want("import", sec.do("POST", "/api/v1/rounds/rnd-mx/import", good), 200, `"applications":1`)
	sec.want("export", sec.do("GET", "/api/v1/rounds/rnd-mx/export", ""), 200, `"seed": 3`, `"prefs": ["per-ananya"]`)
	sec.want("problems with paths", sec.do("POST", "/api/v1/rounds/rnd-mx/import",
		`{"applicants":[{"id":"per-ananya","prefs":["pos-mx","p9"]}],"positions":[{"id":"pos-mx","capacity":-1,"prefs":[]}]}`),
		422, `applicants[0].prefs[1]`, `positions[0].capacity`)
	sec.want("not JSON", sec.do("POST", "/api/v1/rounds/rnd-mx/import", `{"applicants":`), 422, "invalid JSON")
	req := httptest.NewRequest("POST", "/api/v1/rounds/rnd-mx/import", strings.NewReader(good))
	req.Header.Set("Authorization", "Bearer "+sec.token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("import without a content type: got %d, want 415", rec.Code)
	}
}

// TestWithdrawApplicationAPI withdraws applications through the API: the
// applicant its own, the secretariat anyone's with ?person=; the host no
// longer sees the person; after the deadline it is a 409 naming the
// status and the deadline.
func TestWithdrawApplicationAPI(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	ctx := context.Background()
	if err := st.CreatePerson(ctx, &registry.Person{ID: "per-bala", Name: "Bala K.", HomeCountry: "IN"}); err != nil {
		t.Fatal(err)
	}
	seedPlacementMatrix(t, st, "DELETE /api/v1/rounds/{id}/application") // per-ananya applied to pos-mx
	sec := placementClient{t, s, newTestToken(t, st, "sec@example.org", auth.Secretariat, nil, "")}
	host := placementClient{t, s, newTestToken(t, st, "host@example.org", auth.Member, []string{"ror-04dese585"}, "")}
	ananya := placementClient{t, s, newTestToken(t, st, "ananya@example.org", auth.Applicant, nil, "per-ananya")}
	bala := placementClient{t, s, newTestToken(t, st, "bala@example.org", auth.Applicant, nil, "per-bala")}
	public := placementClient{t, s, ""}

	bala.want("bala applies", bala.do("PUT", "/api/v1/rounds/rnd-mx/application", `{"ranking":["pos-mx"]}`), 200)
	host.want("host ranks both", host.do("PUT", "/api/v1/positions/pos-mx/ranking", `{"ranking":[["per-ananya","per-bala"]]}`), 200)

	public.want("public withdraws", public.do("DELETE", "/api/v1/rounds/rnd-mx/application?person=per-ananya", ""), 401)
	bala.want("bala withdraws ananya's", bala.do("DELETE", "/api/v1/rounds/rnd-mx/application?person=per-ananya", ""), 403)
	host.want("host withdraws", host.do("DELETE", "/api/v1/rounds/rnd-mx/application?person=per-ananya", ""), 403)
	sec.want("secretariat without person", sec.do("DELETE", "/api/v1/rounds/rnd-mx/application", ""), 422, `"person"`)
	sec.want("no such round", sec.do("DELETE", "/api/v1/rounds/rnd-none/application?person=per-ananya", ""), 404)

	ananya.want("ananya withdraws", ananya.do("DELETE", "/api/v1/rounds/rnd-mx/application", ""), 204)
	ananya.want("application gone", ananya.do("GET", "/api/v1/rounds/rnd-mx/application", ""), 404)
	ananya.want("withdraw twice", ananya.do("DELETE", "/api/v1/rounds/rnd-mx/application", ""), 404)
	res := host.do("GET", "/api/v1/positions/pos-mx/applicants", "")
	host.want("host's applicants", res, 200, `"per-bala"`)
	if strings.Contains(string(res.body), "per-ananya") {
		t.Errorf("host still sees per-ananya: %s", res.body)
	}
	host.want("host no longer sees her application", host.do("GET", "/api/v1/rounds/rnd-mx/application?person=per-ananya", ""), 403)
	public.want("figures", public.do("GET", "/api/v1/rounds/rnd-mx/figures", ""), 200, `"applicants":1`)

	st.SetClock(func() time.Time { return time.Now().UTC().Add(30 * time.Hour) }) // applications closed
	bala.want("withdraw after the deadline", bala.do("DELETE", "/api/v1/rounds/rnd-mx/application", ""), 409, "ranking", "applications may be withdrawn")
	bala.want("application kept", bala.do("GET", "/api/v1/rounds/rnd-mx/application", ""), 200, `"per-bala"`)
	st.SetClock(func() time.Time { return time.Now().UTC() })
	sec.want("secretariat withdraws bala's", sec.do("DELETE", "/api/v1/rounds/rnd-mx/application?person=per-bala", ""), 204)
}
