package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

const (
	deskLeadBody    = `{"investor":"ror-04dese585","origin_country":"JP","destination_country":"in","segment":"memory","layers":["semiconductor"],"amount":900000000,"currency":"USD","location":"Sanand, Gujarat","officer":"officer@desk.example","next_action":"Site visit","next_action_due":"2026-01-15","notes":"Confidential: board approval pending"}`
	deskBarrierBody = `{"org":"ror-04dese585","category":"logistics","jurisdiction":"Gujarat","description":"Tool import held at port","agency":"Customs"}`
)

// deskMatrixBody is a valid request to each desk write route, and whether
// route is one.
func deskMatrixBody(route string) (string, string, bool) {
	const js, form = "application/json", "application/x-www-form-urlencoded"
	switch route {
	case "POST /api/v1/desk/leads", "PUT /api/v1/desk/leads/{id}":
		return js, deskLeadBody, true
	case "POST /api/v1/desk/leads/{id}/stage":
		return js, `{"stage":"engaged"}`, true
	case "POST /api/v1/desk/barriers":
		return js, deskBarrierBody, true
	case "POST /api/v1/desk/barriers/{id}/escalate":
		return js, `{"note":"matrix"}`, true
	case "POST /api/v1/desk/barriers/{id}/resolve":
		return js, `{"resolution":"matrix"}`, true
	case "PUT /api/v1/desk/targets":
		return js, `{"category":"logistics","days":20}`, true
	case "POST /desk/leads/{id}/stage":
		return form, "stage=engaged", true
	case "POST /desk/barriers/{id}/resolve":
		return form, "resolution=matrix", true
	case "POST /desk/barriers/{id}/escalate":
		return form, "note=matrix", true
	case "POST /desk/targets":
		return form, "category=logistics&days=10", true
	case "POST /desk/leads/{id}":
		return form, "origin_country=JP&segment=memory&next_action=Call", true
	case "POST /desk/leads":
		return form, "investor=ror-04dese585&origin_country=JP&segment=memory", true
	case "POST /desk/leads/{id}/barriers":
		return form, "category=logistics&jurisdiction=national&agency=Customs&description=matrix", true
	}
	return "", "", false
}

// seedDeskMatrix stores, for a desk route, a lead of the matrix member's
// organisation with a barrier, and returns their ids by collection.
func seedDeskMatrix(tb testing.TB, st *store.Store, route string) map[string]string {
	tb.Helper()
	if !strings.Contains(route, "/desk/") {
		return nil
	}
	ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-seed", Role: auth.Secretariat})
	l, b := seedDesk(tb, ctx, st)
	return map[string]string{"leads": l.ID, "barriers": b.ID}
}

// seedDesk stores a lead of ror-04dese585 and a barrier on it.
func seedDesk(tb testing.TB, ctx context.Context, st *store.Store) (*desk.Lead, *desk.Barrier) {
	tb.Helper()
	l := &desk.Lead{Investor: "ror-04dese585", OriginCountry: "JP", Segment: "memory", Officer: "officer@desk.example",
		NextAction: "Call the investor", NextActionDue: "2026-01-10", Notes: "Confidential note"}
	if err := st.CreateLead(ctx, l); err != nil {
		tb.Fatal(err)
	}
	b := &desk.Barrier{LeadID: l.ID, Category: "land-acquisition", Jurisdiction: "Karnataka", Description: "Plot not released", Agency: "KIADB"}
	if err := st.OpenBarrier(ctx, b); err != nil {
		tb.Fatal(err)
	}
	return l, b
}

