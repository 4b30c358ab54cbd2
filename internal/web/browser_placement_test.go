package web

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// TestBrowserPlacementRound walks a round through the browser as its
// three kinds of user: a host publishes a position; an applicant finds
// the round from the nav and ranks positions with a tie until the
// deadline; the host ranks its applicants; the secretariat runs and
// publishes the match; the applicant reads the result and why not
// higher; the host records the placement until it returns home with an
// output, and the public page counts it.
func TestBrowserPlacementRound(t *testing.T) {
	f := newPlacementPageFixture(t)
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	b := newBrowserTestOn(t, f.s, 1280, 900)

	// Host: publish a second position in Japan.
	b.signIn(placementHostEmail, "/rounds/rnd-b")
	b.do("fill the position form",
		chromedp.SendKeys(chromedp.CSS("#pf-title"), "Foundation models"),
		chromedp.SendKeys(chromedp.CSS("#pf-city"), "Tokyo"),
		chromedp.SendKeys(chromedp.CSS("#pf-country"), "JP"),
		chromedp.SendKeys(chromedp.CSS("#pf-months"), "3"))
	b.follow("publish the position", chromedp.Click(chromedp.CSS("#position-form button")))
	b.wantText("#round-done", "published position")
	b.wantText("#positions", "Foundation models")
	ps, err := f.st.HostPositions(ctx, "rnd-b", "ror-057zh3y96")
	if err != nil || len(ps) != 2 || ps[1].Title != "Foundation models" || ps[1].DurationMonths != 3 {
		t.Fatalf("host positions: got %+v, %v", ps, err)
	}
	p2 := ps[1].ID
	b.signOut()
	if err := f.st.SetApplication(ctx, &store.Application{RoundID: "rnd-b", PersonID: "per-bala", Ranking: store.Ranking{{"p1"}, {p2}}}); err != nil {
		t.Fatal(err)
	}

	// Applicant: from the nav to the round; Robot learning first, then
	// Foundation models, then Chip bring-up.
	b.signIn(placementApplicantEmail, "/")
	b.follow("nav to placements", chromedp.Click(chromedp.CSS(`header nav a[href="/rounds"]`)))
	b.follow("open the round", chromedp.Click(chromedp.CSS(`#round-rnd-b a`)))
	b.wantText("#round-status", "open")
	b.do("rank positions",
		chromedp.SendKeys(chromedp.CSS("#rank-p1"), "1"),
		chromedp.SendKeys(chromedp.CSS("#rank-"+p2), "2"),
		chromedp.SendKeys(chromedp.CSS("#rank-p3"), "3"))
	b.follow("save the ranking", chromedp.Click(chromedp.CSS("#apply-form button")))
	b.wantText("#round-done", "applied")
	if v := eval[string](b, `document.querySelector("#rank-`+p2+`").value`); v != "2" {
		t.Errorf("the form after saving: rank of %s %q, want 2", p2, v)
	}
	a, err := f.st.Application(ctx, "rnd-b", "per-ananya")
	if err != nil || mustJSON(t, a.Ranking) != mustJSON(t, store.Ranking{{"p1"}, {p2}, {"p3"}}) {
		t.Errorf("application: got %+v, %v", a, err)
	}
	b.screenshot("placement-applicant")
	f.at(15 * time.Minute) // applications closed
	b.open("/rounds/rnd-b")
	b.wantText("#my-ranking", "You ranked 3 positions")
	if n := eval[int](b, `document.querySelectorAll("#apply-form").length`); n != 0 {
		t.Error("the apply form is shown after applications closed")
	}
	b.signOut()

	// Host: rank the applicants of p1 and of the new position.
	b.signIn(placementHostEmail, "/rounds/rnd-b")
	b.do("rank p1", chromedp.SendKeys(chromedp.CSS("#rank-p1-per-bala"), "1"), chromedp.SendKeys(chromedp.CSS("#rank-p1-per-ananya"), "2"))
	b.follow("save p1", chromedp.Click(chromedp.CSS("#rank-form-p1 button")))
	b.wantText("#round-done", "ranked")
	b.do("rank "+p2, chromedp.SendKeys(chromedp.CSS("#rank-"+p2+"-per-ananya"), "1"), chromedp.SendKeys(chromedp.CSS("#rank-"+p2+"-per-bala"), "2"))
	b.follow("save "+p2, chromedp.Click(chromedp.CSS("#rank-form-"+p2+" button")))
	b.screenshot("placement-host")
	b.signOut()
	if _, err := f.st.SetHostRanking(ctx, "p3", store.Ranking{{"per-ananya"}}); err != nil {
		t.Fatal(err)
	}

	// Secretariat: run and publish.
	f.at(25 * time.Minute) // ranking closed
	b.signIn(placementAdminEmail, "/rounds/rnd-b")
	b.wantText("#round-status", "closed")
	b.follow("run the match", chromedp.Click(chromedp.CSS("#run-form button")))
	b.wantText("#run-1", "stable")
	b.wantText("#round-status", "matched")
	b.follow("publish", chromedp.Click(chromedp.CSS("#publish-form button")))
	b.wantText("#round-status", "published")
	b.wantText("#run-1", "(published)")
	b.screenshot("placement-secretariat")
	b.signOut()

	// Applicant: the result and why not higher. Bala has p1 and with it
	// Japan's one place, so Ananya's second choice in Japan is capped and
	// she goes to Hyderabad.
	b.signIn(placementApplicantEmail, "/rounds/rnd-b")
	b.wantText("#my-position", "Chip bring-up")
	b.wantText("#my-explanation", "Robot learning at The University of Tokyo, Tokyo: all 1 seat went to applicants its host ranked higher than you")
	b.wantText("#my-explanation", "Japan's cap of 1 placement was reached")
	b.screenshot("placement-result")
	b.signOut()

	// Host: the placement, from started to returned home with an output.
	b.signIn(placementHostEmail, "/rounds/rnd-b")
	b.wantText("#host-why-"+p2, "Bala Krishnan: Your 2nd-ranked applicant is placed at a position they ranked higher")
	for _, st := range []string{"started", "completed", "returned_home"} {
		b.do("stage "+st, chromedp.SetValue(chromedp.CSS("#st-rnd-b\\.per-bala"), st))
		if st == "returned_home" {
			b.do("link the output", chromedp.SendKeys(chromedp.CSS("#out-rnd-b\\.per-bala"), "mx-o1"))
		}
		b.follow("record "+st, chromedp.Click(chromedp.CSS("#progress-rnd-b\\.per-bala button")))
		b.wantText("#status-rnd-b\\.per-bala", st)
	}
	b.signOut()
	b.open("/rounds/rnd-b")
	b.wantText("#fig-returned", "1 of 2")
	b.wantText("#fig-outputs", "1 with their IP at home (100%)")
	b.checkConsole()
}

