package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// sovereigntyMatrixIDs are the records the role matrix writes.
var sovereigntyMatrixIDs = map[string]string{"exchange-rates": "JPY-2024-01-01", "partner-groups": "china",
	"rates": "JPY-2024-01-01", "groups": "china"} // the pages' forms: /sovereignty/rates/{id}/delete, /sovereignty/groups/{id}

// sovereigntyMatrixBody is a valid body for each sovereignty write route.
func sovereigntyMatrixBody(route string) (string, string) {
	const form = "application/x-www-form-urlencoded"
	switch route {
	case "POST /sovereignty/rates":
		return form, "currency=JPY&date=2024-01-01&rate=0.0068&source=matrix"
	case "POST /sovereignty/rates/{id}/delete", "POST /sovereignty/groups/{id}/delete":
		return form, ""
	case "POST /sovereignty/groups":
		return form, "code=south-asia&label=South+Asia&countries=BD+LK+NP"
	case "POST /sovereignty/groups/{id}":
		return form, "label=China+and+Hong+Kong&countries=CN%2C+HK"
	}
	if strings.Contains(route, "exchange-rates") {
		return "application/json", `{"rate":0.0068,"source":"matrix"}`
	}
	return "application/json", `{"label":"China and Hong Kong","countries":["CN","HK"]}`
}

// seedSovereigntyMatrix stores the rate the matrix deletes.
func seedSovereigntyMatrix(t *testing.T, st *store.Store, route string) {
	if !strings.Contains(route, "exchange-rates") && !strings.Contains(route, "/sovereignty/rates/") {
		return
	}
	if err := st.PutExchangeRate(context.Background(), sovereignty.Rate{Currency: "JPY", Date: "2024-01-01", Rate: 0.007, Source: "seed"}); err != nil {
		t.Fatal(err)
	}
}

