package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// Users of newIntroPageServer besides partnerMemberEmail (in-dhruvika).
const (
	nagoyaMemberEmail  = "kenji@nagoya.example" // member of jp-nagoya, the counterpart
	hsinchuMemberEmail = "mei@hsinchu.example"  // member of tw-hsinchu, not a party
	introAdminEmail    = "council@setu.example" // the secretariat
	nagoyaContactEmail = "partners@nagoya.example"
)

// newIntroPageServer is a server over the partner organisations with a
// member of each, a secretariat user and a contact for jp-nagoya.
func newIntroPageServer(t *testing.T) (*Server, *store.Store) {
	t.Helper()
	st := storetest.MustOpenSQLite(t)
	ctx := context.Background()
	for _, o := range partnerOrgs() {
		if err := st.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	newTestUser(t, st, partnerMemberEmail, auth.Member, []string{"in-dhruvika"}, "")
	newTestUser(t, st, nagoyaMemberEmail, auth.Member, []string{"jp-nagoya"}, "")
	newTestUser(t, st, hsinchuMemberEmail, auth.Member, []string{"tw-hsinchu"}, "")
	newTestUser(t, st, introAdminEmail, auth.Secretariat, nil, "")
	if err := st.SetOrganisationContact(ctx, "jp-nagoya", &store.Contact{Name: "Kenji Sato", Email: nagoyaContactEmail}); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// signedIn returns a cookie-keeping client signed in as email.
func signedIn(t *testing.T, srv *httptest.Server, email string) *browser {
	t.Helper()
	b := newBrowser(t, srv)
	if res, body := b.login(email, testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: got %d\n%s", email, res.StatusCode, body)
	}
	return b
}

var introIDRe = regexp.MustCompile(`^/introductions/(intro-[^?]+)\?requested=1$`)

// TestIntroductionPages walks an introduction through the pages' forms:
// request from the free search, the counterpart's inbox, a bad and a good
// answer, the staged contact, who may not see or answer it, and the
// secretariat's conversion into a ledger project.
func TestIntroductionPages(t *testing.T) {
	s, st := newIntroPageServer(t)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	asha := signedIn(t, srv, partnerMemberEmail)
	search := "/partners?" + url.Values{"needs": {"28 nm multi-project wafer shuttle"}, "home": {"IN"}}.Encode()
	res, body := asha.do("GET", search, "", "", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search: got %d", res.StatusCode)
	}
	mustContain(t, "search", body, `id="partner-jp-nagoya"`, `action="/introductions"`, `<option value="in-dhruvika">Dhruvika Silicon</option>`)
	csrf := csrfRe.FindStringSubmatch(body)[1]

	res, body = asha.post("/introductions", url.Values{"csrf": {csrf}, "from": {"tw-hsinchu"}, "to": {"jp-nagoya"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("request for another's organisation: got %d, want 403", res.StatusCode)
	}
	res, body = asha.post("/introductions", url.Values{"csrf": {csrf}, "from": {"in-dhruvika"}, "to": {"jp-nagoya"}, "purpose": {"fun"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "purpose") {
		t.Errorf("bad purpose: got %d, want 422 naming purpose", res.StatusCode)
	}
	res, _ = asha.post("/introductions", url.Values{"from": {"in-dhruvika"}, "to": {"jp-nagoya"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("request without CSRF: got %d, want 403", res.StatusCode)
	}
	res, body = asha.post("/introductions", url.Values{"csrf": {csrf}, "from": {"in-dhruvika"}, "to": {"jp-nagoya"},
		"purpose": {"research"}, "message": {"Could we use your 28 nm shuttle?"}})
	m := introIDRe.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("request: got %d to %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	id := m[1]
	page := "/introductions/" + id

	_, body = asha.do("GET", page+"?requested=1", "", "", nil)
	mustContain(t, "requester, requested", body, `id="intro-requested"`, "Could we use your 28 nm shuttle?", `id="contact-pending"`, "<strong>requested</strong> by "+partnerMemberEmail)
	if strings.Contains(body, nagoyaContactEmail) || strings.Contains(body, `id="accept-form"`) {
		t.Error("requester sees the contact or the answer forms before acceptance")
	}
	_, body = asha.do("GET", "/introductions", "", "", nil)
	mustContain(t, "requester inbox", body, `id="intros-sent"`, `href="/introductions/`+id+`"`)
	res, _ = asha.post(page+"/accept", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("requester accepts: got %d, want 403", res.StatusCode)
	}

	mei := signedIn(t, srv, hsinchuMemberEmail)
	if res, _ := mei.do("GET", page, "", "", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member opens it: got %d, want 403", res.StatusCode)
	}
	if res, _ := newBrowser(t, srv).do("GET", page, "", "", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the public opens it: got %d, want 303 to sign in", res.StatusCode)
	}

	kenji := signedIn(t, srv, nagoyaMemberEmail)
	_, body = kenji.do("GET", "/introductions", "", "", nil)
	mustContain(t, "counterpart inbox", body, `id="intros-received"`, `href="/introductions/`+id+`"`)
	_, body = kenji.do("GET", page, "", "", nil)
	mustContain(t, "counterpart", body, `id="accept-form"`, `id="decline-form"`)
	kcsrf := csrfRe.FindStringSubmatch(body)[1]
	res, body = kenji.post(page+"/decline", url.Values{"csrf": {kcsrf}, "reason": {strings.Repeat("x", 4001)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>reason</strong>") {
		t.Errorf("long reason: got %d, want 422 naming reason", res.StatusCode)
	}
	if res, _ = kenji.post(page+"/accept", url.Values{"csrf": {kcsrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: got %d, want 303", res.StatusCode)
	}
	if res, _ = kenji.post(page+"/accept", url.Values{"csrf": {kcsrf}}); res.StatusCode != http.StatusConflict {
		t.Errorf("accept twice: got %d, want 409", res.StatusCode)
	}

	_, body = asha.do("GET", page, "", "", nil)
	mustContain(t, "requester, accepted", body, `id="intro-status">accepted<`, nagoyaContactEmail, "<strong>accepted</strong> by "+nagoyaMemberEmail)
	if strings.Contains(body, `id="convert-form"`) {
		t.Error("a member sees the convert form")
	}
	if res, _ = asha.post(page+"/convert", url.Values{"csrf": {csrf}, "id": {"XI-SETU-X"}, "reporting_org": {"XI-SETU"}, "title": {"X"}, "status": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("member converts: got %d, want 403", res.StatusCode)
	}

	council := signedIn(t, srv, introAdminEmail)
	_, body = council.do("GET", "/introductions", "", "", nil)
	mustContain(t, "secretariat inbox", body, `id="intros-all"`, `href="/introductions/`+id+`"`)
	_, body = council.do("GET", page, "", "", nil)
	mustContain(t, "secretariat", body, `id="convert-form"`, `value="XI-SETU"`, `value="IN, JP"`)
	ccsrf := csrfRe.FindStringSubmatch(body)[1]
	project := "XI-SETU-" + strings.ToUpper(id)
	for _, bad := range []struct {
		name, field string
		form        url.Values
	}{
		{"status", "status", url.Values{"id": {project}, "reporting_org": {"XI-SETU"}, "title": {"T"}, "status": {"9"}}},
		{"id", "id", url.Values{"id": {"XX-OTHER-1"}, "reporting_org": {"XI-SETU"}, "title": {"T"}, "status": {"1"}}},
	} {
		bad.form.Set("csrf", ccsrf)
		res, body := council.post(page+"/convert", bad.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>"+bad.field+"</strong>") {
			t.Errorf("convert with bad %s: got %d, want 422 naming %s", bad.name, res.StatusCode, bad.field)
		}
	}
	res, body = council.post(page+"/convert", url.Values{"csrf": {ccsrf}, "id": {project}, "reporting_org": {"XI-SETU"},
		"title": {"Shuttle access for Dhruvika"}, "countries": {"in, jp"}, "status": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("convert: got %d\n%s", res.StatusCode, body)
	}
	p, err := st.Project(context.Background(), project)
	if err != nil {
		t.Fatalf("project: %v", err)
	}
	if len(p.Participants) != 2 || p.Title != "Shuttle access for Dhruvika" {
		t.Errorf("project: got %+v, want both organisations as participants", p)
	}
	_, body = asha.do("GET", page, "", "", nil)
	mustContain(t, "converted", body, `id="intro-status">converted<`, `id="intro-project"`, project)

	// The public sees the figures and no names.
	code, _, body := getPage(t, s, "/introductions")
	if code != http.StatusOK {
		t.Fatalf("public figures: got %d", code)
	}
	mustContain(t, "public figures", body, `id="intro-figures"`, `<th scope="row">IN-JP</th><td>1</td><td>1</td><td>0</td><td>1</td>`, "Semiconductor")
	if strings.Contains(body, "Dhruvika") || strings.Contains(body, "Nagoya") {
		t.Error("the public figures name an organisation")
	}
}

func TestPartnerSearchPage(t *testing.T) {
	s := newPartnerPageServer(t)
	tests := []struct {
		name, path string
		status     int
		want       []string
		wantNot    []string
	}{
		{"empty form", "/partners", 200, []string{`id="search-title"`, `name="needs"`}, []string{`class="partner-list"`, `class="empty"`}},
		{"ranked with reasons", "/partners?needs=28+nm+multi-project+wafer+shuttle&home=IN", 200,
			[]string{`id="partner-jp-nagoya"`, `class="reasons"`, "sign in</a> to ask for an introduction"},
			[]string{"Ask for an introduction"}}, // the public may not ask
		{"filtered away", "/partners?needs=28+nm+multi-project+wafer+shuttle&country=TW", 200,
			[]string{"No partners found with these filters"}, []string{`id="partner-jp-nagoya"`}},
		{"no needs", "/partners?needs=&purpose=research", 422, []string{"<strong>needs</strong>"}, nil},
		{"bad filters", "/partners?needs=x&home=XX&kind=pirate&purpose=fun", 422,
			[]string{"<strong>country</strong>", "<strong>kinds</strong>", "<strong>purpose</strong>"}, nil},
		{"unknown parameter", "/partners?nedds=x", 422, nil, nil},
	}
	for _, tc := range tests {
		code, _, body := getPage(t, s, tc.path)
		if code != tc.status {
			t.Errorf("%s: got %d, want %d", tc.name, code, tc.status)
		}
		mustContain(t, tc.name, body, tc.want...)
		for _, w := range tc.wantNot {
			if strings.Contains(body, w) {
				t.Errorf("%s: page has %q", tc.name, w)
			}
		}
	}
	if _, _, body := getPage(t, s, "/"); !strings.Contains(body, `href="/partners"`) {
		t.Error("the nav lacks Find partners")
	}
}
