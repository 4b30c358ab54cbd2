package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLedgerFlow follows the ledger from the nav: the frameworks'
// figures, a framework's scorecard, a project serving one of its
// commitments and a partner organisation's page.
func TestBrowserLedgerFlow(t *testing.T) {
	b := newBrowserTestOn(t, newLedgerPageServer(t), 1280, 900)
	b.open("/")
	b.follow("nav to the ledger", chromedp.Click(chromedp.CSS(`header nav a[href="/frameworks"]`)))
	b.wantText("h1", "Cooperation ledger")
	b.wantText("#overall .fig-conversion", "2 of 5 (40%)")
	b.wantText("#fw-fx-a .conversion", "2 of 4 (50%)")
	b.screenshot("ledger-frameworks")

	b.follow("open the scorecard", chromedp.Click(chromedp.CSS(`#fw-fx-a a[href="/frameworks/fx-a"]`)))
	b.wantText("h1", "India-Japan Test Initiative")
	b.wantText("#source", "Joint statement on the test initiative")
	b.wantText("#c-fx-a\\.c3 .status", "Overdue")
	b.wantText("#c-fx-a\\.c2 .status", "Delivered")
	b.wantText("#overdue", "Pilot line running")
	b.screenshot("ledger-scorecard")

	b.follow("open a project", chromedp.Click(chromedp.CSS(`#c-fx-a\.c1 a[href="/projects/XI-SETU-FX-1"]`)))
	b.wantText("h1", "Edge vision pilot")
	b.wantText("#milestones", "Overdue")
	b.wantText("#outputs", "Line inspector")
	b.screenshot("ledger-project")

	b.follow("open a partner", chromedp.Click(chromedp.CSS(`#partners a[href="/organisations/ror-04dese585"]`)))
	b.wantText("h1", "Indian Institute of Science")
	b.checkConsole()
}

// TestBrowserProjectFilter narrows the project list with a select of the
// filter form, which works without script.
func TestBrowserProjectFilter(t *testing.T) {
	b := newBrowserTestOn(t, newLedgerPageServer(t), 1280, 900)
	b.open("/")
	b.follow("nav to the projects", chromedp.Click(chromedp.CSS(`header nav a[href="/projects"]`)))
	b.wantText(".total", "1–3 of 3 projects")
	b.do("choose Thailand", chromedp.SetValue(chromedp.CSS("#f-country"), "TH"))
	b.follow("show the projects", chromedp.Click(chromedp.CSS("form.filters button")))
	b.wantText(".total", "1–1 of 1 projects matching the filters")
	b.wantText("#projects", "Chip design school")
	if n := eval[int](b, `document.querySelectorAll("#projects tbody tr").length`); n != 1 {
		t.Errorf("rows after filtering: got %d, want 1", n)
	}
	if got := eval[string](b, `document.querySelector("#f-country").value`); got != "TH" {
		t.Errorf("country select after filtering: got %q, want TH", got)
	}
	b.do("choose the pipeline and any country",
		chromedp.SetValue(chromedp.CSS("#f-country"), ""), chromedp.SetValue(chromedp.CSS("#f-status"), "1"))
	b.follow("show the projects", chromedp.Click(chromedp.CSS("form.filters button")))
	b.wantText("#projects", "Memory test bed")
	b.wantText(".total", "1–1 of 1 projects")
	b.follow("clear the filters", chromedp.Click(chromedp.CSS(`form.filters a[href="/projects"]`)))
	b.wantText(".total", "1–3 of 3 projects")
	b.checkConsole()
}