// TestDeskAPI walks a lead and a barrier through the API, with the
// investor's member, another member and the public.
func TestDeskAPI(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		s := newAPIServer(t, st, nil)
		sec, _ := fixtureTokens.Load(s)
		secretariat := sec.(string)
		member := newTestToken(t, st, "investor@example.org", auth.Member, []string{"ror-04dese585"}, "")
		other := newTestToken(t, st, "other@example.org", auth.Member, []string{"ror-057zh3y96"}, "")
		check := func(name string, res apiResponse, want int, contains ...string) apiResponse {
			t.Helper()
			if res.code != want {
				t.Fatalf("%s: got %d, want %d\n%s", name, res.code, want, clip(res.body))
			}
			for _, c := range contains {
				if !strings.Contains(string(res.body), c) {
					t.Errorf("%s: got %s, want it to contain %q", name, clip(res.body), c)
				}
			}
			return res
		}
		check("member creates a lead", introCall(t, s, member, "POST", "/api/v1/desk/leads", deskLeadBody), 403)
		check("public creates a lead", introCall(t, s, "", "POST", "/api/v1/desk/leads", deskLeadBody), 401)
		check("bad lead", introCall(t, s, secretariat, "POST", "/api/v1/desk/leads", `{"investor":"ror-04dese585","origin_country":"ZZ","destination_country":"India","segment":"chips"}`), 422,
			"origin_country", "destination_country", "segment")
		check("unknown field", introCall(t, s, secretariat, "POST", "/api/v1/desk/leads", `{"investor":"ror-04dese585","stage":"operational"}`), 422, "stage")
		var l desk.Lead
		res := check("secretariat creates a lead", introCall(t, s, secretariat, "POST", "/api/v1/desk/leads", deskLeadBody), 201, `"stage":"prospect"`, `"destination_country":"IN"`)
		res.decode(t, &l)
		if res.header.Get("Location") != "/api/v1/desk/leads/"+l.ID {
			t.Errorf("location: got %q", res.header.Get("Location"))
		}
		path := "/api/v1/desk/leads/" + l.ID
		check("investor reads its lead", introCall(t, s, member, "GET", path, ""), 200, "Confidential")
		check("other member reads the lead", introCall(t, s, other, "GET", path, ""), 403)
		check("public reads the lead", introCall(t, s, "", "GET", path, ""), 401)
		check("investor lists its leads", introCall(t, s, member, "GET", "/api/v1/desk/leads?org=ror-04dese585", ""), 200, l.ID)
		check("member lists all leads", introCall(t, s, member, "GET", "/api/v1/desk/leads", ""), 403)
		check("bad stage filter", introCall(t, s, secretariat, "GET", "/api/v1/desk/leads?stage=won", ""), 422, "stage")
		check("lost without reason", introCall(t, s, secretariat, "POST", path+"/stage", `{"stage":"lost"}`), 422, "lost_reason")
		check("engaged", introCall(t, s, secretariat, "POST", path+"/stage", `{"stage":"engaged"}`), 200, `"stage":"engaged"`, `"history"`)
		check("member moves the stage", introCall(t, s, member, "POST", path+"/stage", `{"stage":"memorandum"}`), 403)

		var b desk.Barrier
		check("other member reports for the investor", introCall(t, s, other, "POST", "/api/v1/desk/barriers",
			`{"lead_id":"`+l.ID+`","category":"logistics","jurisdiction":"national","description":"d","agency":"a"}`), 403)
		check("investor reports a barrier", introCall(t, s, member, "POST", "/api/v1/desk/barriers",
			`{"lead_id":"`+l.ID+`","category":"visas-work-permits","jurisdiction":"national","description":"Visas for engineers","agency":"MHA"}`), 201,
			`"target_days":14`, `"level_name":"desk"`).decode(t, &b)
		check("bad barrier", introCall(t, s, secretariat, "POST", "/api/v1/desk/barriers", `{"org":"ror-04dese585"}`), 422,
			"category", "jurisdiction", "description", "agency")
		bpath := "/api/v1/desk/barriers/" + b.ID
		check("investor escalates", introCall(t, s, member, "POST", bpath+"/escalate", ""), 403)
		check("escalate", introCall(t, s, secretariat, "POST", bpath+"/escalate", `{"note":"Ministry please"}`), 200, `"level_name":"ministry"`)
		check("queue", introCall(t, s, secretariat, "GET", "/api/v1/desk/barriers", ""), 200, b.ID)
		check("bad status", introCall(t, s, secretariat, "GET", "/api/v1/desk/barriers?status=closed", ""), 422, "status")
		check("investor reads its barrier", introCall(t, s, member, "GET", bpath, ""), 200, "Ministry please")
		check("other reads the barrier", introCall(t, s, other, "GET", bpath, ""), 403)
		check("resolve without text", introCall(t, s, secretariat, "POST", bpath+"/resolve", `{"resolution":" "}`), 422, "resolution")
		check("resolve", introCall(t, s, secretariat, "POST", bpath+"/resolve", `{"resolution":"Visas issued"}`), 200, `"status":"resolved"`, `"within_target":true`)
		check("resolve twice", introCall(t, s, secretariat, "POST", bpath+"/resolve", `{"resolution":"again"}`), 409)
		check("set target", introCall(t, s, secretariat, "PUT", "/api/v1/desk/targets", `{"category":"logistics","days":7}`), 200, `"days":7`)
		check("bad target", introCall(t, s, secretariat, "PUT", "/api/v1/desk/targets", `{"category":"logistics","days":0}`), 422, "days")
		check("public targets", introCall(t, s, "", "GET", "/api/v1/desk/targets", ""), 200, `"category":"logistics","label":"Logistics","days":7`)

		res = check("public statistics", introCall(t, s, "", "GET", "/api/v1/desk/statistics", ""), 200, `"opened":1`, `"resolved":1`, `"key":"JP"`)
		for _, secret := range []string{"Confidential", "officer@desk.example", "MHA", "Visas for engineers", "ror-04dese585", l.ID, b.ID} {
			if strings.Contains(string(res.body), secret) {
				t.Errorf("public statistics disclose %q", secret)
			}
		}
		audit, err := st.AuditLog(context.Background(), store.AuditQuery{EntityType: store.AuditBarrier, EntityID: b.ID})
		if err != nil || len(audit) != 3 || audit[0].Actor == "" {
			t.Errorf("audit of the barrier: got %d entries, %v, want 3", len(audit), err)
		}
	})
}

