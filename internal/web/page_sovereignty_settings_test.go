package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
)

const (
	sovereigntyAdminEmail  = "sec@setu.example"
	sovereigntyMemberEmail = "member@iisc.example"
)

// newSovereigntySettingsServer is newSovereigntyServer with a secretariat
// user, a member, and a third project with Japan whose budget (2,000 EUR
// in 2025) has no rate yet. With EUR at 0.5 USD from 2025-01-01, the
// budgets give Japan 1,000 + 1,000 and Korea 3,000: 40% and 60%.
func newSovereigntySettingsServer(t *testing.T) (*Server, *store.Store) {
	t.Helper()
	s, st := newSovereigntyServer(t)
	newTestUser(t, st, sovereigntyAdminEmail, auth.Secretariat, nil, "")
	newTestUser(t, st, sovereigntyMemberEmail, auth.Member, []string{"ror-04dese585"}, "")
	p := &ledger.Project{ID: "XI-SETU-P3", ReportingOrg: "XI-SETU", Title: "Chips P3",
		Participants: []ledger.Participant{{OrgID: "ror-04dese585", Role: ledger.RoleImplementing, Home: true}, {OrgID: "ror-057zh3y96", Role: ledger.RoleFunding}},
		Countries:    []string{"IN"}, Layers: []string{"semiconductor"}, Domains: []string{"chip-design"},
		Status: ledger.StatusImplementation, ActualStart: ledger.MakeDate(2025, 1, 1),
		Budgets: []ledger.Budget{{PeriodStart: ledger.MakeDate(2025, 3, 1), PeriodEnd: ledger.MakeDate(2025, 12, 31), Value: ledger.Amount(200000), Currency: "EUR"}}}
	if err := st.CreateProject(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return s, st
}

// TestSovereigntyRatesPage sets, replaces and removes an exchange rate
// from the page: the forms are the secretariat's, a mistake names its
// field, a change is audited and moves the figures.
func TestSovereigntyRatesPage(t *testing.T) {
	s, st := newSovereigntySettingsServer(t)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	res, body := newBrowser(t, srv).do("GET", "/sovereignty/rates", "", "", nil)
	if res.StatusCode != http.StatusOK || strings.Contains(body, `id="rate-form"`) || strings.Contains(body, "/delete") {
		t.Errorf("the public's rates page: got %d, with the forms: %v", res.StatusCode, strings.Contains(body, `id="rate-form"`))
	}
	member := signedIn(t, srv, sovereigntyMemberEmail)
	_, body = member.do("GET", "/sovereignty/rates", "", "", nil)
	if strings.Contains(body, `id="rate-form"`) {
		t.Error("a member gets the rate form")
	}
	mcsrf := csrfRe.FindStringSubmatch(body)[1] // the sign-out form's
	if res, _ := member.post("/sovereignty/rates", url.Values{"csrf": {mcsrf}, "currency": {"EUR"}, "date": {"2025-01-01"}, "rate": {"0.5"}, "source": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member sets a rate: got %d, want 403", res.StatusCode)
	}

	_, body = newBrowser(t, srv).do("GET", "/sovereignty/IN?source=budgets", "", "", nil)
	mustContain(t, "figures before the rate", body, `id="unconverted"`, "2000.00 EUR not converted", "South Korea 75.0%, Japan 25.0%")

	admin := signedIn(t, srv, sovereigntyAdminEmail)
	_, body = admin.do("GET", "/sovereignty/rates", "", "", nil)
	mustContain(t, "secretariat's rates page", body, `id="rate-form"`)
	csrf := csrfRe.FindStringSubmatch(body)[1]
	for _, tt := range []struct {
		name   string
		form   url.Values
		fields []string
	}{
		{"rate not a number", url.Values{"currency": {"EUR"}, "date": {"2025-01-01"}, "rate": {"half"}, "source": {"ECB"}}, []string{"rate"}},
		{"bad currency and date", url.Values{"currency": {"EU"}, "date": {"2025-13-01"}, "rate": {"0.5"}, "source": {"ECB"}}, []string{"currency", "date"}},
		{"no source, rate 0", url.Values{"currency": {"EUR"}, "date": {"2025-01-01"}, "rate": {"0"}}, []string{"rate", "source"}},
		{"the base currency", url.Values{"currency": {"usd"}, "date": {"2025-01-01"}, "rate": {"1"}, "source": {"ECB"}}, []string{"currency"}},
	} {
		tt.form.Set("csrf", csrf)
		res, body := admin.post("/sovereignty/rates", tt.form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: got %d, want 422", tt.name, res.StatusCode)
		}
		for _, f := range tt.fields {
			if !strings.Contains(body, "<strong>"+f+"</strong>") {
				t.Errorf("%s: the page does not name %s", tt.name, f)
			}
		}
		if !strings.Contains(body, `id="rate-currency" name="currency" required maxlength="3" value="`+tt.form.Get("currency")+`"`) {
			t.Errorf("%s: the form lost the currency posted", tt.name)
		}
	}
	if res, _ := admin.post("/sovereignty/rates", url.Values{"currency": {"EUR"}, "date": {"2025-01-01"}, "rate": {"0.5"}, "source": {"ECB"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("without the CSRF token: got %d, want 403", res.StatusCode)
	}
	res, _ = admin.post("/sovereignty/rates", url.Values{"csrf": {csrf}, "currency": {"eur"}, "date": {"2025-01-01"}, "rate": {"0.4"}, "source": {"ECB reference rate"}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/sovereignty/rates?set=EUR-2025-01-01" {
		t.Fatalf("set a rate: got %d to %q, want 303 to /sovereignty/rates?set=EUR-2025-01-01", res.StatusCode, loc)
	}
	_, body = admin.do("GET", "/sovereignty/rates?set=EUR-2025-01-01", "", "", nil)
	mustContain(t, "rates after setting one", body, "Set the rate of EUR on 2025-01-01.", `<tr id="rate-EUR-2025-01-01"><th scope="row">EUR</th><td>2025-01-01</td><td>0.4</td><td>ECB reference rate</td>`,
		`action="/sovereignty/rates/EUR-2025-01-01/delete"`)
	_, body = admin.do("GET", "/sovereignty/rates?currency=EUR&date=2025-01-01", "", "", nil)
	mustContain(t, "the replace link's form", body, `value="0.4"`, `value="ECB reference rate"`)
	if res, _ := admin.post("/sovereignty/rates", url.Values{"csrf": {csrf}, "currency": {"EUR"}, "date": {"2025-01-01"}, "rate": {"0.5"}, "source": {"ECB reference rate"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("replace the rate: got %d", res.StatusCode)
	}
	_, body = newBrowser(t, srv).do("GET", "/sovereignty/IN?source=budgets", "", "", nil)
	mustContain(t, "figures with the rate", body, "South Korea 60.0%, Japan 40.0%")
	if strings.Contains(body, `id="unconverted"`) {
		t.Error("the EUR budget is still not converted")
	}

	if res, _ := member.post("/sovereignty/rates/EUR-2025-01-01/delete", url.Values{"csrf": {mcsrf}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member removes a rate: got %d, want 403", res.StatusCode)
	}
	res, _ = admin.post("/sovereignty/rates/EUR-2025-01-01/delete", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/sovereignty/rates?removed=EUR-2025-01-01" {
		t.Errorf("remove: got %d to %q", res.StatusCode, loc)
	}
	if res, _ := admin.post("/sovereignty/rates/EUR-2025-01-01/delete", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("remove again: got %d, want 404", res.StatusCode)
	}
	log, err := st.AuditLog(context.Background(), store.AuditQuery{EntityType: store.AuditExchangeRate, EntityID: "EUR@2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
		if e.Actor == "" {
			t.Errorf("audit entry %d has no actor", e.Seq)
		}
	}
	if got := strings.Join(actions, ","); got != "put,put,delete" {
		t.Errorf("audit trail: got %s, want put,put,delete", got)
	}
}

// TestSovereigntyGroupsPage creates, changes and deletes partner groups
// from the page.
func TestSovereigntyGroupsPage(t *testing.T) {
	s, st := newSovereigntySettingsServer(t)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	res, body := newBrowser(t, srv).do("GET", "/sovereignty/groups", "", "", nil)
	if res.StatusCode != http.StatusOK || strings.Contains(body, `id="group-new"`) || strings.Contains(body, `id="group-form-`) {
		t.Errorf("the public's groups page: got %d or the forms", res.StatusCode)
	}
	mustContain(t, "public groups page", body, `<tr id="group-china"><th scope="row">China</th><td><code>china</code></td><td>China</td>`)
	member := signedIn(t, srv, sovereigntyMemberEmail)
	_, body = member.do("GET", "/sovereignty/groups", "", "", nil)
	if strings.Contains(body, `id="group-new"`) {
		t.Error("a member gets the new-group form")
	}
	mcsrf := csrfRe.FindStringSubmatch(body)[1]
	for _, path := range []string{"/sovereignty/groups", "/sovereignty/groups/china", "/sovereignty/groups/china/delete"} {
		if res, _ := member.post(path, url.Values{"csrf": {mcsrf}, "code": {"korea"}, "label": {"Korea"}, "countries": {"KR"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a member posts %s: got %d, want 403", path, res.StatusCode)
		}
	}

	admin := signedIn(t, srv, sovereigntyAdminEmail)
	_, body = admin.do("GET", "/sovereignty/groups", "", "", nil)
	mustContain(t, "secretariat's groups page", body, `id="group-new"`, `id="group-form-eastern"`, `id="group-delete-china"`)
	csrf := csrfRe.FindStringSubmatch(body)[1]
	for _, tt := range []struct {
		name  string
		path  string
		form  url.Values
		code  int
		field string
	}{
		{"a code of two letters", "/sovereignty/groups", url.Values{"code": {"kr"}, "label": {"Korea"}, "countries": {"KR"}}, http.StatusUnprocessableEntity, "code"},
		{"no label", "/sovereignty/groups", url.Values{"code": {"korea"}, "countries": {"KR"}}, http.StatusUnprocessableEntity, "label"},
		{"not a country", "/sovereignty/groups", url.Values{"code": {"korea"}, "label": {"Korea"}, "countries": {"Korea"}}, http.StatusUnprocessableEntity, "countries[0]"},
		{"a country of another group", "/sovereignty/groups", url.Values{"code": {"korea"}, "label": {"Korea"}, "countries": {"KR"}}, http.StatusConflict, "countries"},
		{"a code that exists", "/sovereignty/groups", url.Values{"code": {"china"}, "label": {"China"}, "countries": {"CN"}}, http.StatusConflict, "code"},
		{"no countries left", "/sovereignty/groups/china", url.Values{"label": {"China"}, "countries": {" "}}, http.StatusUnprocessableEntity, "countries"},
	} {
		tt.form.Set("csrf", csrf)
		res, body := admin.post(tt.path, tt.form)
		if res.StatusCode != tt.code || !strings.Contains(body, "<strong>"+tt.field+"</strong>") {
			t.Errorf("%s: got %d, want %d naming %s", tt.name, res.StatusCode, tt.code, tt.field)
		}
		if tt.path == "/sovereignty/groups" && !strings.Contains(body, `name="label" required maxlength="80" value="`+tt.form.Get("label")+`"`) {
			t.Errorf("%s: the new-group form lost the label posted", tt.name)
		}
	}
	if res, _ := admin.post("/sovereignty/groups/atlantis", url.Values{"csrf": {csrf}, "label": {"Atlantis"}, "countries": {"AQ"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("change a group that does not exist: got %d, want 404", res.StatusCode)
	}

	// Korea moves from the eastern partners to a group of its own, and
	// China's group is renamed.
	gs, err := st.PartnerGroups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var eastern []string
	for _, c := range gs[0].Countries {
		if c != "KR" {
			eastern = append(eastern, c)
		}
	}
	res, _ = admin.post("/sovereignty/groups/eastern", url.Values{"csrf": {csrf}, "label": {"Eastern partners"}, "countries": {strings.Join(eastern, ", ")}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/sovereignty/groups?saved=eastern" {
		t.Fatalf("take Korea out of the eastern partners: got %d to %q", res.StatusCode, loc)
	}
	if res, _ := admin.post("/sovereignty/groups", url.Values{"csrf": {csrf}, "code": {"korea"}, "label": {"Korea"}, "countries": {"kr"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create korea: got %d", res.StatusCode)
	}
	if res, _ := admin.post("/sovereignty/groups/china", url.Values{"csrf": {csrf}, "label": {"China and Hong Kong"}, "countries": {"CN HK"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename china: got %d", res.StatusCode)
	}
	_, body = admin.do("GET", "/sovereignty/groups?saved=china", "", "", nil)
	mustContain(t, "groups after the changes", body, "Saved the group china.", `<tr id="group-korea"><th scope="row">Korea</th>`,
		`<th scope="row">China and Hong Kong</th><td><code>china</code></td><td>China, Hong Kong</td>`)
	_, body = newBrowser(t, srv).do("GET", "/sovereignty/IN", "", "", nil)
	mustContain(t, "sovereignty page with the new group", body, "<td>Korea 54.2%, Eastern partners 45.8%</td>", `<option value="korea">Group: Korea</option>`,
		"<li><strong>Korea</strong>: South Korea</li>")

	res, _ = admin.post("/sovereignty/groups/korea/delete", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/sovereignty/groups?removed=korea" {
		t.Errorf("delete korea: got %d to %q", res.StatusCode, loc)
	}
	if res, _ := admin.post("/sovereignty/groups/korea/delete", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete korea again: got %d, want 404", res.StatusCode)
	}
	log, err := st.AuditLog(context.Background(), store.AuditQuery{EntityType: store.AuditPartnerGroup, EntityID: "korea"})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "put" || log[1].Action != "delete" {
		t.Errorf("audit trail of korea: got %d entries, want put and delete", len(log))
	}
}
