package web

import (
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestIntroductionsAPI walks an introduction from request to project,
// with contacts disclosed only once it is accepted.
func TestIntroductionsAPI(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		s := newPartnerServer(t, st)
		sec, _ := fixtureTokens.Load(s)
		secretariat := sec.(string)
		requester := newTestToken(t, st, "asha@dhruvika.example", auth.Member, []string{"in-dhruvika"}, "")
		counterpart := newTestToken(t, st, "ken@nagoya.example", auth.Member, []string{"jp-nagoya"}, "")
		bystander := newTestToken(t, st, "li@hsinchu.example", auth.Member, []string{"tw-hsinchu"}, "")

		check := func(name string, res apiResponse, want int) apiResponse {
			t.Helper()
			if res.code != want {
				t.Fatalf("%s: got %d, want %d\n%s", name, res.code, want, clip(res.body))
			}
			return res
		}
		check("counterpart sets contact", introCall(t, s, counterpart, "PUT", "/api/v1/organisations/jp-nagoya/contact",
			`{"contact_name":"Ken","contact_email":"ken@nagoya.example"}`), 200)
		check("bystander sets contact", introCall(t, s, bystander, "PUT", "/api/v1/organisations/jp-nagoya/contact",
			`{"contact_email":"x@example.org"}`), 403)
		check("requester reads contact before", introCall(t, s, requester, "GET", "/api/v1/organisations/jp-nagoya/contact", ""), 403)
		check("public reads contact", introCall(t, s, "", "GET", "/api/v1/organisations/jp-nagoya/contact", ""), 401)

		check("requests for another organisation", introCall(t, s, bystander, "POST", "/api/v1/introductions",
			`{"from":"in-dhruvika","to":"jp-nagoya"}`), 403)
		var in store.Introduction
		check("requests", introCall(t, s, requester, "POST", "/api/v1/introductions",
			`{"from":"in-dhruvika","to":"jp-nagoya","purpose":"co-creation","message":"Shuttle for our accelerator?"}`), 201).decode(t, &in)
		if in.Status != "requested" || in.ToName != "Nagoya Shuttle Lab" {
			t.Errorf("requested: got %+v", in)
		}
		path := "/api/v1/introductions/" + in.ID
		check("bystander reads", introCall(t, s, bystander, "GET", path, ""), 403)
		check("counterpart reads", introCall(t, s, counterpart, "GET", path, ""), 200)
		check("requester accepts own request", introCall(t, s, requester, "POST", path+"/accept", ""), 403)
		check("reason on accept", introCall(t, s, counterpart, "POST", path+"/accept", `{"reason":"x"}`), 422)
		check("convert before acceptance", introCall(t, s, secretariat, "POST", path+"/convert",
			`{"id":"XI-SETU-API1","reporting_org":"XI-SETU","title":"Shuttle pilot","status":1}`), 409)
		check("counterpart accepts", introCall(t, s, counterpart, "POST", path+"/accept", ""), 200)
		check("answers twice", introCall(t, s, counterpart, "POST", path+"/decline", `{"reason":"changed mind"}`), 409)

		res := check("requester reads contact after", introCall(t, s, requester, "GET", "/api/v1/organisations/jp-nagoya/contact", ""), 200)
		var c store.Contact
		res.decode(t, &c)
		if c.Email != "ken@nagoya.example" {
			t.Errorf("contact: got %+v", c)
		}
		check("bystander reads contact", introCall(t, s, bystander, "GET", "/api/v1/organisations/jp-nagoya/contact", ""), 403)

		check("member converts", introCall(t, s, counterpart, "POST", path+"/convert",
			`{"id":"XI-SETU-API1","reporting_org":"XI-SETU","title":"Shuttle pilot","status":1}`), 403)
		check("secretariat converts", introCall(t, s, secretariat, "POST", path+"/convert",
			`{"id":"XI-SETU-API1","reporting_org":"XI-SETU","title":"Shuttle pilot","status":1}`), 200).decode(t, &in)
		if in.Status != "converted" || in.ProjectID != "XI-SETU-API1" || len(in.Events) != 3 {
			t.Errorf("converted: got %+v", in)
		}

		var list introductionList
		check("list", introCall(t, s, counterpart, "GET", "/api/v1/introductions?org=jp-nagoya", ""), 200).decode(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("list: got %d items, want 1", len(list.Items))
		}
		check("list for another", introCall(t, s, bystander, "GET", "/api/v1/introductions?org=jp-nagoya", ""), 403)
		check("list without org", introCall(t, s, bystander, "GET", "/api/v1/introductions", ""), 422)

		var fig store.IntroductionFigures
		check("public figures", introCall(t, s, "", "GET", "/api/v1/introductions/figures", ""), 200).decode(t, &fig)
		if fig.Total.Requested != 1 || fig.Total.Converted != 1 || len(fig.ByCountryPair) != 1 || fig.ByCountryPair[0].Key != "IN-JP" {
			t.Errorf("figures: got %+v", fig)
		}
	})
}