// newSovereigntyServer returns an API server whose ledger has India's
// semiconductor cooperation: P1 with Japan (1,000 USD), P2 with Korea
// (3,000 USD), both in 2025; and a Taiwanese organisation that offers
// the layer.
//
//	projects: JP 0.5, KR 0.5 (HHI 5000)   budgets: JP 0.25, KR 0.75 (HHI 6250)
//	combined: JP 0.375, KR 0.625 (HHI 1406.25 + 3906.25 = 5312.5 -> 5313)
func newSovereigntyServer(t *testing.T) (*Server, *store.Store) {
	t.Helper()
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	ctx := context.Background()
	tw := &registry.Organisation{ID: "org-tw-fab", Name: "Hsinchu Fab", Kind: "company", Country: "TW",
		Capabilities: []registry.Capability{{Direction: registry.Offer, Layer: "semiconductor", Domain: "chip-design", Text: "Foundry"}}}
	if err := st.CreateOrganisation(ctx, tw); err != nil {
		t.Fatal(err)
	}
	for i, partner := range []string{"ror-057zh3y96", "ror-05apxxy63"} {
		id := []string{"P1", "P2"}[i]
		p := &ledger.Project{ID: "XI-SETU-" + id, ReportingOrg: "XI-SETU", Title: "Chips " + id,
			Participants: []ledger.Participant{{OrgID: "ror-04dese585", Role: ledger.RoleImplementing, Home: true}, {OrgID: partner, Role: ledger.RoleFunding}},
			Countries:    []string{"IN"}, Layers: []string{"semiconductor"}, Domains: []string{"chip-design"},
			Status: ledger.StatusImplementation, ActualStart: ledger.MakeDate(2025, 1, 1),
			Budgets: []ledger.Budget{{PeriodStart: ledger.MakeDate(2025, 1, 1), PeriodEnd: ledger.MakeDate(2025, 12, 31), Value: ledger.Amount(100000 * (2*i + 1)), Currency: "USD"}}}
		if err := st.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	return s, st
}

func TestSovereigntyAPI(t *testing.T) {
	s, _ := newSovereigntyServer(t)
	res := call(t, s, "GET", "/api/v1/sovereignty?home=in", "", "")
	if res.code != http.StatusOK {
		t.Fatalf("got %d: %s", res.code, res.body)
	}
	var v struct {
		Home     string `json:"home"`
		HomeName string `json:"home_name"`
		sovereignty.Figures
	}
	res.decode(t, &v)
	semi, _ := v.Layer("semiconductor")
	want := map[string]int{sovereignty.SourceProjects: 5000, sovereignty.SourceBudgets: 6250, sovereignty.SourceOutputs: 0, sovereignty.Combined: 5313}
	for source, hhi := range want {
		if c, _ := semi.Of(source); c.HHI != hhi {
			t.Errorf("%s: got HHI %d, want %d", source, c.HHI, hhi)
		}
	}
	if v.Home != "IN" || v.HomeName != "India" || len(v.Flags) != 6 {
		t.Errorf("got home %q %q and %d flags, want IN, India and 6 (a partner above 40%% and an index above 2,500 in each source)", v.Home, v.HomeName, len(v.Flags))
	}

	res = call(t, s, "GET", "/api/v1/sovereignty?source=budgets&year=2025", "", "")
	var one sovereignty.Figures
	res.decode(t, &one)
	if l, _ := one.Layer("semiconductor"); res.code != http.StatusOK || len(l.Sources) != 1 || l.Sources[0].Source != "budgets" || l.Sources[0].Total != 4000 {
		t.Errorf("source=budgets: got %d %+v", res.code, l)
	}

	res = call(t, s, "GET", "/api/v1/sovereignty?home=IN&format=csv", "", "")
	body := string(res.body)
	if res.code != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(body, "home,year,layer,source,partner,partner_name,group,weight,share,layer_hhi\n") ||
		!strings.Contains(body, "IN,,semiconductor,budgets,KR,South Korea,eastern,3000,0.7500,6250\n") ||
		!strings.Contains(body, "IN,,semiconductor,combined,JP,Japan,eastern,0.375,0.3750,5313\n") {
		t.Errorf("CSV: got %d %q\n%s", res.code, res.header.Get("Content-Type"), body)
	}
	res = call(t, s, "GET", "/api/v1/sovereignty?format=csv&table=trend", "", "")
	if !strings.Contains(string(res.body), "IN,2025,semiconductor,combined,5313,KR,0.6250\n") {
		t.Errorf("trend CSV: got\n%s", res.body)
	}

	res = call(t, s, "GET", "/api/v1/sovereignty?home=XX&year=abc&source=rumours&table=zz&format=pdf&colour=red", "", "")
	fields := res.problemFields(t)
	slices.Sort(fields)
	if res.code != http.StatusUnprocessableEntity || !slices.Equal(fields, []string{"colour", "format", "home", "source", "table", "year"}) {
		t.Errorf("bad parameters: got %d %v, want 422 naming each", res.code, fields)
	}
}

func TestSovereigntyStressAPI(t *testing.T) {
	s, _ := newSovereigntyServer(t)
	res := call(t, s, "GET", "/api/v1/sovereignty/stress?home=IN&without=kr", "", "")
	if res.code != http.StatusOK {
		t.Fatalf("got %d: %s", res.code, res.body)
	}
	var st sovereignty.Stress
	res.decode(t, &st)
	for _, l := range st.Layers {
		if l.Layer == "semiconductor" && l.Source == sovereignty.Combined && (l.AtRisk != 0.625 || l.HHIBefore != 5313 || l.HHIAfter != 10000) {
			t.Errorf("semiconductor combined: got %+v, want 0.625 at risk, 5313 -> 10000", l)
		}
	}
	alts := st.Alternatives["semiconductor"]
	if st.Without != "KR" || len(alts) != 1 || alts[0].OrgID != "org-tw-fab" || alts[0].Reason == "" {
		t.Errorf("alternatives: got %+v", alts)
	}
	res = call(t, s, "GET", "/api/v1/sovereignty/stress?without=eastern&format=csv", "", "")
	if !strings.Contains(string(res.body), "IN,eastern,semiconductor,combined,1.0000,5313,0\n") {
		t.Errorf("stress CSV: got\n%s", res.body)
	}
	res = call(t, s, "GET", "/api/v1/sovereignty/stress?without=KR&format=csv&table=alternatives", "", "")
	if !strings.Contains(string(res.body), "IN,KR,semiconductor,1,org-tw-fab,Hsinchu Fab,TW,1,0,") {
		t.Errorf("alternatives CSV: got\n%s", res.body)
	}
	for _, q := range []string{"", "without=IN", "without=atlantis"} {
		res = call(t, s, "GET", "/api/v1/sovereignty/stress?"+q, "", "")
		if f := res.problemFields(t); res.code != http.StatusUnprocessableEntity || !slices.Contains(f, "without") {
			t.Errorf("%q: got %d %v, want 422 naming without", q, res.code, f)
		}
	}
}

func TestSovereigntySettingsAPI(t *testing.T) {
	s, st := newSovereigntyServer(t)
	ctx := context.Background()
	// A KRW budget without a rate is reported, then converted once a rate is set.
	p, err := st.Project(ctx, "XI-SETU-P2")
	if err != nil {
		t.Fatal(err)
	}
	p.Budgets = append(p.Budgets, ledger.Budget{PeriodStart: ledger.MakeDate(2025, 1, 1), PeriodEnd: ledger.MakeDate(2025, 12, 31), Value: 100000000, Currency: "KRW"})
	if err := st.UpdateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	var f sovereignty.Figures
	call(t, s, "GET", "/api/v1/sovereignty", "", "").decode(t, &f)
	if len(f.Unconverted) != 1 || f.Unconverted[0].Currency != "KRW" || f.Unconverted[0].Amount != 1000000 {
		t.Errorf("unconverted: got %+v, want 1,000,000 KRW", f.Unconverted)
	}
	res := call(t, s, "PUT", "/api/v1/exchange-rates/krw-2025-01-01", "application/json", `{"rate":0.0007,"source":"Bank of Korea"}`)
	if res.code != http.StatusOK {
		t.Fatalf("put rate: got %d %s", res.code, res.body)
	}
	call(t, s, "GET", "/api/v1/sovereignty", "", "").decode(t, &f)
	semi, _ := f.Layer("semiconductor")
	if c, _ := semi.Of(sovereignty.SourceBudgets); len(f.Unconverted) != 0 || c.Total != 4700 {
		t.Errorf("after the rate: got unconverted %+v, budgets total %v; want none and 4700", f.Unconverted, c.Total)
	}
	var rates struct {
		Base  string               `json:"base"`
		Rates []store.ExchangeRate `json:"rates"`
	}
	call(t, s, "GET", "/api/v1/exchange-rates", "", "").decode(t, &rates)
	if rates.Base != "USD" || len(rates.Rates) != 1 || rates.Rates[0].Currency != "KRW" || rates.Rates[0].Sample {
		t.Errorf("rates: got %+v", rates)
	}

	bad := []struct {
		method, path, body string
		code               int
		field              string
	}{
		{"PUT", "/api/v1/exchange-rates/KRW-2025-13-01", `{"rate":1,"source":"x"}`, 422, "date"},
		{"PUT", "/api/v1/exchange-rates/KRW", `{"rate":1,"source":"x"}`, 422, "id"},
		{"PUT", "/api/v1/exchange-rates/KRW-2025-01-01", `{"rate":-1,"source":"x"}`, 422, "rate"},
		{"PUT", "/api/v1/exchange-rates/KRW-2025-01-01", `{"currency":"JPY","rate":1,"source":"x"}`, 422, "currency"},
		{"PUT", "/api/v1/partner-groups/quad", `{"label":"Quad","countries":["JP","AU","US"]}`, 409, ""},
		{"PUT", "/api/v1/partner-groups/quad", `{"label":"Quad","countries":["J P"]}`, 422, "countries[0]"},
		{"DELETE", "/api/v1/partner-groups/quad", "", 404, ""},
		{"DELETE", "/api/v1/exchange-rates/EUR-2020-01-01", "", 404, ""},
	}
	for _, tt := range bad {
		res := call(t, s, tt.method, tt.path, "application/json", tt.body)
		if res.code != tt.code {
			t.Errorf("%s %s: got %d, want %d\n%s", tt.method, tt.path, res.code, tt.code, res.body)
			continue
		}
		if tt.field != "" && !slices.Contains(res.problemFields(t), tt.field) {
			t.Errorf("%s %s: got fields %v, want %s", tt.method, tt.path, res.problemFields(t), tt.field)
		}
	}

	// Moving Korea out of the eastern partners changes the group shares.
	res = call(t, s, "PUT", "/api/v1/partner-groups/eastern", "application/json", `{"label":"Eastern partners","countries":["JP","TW","SG"]}`)
	if res.code != http.StatusOK {
		t.Fatalf("put group: got %d %s", res.code, res.body)
	}
	if res := call(t, s, "GET", "/api/v1/sovereignty?format=csv", "", ""); !strings.Contains(string(res.body), "semiconductor,budgets,KR,South Korea,other,") {
		t.Errorf("Korea after leaving its group: got\n%s", res.body)
	}
	if res := call(t, s, "DELETE", "/api/v1/partner-groups/china", "", ""); res.code != http.StatusNoContent {
		t.Errorf("delete group: got %d %s", res.code, res.body)
	}
	var groups struct{ Groups []sovereignty.Group }
	call(t, s, "GET", "/api/v1/partner-groups", "", "").decode(t, &groups)
	if len(groups.Groups) != 2 || groups.Groups[0].Code != "eastern" || len(groups.Groups[0].Countries) != 3 {
		t.Errorf("groups: got %+v", groups.Groups)
	}
	if res := call(t, s, "DELETE", "/api/v1/exchange-rates/KRW-2025-01-01", "", ""); res.code != http.StatusNoContent {
		t.Errorf("delete rate: got %d %s", res.code, res.body)
	}
	entries, err := st.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditPartnerGroup})
	if err != nil || len(entries) != 2 {
		t.Errorf("audit: got %d partner-group entries, want 2", len(entries))
	}
}
