package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDeskStatistics opens the public statistics from the nav and
// checks the charts drawn on the server: titled, described, no script.
func TestBrowserDeskStatistics(t *testing.T) {
	s, _, _, _ := newDeskPageServer(t)
	b := newBrowserTestOn(t, s, 1280, 900)
	b.open("/")
	b.follow("nav to the desk's statistics", chromedp.Click(chromedp.CSS(`header nav a[href="/desk/statistics"]`)))
	b.wantText("h1", "how fast barriers are cleared")
	b.wantText("#dstats-totals", "2") // two barriers opened
	if n := eval[int](b, `document.querySelectorAll("figure.chart svg[role=img] title").length`); n < 3 {
		t.Errorf("charts with a title: got %d, want at least 3", n)
	}
	if got := eval[string](b, `document.querySelector("#chart-stages svg desc").textContent`); !strings.Contains(got, "Prospect: 1") {
		t.Errorf("text alternative of the stage chart: got %q", got)
	}
	if w := eval[float64](b, `document.querySelector("#chart-stages svg").getBoundingClientRect().width`); w < 300 {
		t.Errorf("stage chart drawn %v px wide, want a visible chart", w)
	}
	b.screenshot("desk-statistics")
	b.checkConsole()
}

// TestBrowserDeskFlow signs in as the desk, follows a lead from the
// pipeline, moves it to another stage, and works the barrier queue:
// escalates the barrier past its target and resolves the other.
func TestBrowserDeskFlow(t *testing.T) {
	s, _, l, bs := newDeskPageServer(t)
	b := newBrowserTestOn(t, s, 1280, 900)
	b.signIn(deskAdminEmail, "/desk")
	b.wantText("h1", "pipeline")
	b.wantText("#stage-prospect", "Kumamoto Fab Partners")
	b.wantText("#stage-prospect", "(overdue)")
	b.screenshot("desk-pipeline")

	b.follow("open the lead", chromedp.Click(chromedp.CSS(`#lead-`+l.ID+` a`)))
	b.wantText("h1", "Kumamoto Fab Partners")
	b.wantText("#lead-barriers", "past target")
	b.do("choose the memorandum stage", chromedp.SetValue(chromedp.CSS("#stage"), "memorandum"))
	b.follow("record the stage", chromedp.Click(chromedp.CSS("#stage-form button")))
	b.wantText("#lead-stage", "Memorandum")
	b.wantText("#lead-history", "Memorandum")
	b.wantText("#lead-history", deskAdminEmail)
	b.screenshot("desk-lead")

	b.follow("report a barrier on the lead",
		chromedp.SetValue(chromedp.CSS("#b-category"), "utilities"),
		chromedp.SendKeys(chromedp.CSS("#b-jurisdiction"), "Gujarat"),
		chromedp.SendKeys(chromedp.CSS("#b-agency"), "GUVNL"),
		chromedp.SendKeys(chromedp.CSS("#b-description"), "No 66 kV line to the plot"),
		chromedp.Click(chromedp.CSS("#barrier-form button")))
	b.wantText("#lead-barriers", "No 66 kV line to the plot")

	b.open("/desk")
	b.follow("create a lead",
		chromedp.Click(chromedp.CSS("#new-lead summary")),
		chromedp.SendKeys(chromedp.CSS("#l-investor"), "kr-mem"),
		chromedp.SendKeys(chromedp.CSS("#l-origin"), "KR"),
		chromedp.SendKeys(chromedp.CSS("#l-destination"), "in"),
		chromedp.SetValue(chromedp.CSS("#l-segment"), "memory"),
		chromedp.SendKeys(chromedp.CSS("#l-next"), "First call"),
		chromedp.Click(chromedp.CSS("#lead-form button")))
	b.wantText("h1", "Icheon Memory")
	b.wantText("#lead-stage", "Prospect")
	b.wantText("#lead-destination", "India")

	b.open("/desk/barriers")
	b.wantText("#barrier-queue tbody tr:first-child", "days past target")
	b.follow("escalate the overdue barrier", chromedp.Click(chromedp.CSS(`tr[id="`+bs[0].ID+`"] form[action$="/escalate"] button`)))
	b.wantText(`tr[id="`+bs[0].ID+`"] .level-ministry`, "ministry")
	b.follow("resolve the other",
		chromedp.SendKeys(chromedp.CSS(`#res-`+bs[1].ID), "Visas issued"),
		chromedp.Click(chromedp.CSS(`tr[id="`+bs[1].ID+`"] form[action$="/resolve"] button`)))
	if n := eval[int](b, `document.querySelectorAll("#barrier-queue tbody tr").length`); n != 2 {
		t.Errorf("open barriers after resolving one: got %d, want 2 (the escalated one and the one reported)", n)
	}
	b.screenshot("desk-queue")
	b.checkConsole()
}
