package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/storetest"
)

// partnerMemberEmail is a member of in-dhruvika in newPartnerPageServer.
const partnerMemberEmail = "asha@dhruvika.example"

// newPartnerPageServer returns a server over the partner organisations and
// a member of in-dhruvika.
func newPartnerPageServer(t *testing.T) *Server {
	t.Helper()
	st := storetest.MustOpenSQLite(t)
	for _, o := range partnerOrgs() {
		if err := st.CreateOrganisation(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	newTestUser(t, st, partnerMemberEmail, auth.Member, []string{"in-dhruvika"}, "")
	s, err := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPartnersPage(t *testing.T) {
	s := newPartnerPageServer(t)
	tests := []struct {
		name, path string
		status     int
		want       []string
		wantNot    []string
	}{
		{"ranked with reasons", "/organisations/in-dhruvika/partners", 200,
			[]string{"Find partners for Dhruvika Silicon", `id="partner-jp-nagoya"`, `id="partner-tw-hsinchu"`, "Nagoya Shuttle Lab (research institute, Japan)"},
			[]string{"Ask for an introduction"}}, // the public may not ask
		{"filtered", "/organisations/in-dhruvika/partners?country=TW", 200,
			[]string{`id="partner-tw-hsinchu"`}, []string{`id="partner-jp-nagoya"`}},
		{"bad filter", "/organisations/in-dhruvika/partners?purpose=fun", 422, nil, nil},
		{"unknown organisation", "/organisations/nobody/partners", 404, nil, nil},
	}
	for _, tc := range tests {
		code, _, body := getPage(t, s, tc.path)
		if code != tc.status {
			t.Errorf("%s: got %d, want %d", tc.name, code, tc.status)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tc.name, w)
			}
		}
		for _, w := range tc.wantNot {
			if strings.Contains(body, w) {
				t.Errorf("%s: page has %q", tc.name, w)
			}
		}
	}
	if code, _, body := getPage(t, s, "/organisations/in-dhruvika"); code != http.StatusOK || !strings.Contains(body, `href="/organisations/in-dhruvika/partners"`) {
		t.Errorf("organisation page: got %d, want a link to find partners", code)
	}
}

// TestBrowserPartners finds partners from an organisation's page, filters
// them and, signed in as a member, asks for an introduction: all without
// script.
func TestBrowserPartners(t *testing.T) {
	b := newBrowserTestOn(t, newPartnerPageServer(t), 1280, 900)
	b.open("/organisations/in-dhruvika")
	b.follow("find partners", chromedp.Click(chromedp.CSS("#find-partners")))
	b.wantText("#partners-title", "Find partners for Dhruvika Silicon")
	b.wantText("#partner-jp-nagoya .reasons", "Nagoya Shuttle Lab")
	b.screenshot("partners")

	b.follow("filter by country",
		chromedp.SendKeys(chromedp.CSS("#f-country"), "TW"),
		chromedp.Click(chromedp.CSS("form.filters button")))
	b.wantText(".partner-list", "Hsinchu Assembly")
	if n := eval[int](b, `document.querySelectorAll(".partner").length`); n != 1 {
		t.Errorf("filtered: got %d partners, want 1", n)
	}
	if n := eval[int](b, `document.querySelectorAll("details.intro-request").length`); n != 0 {
		t.Errorf("the public sees %d introduction forms, want none", n)
	}

	b.open("/login?next=" + "/organisations/in-dhruvika/partners")
	b.follow("sign in",
		chromedp.SendKeys(chromedp.CSS("#email"), partnerMemberEmail),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.panel button")))
	b.wantText("#partners-title", "Find partners")
	b.do("open the form", chromedp.Click(chromedp.CSS("#partner-jp-nagoya summary")),
		chromedp.WaitVisible(chromedp.CSS("#msg-jp-nagoya")))
	b.follow("request an introduction",
		chromedp.SendKeys(chromedp.CSS("#msg-jp-nagoya"), "Could we use your 28 nm shuttle?"),
		chromedp.Click(chromedp.CSS(`#partner-jp-nagoya form button`)))
	b.wantText("#intro-requested", "Nagoya Shuttle Lab")
	b.checkConsole()
}
