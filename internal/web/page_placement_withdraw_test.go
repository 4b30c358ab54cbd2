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
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// TestWithdrawApplicationPage withdraws an application with the round
// page's form: only the applicant's own, the host no longer sees the
// person, and after the deadline the page says why not.
func TestWithdrawApplicationPage(t *testing.T) {
	f := newPlacementPageFixture(t)
	srv := httptest.NewServer(f.s)
	t.Cleanup(srv.Close)
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	for person, rk := range map[string]store.Ranking{"per-ananya": {{"p1"}}, "per-bala": {{"p1"}}} {
		if err := f.st.SetApplication(ctx, &store.Application{RoundID: "rnd-b", PersonID: person, Ranking: rk}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.st.SetHostRanking(ctx, "p1", store.Ranking{{"per-ananya"}, {"per-bala"}}); err != nil {
		t.Fatal(err)
	}

	ananya := signedIn(t, srv, placementApplicantEmail)
	_, body := ananya.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "applicant", body, `id="withdraw-form"`, `action="/rounds/rnd-b/withdrawal"`, "Withdraw my application")
	csrf := csrfRe.FindStringSubmatch(body)[1]
	if res, _ := ananya.post("/rounds/rnd-b/withdrawal", url.Values{"csrf": {csrf}, "person": {"per-bala"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("withdraw another's application: got %d, want 403", res.StatusCode)
	}
	if res, _ := ananya.post("/rounds/rnd-b/withdrawal", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("withdraw without the CSRF token: got %d, want 403", res.StatusCode)
	}
	res, _ := ananya.post("/rounds/rnd-b/withdrawal", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=application+withdrawn") {
		t.Fatalf("withdraw: got %d to %q, want 303 to the round", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := f.st.Application(ctx, "rnd-b", "per-ananya"); !errs.Is(err, errs.NotFound) {
		t.Errorf("application after withdrawal: got %v, want not found", err)
	}
	_, body = ananya.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "after withdrawal", body, `id="apply-form"`)
	if strings.Contains(body, `id="withdraw-form"`) {
		t.Error("the withdrawal form is shown with no application")
	}

	host := signedIn(t, srv, placementHostEmail)
	_, body = host.do("GET", "/rounds/rnd-b", "", "", nil)
	mustContain(t, "host", body, "Bala Krishnan")
	if strings.Contains(body, "Ananya") {
		t.Error("the host still sees the withdrawn applicant")
	}
	if rk, err := f.st.HostRanking(ctx, "p1"); err != nil || mustJSON(t, rk) != `["per-bala"]` {
		t.Errorf("p1's ranking: got %v, %v, want per-bala only", rk, err)
	}

	f.at(15 * time.Minute) // applications closed
	admin := signedIn(t, srv, placementAdminEmail)
	_, body = admin.do("GET", "/rounds/rnd-b", "", "", nil)
	acsrf := csrfRe.FindStringSubmatch(body)[1]
	res, body = admin.post("/rounds/rnd-b/withdrawal", url.Values{"csrf": {acsrf}, "person": {"per-bala"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "applications may be withdrawn") {
		t.Errorf("withdraw after the deadline: got %d, want 409 with the deadline", res.StatusCode)
	}
}
