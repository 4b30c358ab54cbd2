package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setu-council/setu/internal/sovereignty"
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

// TestBrowserSovereigntySettings signs in as the secretariat, sets the
// missing EUR rate from the exchange-rate page and sees the budgets'
// figures use it, then moves South Korea from the eastern partners to a
// group of its own and sees the group on the sovereignty view.
func TestBrowserSovereigntySettings(t *testing.T) {
	s, _ := newSovereigntySettingsServer(t)
	b := newBrowserTestOn(t, s, 1280, 1000)
	b.open("/sovereignty/IN?source=budgets")
	b.wantText("#unconverted", "2000.00 EUR not converted")
	b.wantText("#shares-table", "South Korea 75.0%, Japan 25.0%")

	b.signIn(sovereigntyAdminEmail, "/sovereignty/rates")
	b.wantText("h1", "Exchange rates")
	b.follow("set the EUR rate",
		chromedp.SendKeys(chromedp.CSS("#rate-currency"), "EUR"),
		chromedp.SetValue(chromedp.CSS("#rate-date"), "2025-01-01"),
		chromedp.SendKeys(chromedp.CSS("#rate-rate"), "0.5"),
		chromedp.SendKeys(chromedp.CSS("#rate-source"), "ECB reference rate"),
		chromedp.Click(chromedp.CSS("#rate-form button")))
	b.wantText("#rates-done", "Set the rate of EUR on 2025-01-01")
	b.wantText("#rate-EUR-2025-01-01", "ECB reference rate")
	b.screenshot("sovereignty-rates")
	b.open("/sovereignty/IN?source=budgets")
	b.wantText("#shares-table", "South Korea 60.0%, Japan 40.0%")
	if n := eval[int](b, `document.querySelectorAll("#unconverted").length`); n != 0 {
		t.Error("the EUR budget is still listed as not converted")
	}

	b.follow("open the partner groups", chromedp.Click(chromedp.CSS(`#settings a[href="/sovereignty/groups"]`)))
	var eastern []string
	for _, c := range sovereignty.DefaultGroups()[0].Countries {
		if c != "KR" {
			eastern = append(eastern, c)
		}
	}
	b.follow("take South Korea out of the eastern partners",
		chromedp.SetValue(chromedp.CSS("#countries-eastern"), strings.Join(eastern, ", ")),
		chromedp.Click(chromedp.CSS("#group-form-eastern button")))
	b.wantText("#groups-done", "Saved the group eastern")
	b.follow("create the group korea",
		chromedp.SendKeys(chromedp.CSS("#group-code"), "korea"),
		chromedp.SendKeys(chromedp.CSS("#group-label"), "Korea"),
		chromedp.SendKeys(chromedp.CSS("#group-countries"), "KR"),
		chromedp.Click(chromedp.CSS("#group-new button")))
	b.wantText("#group-korea", "South Korea")
	b.screenshot("sovereignty-groups")

	b.follow("back to the sovereignty view", chromedp.Click(chromedp.CSS(`main a[href="/sovereignty"]`)))
	b.wantText("h1", "Sovereignty view: India")
	b.wantText("#shares-table", "Eastern partners 53.3%, Korea 46.7%") // with the EUR budget converted
	b.wantText("#group-list", "Korea: South Korea")
	b.checkConsole()
}
