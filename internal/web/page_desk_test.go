package web

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

const (
	deskAdminEmail    = "desk@setu.example"
	deskInvestorEmail = "investor@kumamoto.example"
	deskOtherEmail    = "other@icheon.example"
)

// newDeskPageServer is a server with two investors, a member of each, a
// desk officer, a lead of jp-fab with an overdue next action, and two
// barriers on it: one past its target, one not.
func newDeskPageServer(t *testing.T) (*Server, *store.Store, *desk.Lead, []*desk.Barrier) {
	t.Helper()
	st := storetest.MustOpenSQLite(t)
	ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-seed", Role: auth.Secretariat})
	for _, o := range []*registry.Organisation{
		{ID: "jp-fab", Name: "Kumamoto Fab Partners", Kind: "company", Country: "JP"},
		{ID: "kr-mem", Name: "Icheon Memory", Kind: "company", Country: "KR"},
	} {
		if err := st.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	newTestUser(t, st, deskAdminEmail, auth.Secretariat, nil, "")
	newTestUser(t, st, deskInvestorEmail, auth.Member, []string{"jp-fab"}, "")
	newTestUser(t, st, deskOtherEmail, auth.Member, []string{"kr-mem"}, "")
	l := &desk.Lead{Investor: "jp-fab", OriginCountry: "JP", Segment: "chip-fabrication", Layers: []string{"semiconductor"},
		Amount: 3_000_000_000, Currency: "USD", Location: "Dholera", Officer: "officer@desk.example",
		NextAction: "Send the land offer", NextActionDue: "2020-01-15", Notes: "Board meets in May"}
	if err := st.CreateLead(ctx, l); err != nil {
		t.Fatal(err)
	}
	past := &desk.Barrier{LeadID: l.ID, Category: "land-acquisition", Jurisdiction: "Gujarat", Description: "Plot not released", Agency: "GIDC"}
	soon := &desk.Barrier{LeadID: l.ID, Category: "visas-work-permits", Jurisdiction: "national", Description: "Engineer visas", Agency: "MHA"}
	if err := st.OpenBarrier(ctx, soon); err != nil {
		t.Fatal(err)
	}
	// The land barrier opened 100 days ago: past its 60-day target.
	st.SetClock(func() time.Time { return time.Now().UTC().Add(-100 * 24 * time.Hour) })
	if err := st.OpenBarrier(ctx, past); err != nil {
		t.Fatal(err)
	}
	st.SetClock(func() time.Time { return time.Now().UTC() })
	s, err := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s, st, l, []*desk.Barrier{past, soon}
}

// TestDeskPages walks the desk's pages: who sees the pipeline, the queue
// in order of urgency, the lead's history, the stage form with a bad and a
// good change, and the public statistics with their charts.
func TestDeskPages(t *testing.T) {
	s, _, l, bs := newDeskPageServer(t)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	if res, _ := newBrowser(t, srv).do("GET", "/desk", "", "", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the public opens the pipeline: got %d, want 303 to sign in", res.StatusCode)
	}
	admin := signedIn(t, srv, deskAdminEmail)
	_, body := admin.do("GET", "/desk", "", "", nil)
	mustContain(t, "pipeline", body, `id="stage-prospect"`, `id="lead-`+l.ID+`"`, "Kumamoto Fab Partners", "(overdue)", `id="stage-operational"`)

	_, body = admin.do("GET", "/desk/barriers", "", "", nil)
	mustContain(t, "queue", body, `id="barrier-queue"`, "days past target", `action="/desk/barriers/`+bs[0].ID+`/resolve"`)
	if strings.Index(body, `id="`+bs[0].ID+`"`) > strings.Index(body, `id="`+bs[1].ID+`"`) {
		t.Error("queue: the barrier past its target is not first")
	}
	csrf := csrfRe.FindStringSubmatch(body)[1]
	res, _ := admin.post("/desk/barriers/"+bs[0].ID+"/escalate", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("escalate: got %d", res.StatusCode)
	}
	_, body = admin.do("GET", "/desk/barriers", "", "", nil)
	mustContain(t, "queue after escalation", body, `class="level-ministry"`)
	_, body = admin.do("GET", "/desk/leads/"+l.ID, "", "", nil)
	mustContain(t, "escalation on the lead page", body, `class="barrier-events"`, "escalated (level 1)")
	res, _ = admin.post("/desk/targets", url.Values{"csrf": {csrf}, "category": {"logistics"}, "days": {"0"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("target of 0 days: got %d, want 422", res.StatusCode)
	}
	if res, _ = admin.post("/desk/targets", url.Values{"csrf": {csrf}, "category": {"logistics"}, "days": {"10"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("set target: got %d", res.StatusCode)
	}
	_, body = admin.do("GET", "/desk/barriers", "", "", nil)
	mustContain(t, "targets", body, `id="days-logistics" name="days" type="number" min="1" max="730" value="10"`)
	res, _ = admin.post("/desk/barriers/"+bs[1].ID+"/resolve", url.Values{"csrf": {csrf}, "resolution": {"Visas issued"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("resolve: got %d", res.StatusCode)
	}

	page := "/desk/leads/" + l.ID
	_, body = admin.do("GET", page, "", "", nil)
	mustContain(t, "lead", body, `id="lead-history"`, `id="stage-form"`, "Board meets in May", "Visas issued", "(overdue)")
	res, body = admin.post(page+"/stage", url.Values{"csrf": {csrf}, "stage": {"lost"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>lost_reason</strong>") {
		t.Errorf("lost without reason: got %d, want 422 naming lost_reason", res.StatusCode)
	}
	res, _ = admin.post(page+"/stage", url.Values{"csrf": {csrf}, "stage": {"engaged"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("engaged: got %d", res.StatusCode)
	}
	_, body = admin.do("GET", page, "", "", nil)
	mustContain(t, "lead after the change", body, `<dd id="lead-stage">Engaged</dd>`, "<th scope=\"row\">Prospect</th>", deskAdminEmail)

	res, body = admin.post("/desk/leads", url.Values{"csrf": {csrf}, "investor": {"kr-mem"}, "origin_country": {"XX"}, "segment": {"memory"}, "amount": {"lots"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>amount</strong>") || !strings.Contains(body, `value="kr-mem"`) {
		t.Errorf("new lead with a bad amount: got %d, want 422 naming amount, the values kept", res.StatusCode)
	}
	res, body = admin.post("/desk/leads", url.Values{"csrf": {csrf}, "investor": {"kr-mem"}, "origin_country": {"XX"}, "destination_country": {"India"}, "segment": {"memory"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>origin_country</strong>") || !strings.Contains(body, "<strong>destination_country</strong>") {
		t.Errorf("new lead from nowhere to nowhere: got %d, want 422 naming origin_country and destination_country", res.StatusCode)
	}
	res, _ = admin.post("/desk/leads", url.Values{"csrf": {csrf}, "investor": {"kr-mem"}, "origin_country": {"kr"}, "destination_country": {"in"}, "segment": {"memory"},
		"amount": {"500000000"}, "currency": {"usd"}, "next_action": {"Call"}, "next_action_due": {"2030-01-01"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/desk/leads/lead-") {
		t.Fatalf("new lead: got %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = admin.do("GET", res.Header.Get("Location"), "", "", nil)
	mustContain(t, "new lead", body, "Icheon Memory", "USD 500000000", `<dd id="lead-stage">Prospect</dd>`, `<dt>Destination</dt><dd id="lead-destination">India</dd>`)

	res, body = admin.post(page, url.Values{"csrf": {csrf}, "origin_country": {"JP"}, "segment": {"memory"}, "officer": {"not an address"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>officer</strong>") {
		t.Errorf("edit with a bad officer: got %d, want 422 naming officer", res.StatusCode)
	}
	res, _ = admin.post(page, url.Values{"csrf": {csrf}, "origin_country": {"JP"}, "segment": {"chip-fabrication"}, "layers": {"semiconductor"},
		"next_action": {"Sign the memorandum"}, "next_action_due": {"2031-05-01"}, "notes": {"Board meets in May"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("edit: got %d", res.StatusCode)
	}
	_, body = admin.do("GET", page, "", "", nil)
	mustContain(t, "lead after the edit", body, "Sign the memorandum", `datetime="2031-05-01"`)

	investor := signedIn(t, srv, deskInvestorEmail)
	_, body = investor.do("GET", page, "", "", nil)
	mustContain(t, "investor's lead", body, "Board meets in May", `id="barrier-form"`)
	icsrf := csrfRe.FindStringSubmatch(body)[1]
	res, body = investor.post(page+"/barriers", url.Values{"csrf": {icsrf}, "category": {"utilities"}, "jurisdiction": {"Gujarat"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>description</strong>") {
		t.Errorf("barrier without a description: got %d, want 422 naming description", res.StatusCode)
	}
	res, _ = investor.post(page+"/barriers", url.Values{"csrf": {icsrf}, "category": {"utilities"}, "jurisdiction": {"Gujarat"},
		"agency": {"GUVNL"}, "description": {"No 66 kV line to the plot"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("investor reports a barrier: got %d", res.StatusCode)
	}
	_, body = investor.do("GET", page, "", "", nil)
	mustContain(t, "investor's lead after reporting", body, "No 66 kV line to the plot")
	if strings.Contains(body, `id="stage-form"`) {
		t.Error("the investor gets the stage form")
	}
	if res, _ := investor.post(page+"/stage", url.Values{"csrf": {csrfRe.FindStringSubmatch(body)[1]}, "stage": {"memorandum"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("investor changes the stage: got %d, want 403", res.StatusCode)
	}
	_, body = investor.do("GET", "/desk", "", "", nil)
	mustContain(t, "investor's pipeline", body, `id="lead-`+l.ID+`"`)
	other := signedIn(t, srv, deskOtherEmail)
	if res, _ := other.post(page+"/barriers", url.Values{"csrf": {icsrf}, "category": {"other"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member reports on the lead: got %d, want 403", res.StatusCode)
	}
	if res, _ := other.do("GET", page, "", "", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member opens the lead: got %d, want 403", res.StatusCode)
	}
	_, body = other.do("GET", "/desk", "", "", nil)
	if strings.Contains(body, l.ID) {
		t.Error("another member's pipeline shows the lead")
	}

	res, body = newBrowser(t, srv).do("GET", "/desk/statistics", "", "", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("statistics: got %d", res.StatusCode)
	}
	mustContain(t, "statistics", body, `id="dstats-totals"`, `<svg`, `role="img"`, `<title id="chart-stages-t">Leads by stage</title>`,
		"Visas and work permits", "Japan", `id="dstats-jurisdiction"`)
	for _, secret := range []string{"Kumamoto", "Board meets", "officer@desk.example", "GIDC", "Plot not released", l.ID} {
		if strings.Contains(body, secret) {
			t.Errorf("public statistics page discloses %q", secret)
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(body, -1) {
		if err := xml.Unmarshal([]byte(m), new(struct{})); err != nil {
			t.Errorf("chart is not well-formed XML: %v", err)
		}
	}
}

func TestBarChart(t *testing.T) {
	svg := string(barChart("c", "A <title>", "Desc & more", []bar{{Label: "One", Value: 2, Text: "2", Marker: 4}, {Label: "Two", Value: 0, Text: "0"}}, 0))
	for _, want := range []string{`aria-labelledby="c-t c-d"`, `<title id="c-t">A &lt;title&gt;</title>`, `Desc &amp; more`, `width="180.0"`, `<line x1="590.0"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("got %s, want %q", svg, want)
		}
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
		t.Error("chart uses style attributes or script")
	}
}