// TestBrowserPlacementWithdraw: an applicant applies, withdraws with the
// round page's button, and the application is gone; the host no longer
// sees the applicant.
func TestBrowserPlacementWithdraw(t *testing.T) {
	f := newPlacementPageFixture(t)
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	b := newBrowserTestOn(t, f.s, 1280, 900)
	b.signIn(placementApplicantEmail, "/rounds/rnd-b")
	if n := eval[int](b, `document.querySelectorAll("#withdraw-form").length`); n != 0 {
		t.Error("the withdrawal form is shown before applying")
	}
	b.do("rank a position", chromedp.SendKeys(chromedp.CSS("#rank-p1"), "1"))
	b.follow("save the ranking", chromedp.Click(chromedp.CSS("#apply-form button")))
	b.wantText("#round-done", "applied")
	if _, err := f.st.Application(ctx, "rnd-b", "per-ananya"); err != nil {
		t.Fatalf("application: %v", err)
	}
	b.follow("withdraw", chromedp.Click(chromedp.CSS("#withdraw")))
	b.wantText("#round-done", "application withdrawn")
	if _, err := f.st.Application(ctx, "rnd-b", "per-ananya"); !errs.Is(err, errs.NotFound) {
		t.Errorf("application after withdrawal: got %v, want not found", err)
	}
	if v := eval[string](b, `document.querySelector("#rank-p1").value`); v != "" {
		t.Errorf("the form after withdrawal: rank of p1 %q, want empty", v)
	}
	if n := eval[int](b, `document.querySelectorAll("#withdraw-form").length`); n != 0 {
		t.Error("the withdrawal form is shown after withdrawing")
	}
	b.signOut()
	b.signIn(placementHostEmail, "/rounds/rnd-b")
	b.wantText("#hosted-p1", "No applicants yet.")
	b.checkConsole()
}

// TestBrowserPlacementOpenRound: the secretariat opens a round from the
// rounds page, with caps and a timetable, and lands on its page.
func TestBrowserPlacementOpenRound(t *testing.T) {
	f := newPlacementPageFixture(t)
	b := newBrowserTestOn(t, f.s, 1280, 900)
	b.signIn(placementAdminEmail, "/rounds")
	b.do("fill the round form",
		chromedp.SendKeys(chromedp.CSS("#rf-title"), "Fellows 2027"),
		chromedp.SendKeys(chromedp.CSS("#rf-programme"), "Setu fellows"),
		chromedp.SendKeys(chromedp.CSS("#rf-caps"), "JP=40, KR=10"),
		chromedp.SetValue(chromedp.CSS("#rf-open"), "2027-01-01T00:00"),
		chromedp.SetValue(chromedp.CSS("#rf-apps"), "2027-02-01T00:00"),
		chromedp.SetValue(chromedp.CSS("#rf-rank"), "2027-02-15T00:00"),
		chromedp.SetValue(chromedp.CSS("#rf-due"), "2027-03-01T00:00"))
	b.follow("open the round", chromedp.Click(chromedp.CSS("#round-form button")))
	b.wantText("#round-title", "Fellows 2027")
	b.wantText("#round-status", "draft")
	b.wantText("#round-caps", "Japan at most 40, South Korea at most 10")
	b.wantText("#round-timetable", "1 Feb 2027 00:00 UTC")
	b.open("/rounds")
	b.wantText("#rounds", "Fellows 2027")
	b.checkConsole()
}
