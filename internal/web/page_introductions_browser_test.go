package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setu-council/setu/internal/store"
)

// signIn signs the browser in as email through the sign-in form, going
// on to next.
func (b *browserTest) signIn(email, next string) {
	b.t.Helper()
	b.open("/login?next=" + next)
	b.follow("sign in as "+email,
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.panel button")))
}

// signOut signs the browser out with the header's form.
func (b *browserTest) signOut() {
	b.t.Helper()
	b.follow("sign out", chromedp.Click(chromedp.CSS("form.signout button")))
}

// TestBrowserPartnerSearchIntroduction searches partners by needs from
// the nav, reads the reasons and, signed in, asks for an introduction,
// landing on the introduction's page.
func TestBrowserPartnerSearchIntroduction(t *testing.T) {
	s, st := newIntroPageServer(t)
	b := newBrowserTestOn(t, s, 1280, 900)
	b.open("/")
	b.follow("nav to find partners", chromedp.Click(chromedp.CSS(`header nav a[href="/partners"]`)))
	b.wantText("#search-title", "Find partners")
	b.follow("search by needs",
		chromedp.SendKeys(chromedp.CSS("#s-needs"), "28 nm multi-project wafer shuttle"),
		chromedp.SendKeys(chromedp.CSS("#s-home"), "IN"),
		chromedp.Click(chromedp.CSS("form.filters button")))
	b.wantText("#partner-jp-nagoya .reasons", "Nagoya Shuttle Lab")
	if n := eval[int](b, `document.querySelectorAll("details.intro-request").length`); n != 0 {
		t.Errorf("the public sees %d introduction forms, want none", n)
	}
	b.screenshot("partner-search")

	b.signIn(partnerMemberEmail, "/partners?needs=28+nm+multi-project+wafer+shuttle&home=IN")
	b.wantText("#partner-jp-nagoya .reasons", "Nagoya Shuttle Lab")
	b.do("open the form", chromedp.Click(chromedp.CSS("#partner-jp-nagoya summary")),
		chromedp.WaitVisible(chromedp.CSS("#msg-jp-nagoya")))
	b.follow("request an introduction",
		chromedp.SendKeys(chromedp.CSS("#msg-jp-nagoya"), "Could we use your 28 nm shuttle?"),
		chromedp.Click(chromedp.CSS("#partner-jp-nagoya form button")))
	b.wantText("#intro-requested", "Nagoya Shuttle Lab")
	b.wantText("#intro-status", "requested")
	b.wantText("#intro-steps", "requested by "+partnerMemberEmail)
	b.wantText("#contact-pending", "once the introduction is accepted")
	list, err := st.Introductions(context.Background(), "in-dhruvika")
	if err != nil || len(list) != 1 || list[0].To != "jp-nagoya" || list[0].Message != "Could we use your 28 nm shuttle?" {
		t.Errorf("stored introductions: got %+v, %v, want one to jp-nagoya with the message", list, err)
	}
	b.checkConsole()
}

// TestBrowserIntroductionLifecycle: the counterpart signs in, finds the
// request in the inbox and accepts it; the requester then sees the
// contact; the secretariat converts it and the project exists.
func TestBrowserIntroductionLifecycle(t *testing.T) {
	s, st := newIntroPageServer(t)
	in := &store.Introduction{From: "in-dhruvika", To: "jp-nagoya", Purpose: "research", Message: "Shuttle runs?"}
	if err := st.RequestIntroduction(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	b := newBrowserTestOn(t, s, 1280, 900)

	b.signIn(nagoyaMemberEmail, "/introductions")
	b.wantText("#intros-received", "Dhruvika Silicon")
	b.follow("open the request", chromedp.Click(chromedp.CSS(`#intros-received a[href="/introductions/`+in.ID+`"]`)))
	b.wantText("#intro-message", "Shuttle runs?")
	b.follow("accept", chromedp.Click(chromedp.CSS("#accept-form button")))
	b.wantText("#intro-status", "accepted")
	b.wantText("#intro-steps", "accepted by "+nagoyaMemberEmail)
	b.signOut()

	b.signIn(partnerMemberEmail, "/introductions")
	b.follow("open the sent request", chromedp.Click(chromedp.CSS(`#intros-sent a[href="/introductions/`+in.ID+`"]`)))
	b.wantText("#intro-contact", nagoyaContactEmail)
	if n := eval[int](b, `document.querySelectorAll("#convert-form, #accept-form").length`); n != 0 {
		t.Errorf("the requester sees %d forms to answer or convert, want none", n)
	}
	b.screenshot("introduction-accepted")
	b.signOut()

	b.signIn(introAdminEmail, "/introductions/"+in.ID)
	b.do("set the title", chromedp.Clear(chromedp.CSS("#p-title")),
		chromedp.SendKeys(chromedp.CSS("#p-title"), "Shuttle access for Dhruvika"))
	b.follow("convert", chromedp.Click(chromedp.CSS("#convert-form button")))
	b.wantText("#intro-status", "converted")
	project := "XI-SETU-" + strings.ToUpper(in.ID)
	b.wantText("#intro-project", project)
	p, err := st.Project(context.Background(), project)
	if err != nil {
		t.Fatalf("project: %v", err)
	}
	if p.Title != "Shuttle access for Dhruvika" || len(p.Participants) != 2 {
		t.Errorf("project: got %q with %d participants, want the title and both organisations", p.Title, len(p.Participants))
	}
	b.open("/introductions")
	b.wantText("#fig-total", "1")
	b.checkConsole()
}
