package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// The users of the placement page tests.
const (
	placementApplicantEmail = "ananya@example.org" // per-ananya
	placementHostEmail      = "tokyo@example.org"  // member of ror-057zh3y96
	placementAdminEmail     = "rounds@example.org" // secretariat
)

// placementPageFixture is a server over the API fixture with round
// rnd-b open now (applications close in ten minutes, ranking in twenty), a cap
// of one placement in Japan, position p1 at the University of Tokyo and
// p3 at Bharat Chips, a second applicant per-bala who ranks p1, and the
// ledger's output mx-o1. at moves the store's clock by an offset from
// now.
type placementPageFixture struct {
	s   *Server
	st  *store.Store
	now time.Time
}

func (f placementPageFixture) at(d time.Duration) {
	t := f.now.Add(d)
	f.st.SetClock(func() time.Time { return t })
}

func newPlacementPageFixture(t *testing.T) placementPageFixture {
	t.Helper()
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	seedLedgerMatrix(t, st, "GET /api/v1/")
	f := placementPageFixture{s: s, st: st, now: time.Now().UTC().Truncate(time.Second)}
	f.at(0)
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	if err := st.CreatePerson(ctx, &registry.Person{ID: "per-bala", Name: "Bala Krishnan", HomeCountry: "IN"}); err != nil {
		t.Fatal(err)
	}
	newTestUser(t, st, placementApplicantEmail, auth.Applicant, nil, "per-ananya")
	newTestUser(t, st, placementHostEmail, auth.Member, []string{"ror-057zh3y96"}, "")
	newTestUser(t, st, placementAdminEmail, auth.Secretariat, nil, "")
	r := &store.Round{ID: "rnd-b", Title: "Fellows 2026", Programme: "Setu fellows", Seed: 5, Caps: []store.Cap{{Country: "JP", Cap: 1}},
		PositionsOpen: f.now.Add(-time.Hour), ApplicationsClose: f.now.Add(10 * time.Minute), RankingClose: f.now.Add(20 * time.Minute), ResultsDue: f.now.Add(30 * time.Minute)}
	if err := st.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Position{
		{ID: "p1", RoundID: "rnd-b", HostOrg: "ror-057zh3y96", Title: "Robot learning", Lab: "JSK Lab", City: "Tokyo", Country: "JP", Capacity: 1, DurationMonths: 6},
		{ID: "p3", RoundID: "rnd-b", HostOrg: "sample-bharat-chips", Title: "Chip bring-up", City: "Hyderabad", Country: "IN", Capacity: 1},
	} {
		if err := st.CreatePosition(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// TestPlacementPages walks a round through its forms over HTTP: the
// public page names no one, an applicant ranks until the deadline, a
// host ranks and records progress, the secretariat runs and publishes,
// and the forms refuse what they should.
func TestPlacementPages(t *testing.T) {
	f := newPlacementPageFixture(t)
	srv := httptest.NewServer(f.s)
	t.Cleanup(srv.Close)
	ctx := auth.WithPrincipal(context.Background(), auth.System)

	code, _, body := getPage(t, f.s, "/rounds")
	if code != 200 {
		t.Fatalf("/rounds: got %d", code)
	}
	mustContain(t, "rounds", body, `href="/rounds/rnd-b"`, "Fellows 2026", "open")
	_, _, body = getPage(t, f.s, "/rounds/rnd-b")
	mustContain(t, "public round page", body, `id="apply-hint"`, `href="/login?next=/rounds/rnd-b"`)
	_, _, body = getPage(t, f.s, "/rounds")

	if strings.Contains(body, `id="round-form"`) {
		t.Error("the public sees the form to open a round")
	}
	admin := signedIn(t, srv, placementAdminEmail)
	_, body = admin.do("GET", "/rounds", "", "", nil)
	mustContain(t, "secretariat's rounds page", body, `id="round-form"`)
	acsrf := csrfRe.FindStringSubmatch(body)[1]
	res, body := admin.post("/rounds", url.Values{"csrf": {acsrf}, "title": {"Fellows 2027"}, "programme": {"Setu fellows"},
		"caps": {"JP=40, KR"}, "positions_open": {"2027-01-01T00:00"}, "applications_close": {"soon"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad round: got %d, want 422", res.StatusCode)
	}
	mustContain(t, "a bad round", body, "<strong>caps[1]</strong>", "<strong>applications_close</strong>", `value="Fellows 2027"`)
	res, _ = admin.post("/rounds", url.Values{"csrf": {acsrf}, "title": {"Fellows 2027"}, "programme": {"Setu fellows"}, "caps": {"JP=40, KR=10"},
		"positions_open": {"2027-01-01T00:00"}, "applications_close": {"2027-02-01T00:00"}, "ranking_close": {"2027-02-15T00:00"}, "results_due": {"2027-03-01T00:00"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/rounds/rnd-") {
		t.Fatalf("open a round: got %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = admin.do("GET", res.Header.Get("Location"), "", "", nil)
	mustContain(t, "the new round", body, "Fellows 2027", "draft", "Japan at most 40, South Korea at most 10")

	ananya := signedIn(t, srv, placementApplicantEmail)
	_, body = ananya.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "applicant", body, `id="apply-form"`, `name="rank.p1"`, `name="rank.p3"`)
	csrf := csrfRe.FindStringSubmatch(body)[1]
	res, body = ananya.post("/rounds/rnd-b/application", url.Values{"csrf": {csrf}, "rank.p1": {"first"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "rank.p1") {
		t.Errorf("a rank that is not a number: got %d, want 422 naming rank.p1", res.StatusCode)
	}
	res, _ = ananya.post("/rounds/rnd-b/application", url.Values{"csrf": {csrf}, "person": {"per-bala"}, "rank.p1": {"1"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("apply for another person: got %d, want 403", res.StatusCode)
	}
	res, _ = ananya.post("/rounds/rnd-b/application", url.Values{"csrf": {csrf}, "rank.p1": {"1"}, "rank.p3": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: got %d, want 303", res.StatusCode)
	}
	if a, err := f.st.Application(ctx, "rnd-b", "per-ananya"); err != nil || mustJSON(t, a.Ranking) != `[["p1","p3"]]` {
		t.Errorf("application: got %+v, %v, want p1 and p3 tied", a, err)
	}
	if err := f.st.SetApplication(ctx, &store.Application{RoundID: "rnd-b", PersonID: "per-bala", Ranking: store.Ranking{{"p1"}}}); err != nil {
		t.Fatal(err)
	}

	_, _, body = getPage(t, f.s, "/rounds/rnd-b")
	for _, private := range []string{"Ananya", "Bala", "per-"} {
		if strings.Contains(body, private) {
			t.Errorf("the public round page shows %q", private)
		}
	}

	f.at(15 * time.Minute) // applications closed
	res, body = ananya.post("/rounds/rnd-b/application", url.Values{"csrf": {csrf}, "rank.p3": {"1"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "applications are open from") {
		t.Errorf("apply after the deadline: got %d, want 409 with the deadline", res.StatusCode)
	}

	host := signedIn(t, srv, placementHostEmail)
	_, body = host.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "host", body, `id="rank-form-p1"`, "Ananya Raghavan", "Bala Krishnan")
	if strings.Contains(body, `id="rank-form-p3"`) {
		t.Error("the host sees the ranking form of another host's position")
	}
	hcsrf := csrfRe.FindStringSubmatch(body)[1]
	res, _ = host.post("/positions/p3/ranking", url.Values{"csrf": {hcsrf}, "rank.per-ananya": {"1"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("rank another host's position: got %d, want 403", res.StatusCode)
	}
	if res, _ = host.post("/positions/p1/ranking", url.Values{"csrf": {hcsrf}, "rank.per-bala": {"1"}, "rank.per-ananya": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rank: got %d, want 303", res.StatusCode)
	}
	if _, err := f.st.SetHostRanking(ctx, "p3", store.Ranking{{"per-ananya"}}); err != nil {
		t.Fatal(err)
	}
	res, _ = host.post("/rounds/rnd-b/run", url.Values{"csrf": {hcsrf}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a host runs the match: got %d, want 403", res.StatusCode)
	}

	f.at(25 * time.Minute) // ranking closed
	_, body = admin.do("GET", "/rounds/rnd-b", "", "", nil)
	acsrf = csrfRe.FindStringSubmatch(body)[1]
	if res, _ = admin.post("/rounds/rnd-b/publish", url.Values{"csrf": {acsrf}}); res.StatusCode != http.StatusConflict {
		t.Errorf("publish before a run: got %d, want 409", res.StatusCode)
	}
	if res, _ = admin.post("/rounds/rnd-b/run", url.Values{"csrf": {acsrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: got %d, want 303", res.StatusCode)
	}
	if res, _ = admin.post("/rounds/rnd-b/publish", url.Values{"csrf": {acsrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: got %d, want 303", res.StatusCode)
	}
	_, body = admin.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "secretariat", body, `id="run-1"`, "(published)", "stable")

	_, body = ananya.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "result", body, `id="my-result"`, "Chip bring-up", "Robot learning at The University of Tokyo")

	res, _ = host.post("/placements/rnd-b.per-bala/progress", url.Values{"csrf": {hcsrf}, "status": {"started"}, "on": {"2026-13-01"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad date: got %d, want 422", res.StatusCode)
	}
	for _, st := range []string{"started", "completed", "returned_home"} {
		if res, body = host.post("/placements/rnd-b.per-bala/progress", url.Values{"csrf": {hcsrf}, "status": {st}, "outputs": {"mx-o1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("progress %s: got %d\n%s", st, res.StatusCode, body)
		}
	}
	_, _, body = getPage(t, f.s, "/rounds/rnd-b")
	mustContain(t, "figures", body, `<td id="fig-returned">1 of 2</td>`, "1 outputs", "1 with their IP at home (100%)")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	return strings.TrimSpace(toJSON(v))
}

// FuzzRankingForm feeds the ranking form's reader any body: it must not
// panic, and a ranking it accepts lists each id once, ranks from 1.
func FuzzRankingForm(f *testing.F) {
	for _, s := range []string{"rank.p1=1&rank.p2=1&rank.p3=2", "rank.p1=first", "rank.=3&x=1", "rank.p1=-1", "rank.p1=99999999999999999999", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/rounds/r/application", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rk, err := rankingFromForm(req)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, g := range rk {
			if len(g) == 0 {
				t.Fatalf("%q: an empty tie group in %v", body, rk)
			}
			for _, id := range g {
				if seen[id] {
					t.Fatalf("%q: %q listed twice in %v", body, id, rk)
				}
				seen[id] = true
			}
		}
	})
}