// TestOpenAPIDeskSchemas checks that the desk's schemas list exactly the
// JSON fields of the types the API reads and writes.
func TestOpenAPIDeskSchemas(t *testing.T) {
	doc, _, _ := loadOpenAPI(t)
	now := time.Now()
	days, yes := 3, true
	full := desk.Lead{LostReason: "land", LostText: "x", InvestorName: "n", NextActionDue: "2026-01-01",
		History: []desk.StageChange{{}}, Barriers: []desk.Barrier{{}}}
	bar := desk.Barrier{LeadID: "l", OrgName: "o", Resolution: "r", ResolvedAt: &now, ResolvedDays: &days, WithinTarget: &yes, Events: []desk.BarrierEvent{{}}}
	for _, tt := range []struct {
		schema string
		keys   []string
	}{
		{"Lead", jsonKeys(t, full)},
		{"LeadRequest", jsonKeys(t, leadRequest{})},
		{"LeadList", jsonKeys(t, leadList{})},
		{"StageChange", jsonKeys(t, desk.StageChange{LostReason: "l", LostText: "t", LeftAt: &now, Days: &days})},
		{"StageRequest", jsonKeys(t, stageRequest{})},
		{"Barrier", jsonKeys(t, bar)},
		{"BarrierRequest", jsonKeys(t, barrierRequest{})},
		{"BarrierEvent", jsonKeys(t, desk.BarrierEvent{Note: "n"})},
		{"BarrierList", jsonKeys(t, barrierList{})},
		{"EscalateRequest", jsonKeys(t, escalateRequest{})},
		{"ResolveRequest", jsonKeys(t, resolveRequest{})},
		{"Target", jsonKeys(t, store.Target{})},
		{"TargetList", jsonKeys(t, targetList{})},
		{"TargetRequest", jsonKeys(t, targetRequest{})},
		{"DeskStatistics", jsonKeys(t, desk.Statistics{})},
	} {
		s, err := pointer(doc, "#/components/schemas/"+tt.schema)
		if err != nil {
			t.Errorf("schema %s: %v", tt.schema, err)
			continue
		}
		props, _ := s.(map[string]any)["properties"].(map[string]any)
		var documented []string
		for k := range props {
			documented = append(documented, k)
		}
		if !sameSet(documented, tt.keys) {
			t.Errorf("schema %s: got properties %q, want the type's JSON fields %q", tt.schema, documented, tt.keys)
		}
	}
}
