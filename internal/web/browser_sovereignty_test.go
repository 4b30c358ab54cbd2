package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSovereigntyFlow follows the sovereignty view from the nav:
// India's shares per layer (chart and table), another source, and a
// stress test without Korea that names a Taiwanese alternative.
func TestBrowserSovereigntyFlow(t *testing.T) {
	s, _ := newSovereigntyServer(t)
	b := newBrowserTestOn(t, s, 1280, 1000)
	b.open("/")
	b.follow("nav to the sovereignty view", chromedp.Click(chromedp.CSS(`header nav a[href="/sovereignty"]`)))
	b.wantText("h1", "Sovereignty view: India")
	b.wantText("#shares-table", "South Korea 62.5%, Japan 37.5%")
	b.wantText("#flags", "Semiconductor: South Korea holds 62.5%")
	if n := eval[int](b, `document.querySelectorAll("#shares svg rect title").length`); n != 2 {
		t.Errorf("shares chart: got %d titled segments, want 2", n)
	}
	if got := eval[string](b, `document.querySelector("#shares svg > title").textContent`); got != "Shares of partner countries per layer, all sources combined, India" {
		t.Errorf("chart title: got %q", got)
	}
	b.screenshot("sovereignty-india")

	b.do("choose the budgets", chromedp.SetValue(chromedp.CSS("#sv-source"), "budgets"))
	b.follow("show", chromedp.Click(chromedp.CSS("#sovereignty-form button")))
	b.wantText("#shares-table", "South Korea 75.0%, Japan 25.0%")

	b.do("choose Korea", chromedp.SetValue(chromedp.CSS("#sv-without"), "KR"))
	b.follow("run the stress test", chromedp.Click(chromedp.CSS("#stress-form button")))
	b.wantText("#stress-table caption", "Without South Korea (projects weighted by budget)")
	b.wantText("#stress-table", "Hsinchu Fab")
	b.screenshot("sovereignty-stress")

	b.follow("open the alternative", chromedp.Click(chromedp.CSS(`#stress-table a[href="/organisations/org-tw-fab"]`)))
	b.wantText("h1", "Hsinchu Fab")
	b.checkConsole()
}

func TestBrowserSovereigntyInvestments(t *testing.T) {
	b := newBrowserTestOn(t, newSovereigntyInvestmentsServer(t), 1280, 1000)
	b.open("/sovereignty/IN")
	b.do("choose the investments", chromedp.SetValue(chromedp.CSS("#sv-source"), "investments"))
	b.follow("show", chromedp.Click(chromedp.CSS("#sovereignty-form button")))
	b.wantText("#shares-table", "Japan 75.0%, others 25.0%")
	b.checkConsole()
}
