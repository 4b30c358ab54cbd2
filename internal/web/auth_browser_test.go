package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLogin signs in through the pages: a wrong password, then the
// right one, the account page, an API token shown once, and sign-out.
func TestBrowserLogin(t *testing.T) {
	b := newBrowserTest(t, 1280, 900)
	b.open("/")
	b.wantText(`header nav a[href="/login"]`, "Sign in")
	b.follow("go to sign in", chromedp.Click(chromedp.CSS(`header nav a[href="/login"]`)))

	b.do("wrong password",
		chromedp.SendKeys(chromedp.CSS("#email"), pageAdminEmail),
		chromedp.SendKeys(chromedp.CSS("#password"), "not the password at all"),
		chromedp.Click(chromedp.CSS("form.panel button")),
		chromedp.WaitVisible(chromedp.CSS("#login-message")))
	b.wantText("#login-message", loginFailureMessage)

	// The page keeps the email and never the password.
	b.follow("sign in",
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.panel button")))
	b.do("wait for the account page", chromedp.WaitVisible(chromedp.CSS("#account-email")))
	b.wantText("#account-email", pageAdminEmail)
	b.wantText("#account-role", "secretariat")
	b.wantText("header nav .who", pageAdminEmail)
	if httpOnly := eval[string](b, "document.cookie"); strings.Contains(httpOnly, sessionCookie) {
		t.Errorf("the session cookie is visible to scripts: %q", httpOnly)
	}
	b.screenshot("account")

	b.follow("create a token",
		chromedp.SendKeys(chromedp.CSS("#token-name"), "browser test"),
		chromedp.Click(chromedp.CSS(`form[action="/account/tokens"] button`)))
	if tok := b.text("#new-token"); !strings.HasPrefix(tok, "setu_") {
		t.Errorf("new token: got %q, want setu_…", tok)
	}

	b.follow("users page", chromedp.Click(chromedp.CSS(`header nav a[href="/admin/users"]`)))
	b.wantText("#users", pageAdminEmail)

	b.follow("sign out", chromedp.Click(chromedp.CSS("form.signout button")))
	b.wantText(`header nav a[href="/login"]`, "Sign in")
	b.checkConsole("status of 401") // the wrong password's answer
}
