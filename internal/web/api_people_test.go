package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestPeopleRoutes(t *testing.T) {
	kenji := `{"name":"Kenji Sato","home_country":"jp","home_org_id":"ror-057zh3y96","email":"kenji@example.org",
		"skills":["robot learning"],"languages":["ja","en"],"layers":["model"],"domains":["robotics"]}`
	cases := []apiCase{
		{name: "get", method: "GET", path: "/api/v1/people/per-ananya", status: 200,
			want: []string{`"name":"Ananya Raghavan"`, `"email":"ananya@example.org"`, `"home_org_id":"ror-04dese585"`}},
		{name: "get missing", method: "GET", path: "/api/v1/people/nobody", status: 404},
		{name: "create", method: "POST", path: "/api/v1/people", body: strings.Replace(kenji, `{`, `{"id":"per-kenji",`, 1), status: 201,
			header: map[string]string{"Location": "/api/v1/people/per-kenji"},
			want:   []string{`"home_country":"JP"`, `"email":"kenji@example.org"`}},
		{name: "create with taken id", method: "POST", path: "/api/v1/people", body: strings.Replace(kenji, `{`, `{"id":"per-kenji",`, 1),
			status: 409, fields: []string{"id"}},
		{name: "create invalid", method: "POST", path: "/api/v1/people", status: 422,
			body:   `{"name":"","home_country":"XX","email":"not-an-email","languages":["English"],"home_org_id":"nope"}`,
			fields: []string{"name", "home_country", "email", "languages[0]"}},
		{name: "create with unknown home organisation", method: "POST", path: "/api/v1/people", status: 422,
			body: `{"name":"A","home_country":"IN","home_org_id":"nope"}`, fields: []string{"home_org_id"}},
		{name: "create unknown field", method: "POST", path: "/api/v1/people", status: 422,
			body: `{"name":"A","home_country":"IN","phone":"123"}`, fields: []string{"phone"}},
		{name: "create wrong media type", method: "POST", path: "/api/v1/people", status: 415, body: kenji, ctype: "application/x-www-form-urlencoded"},
		{name: "create too large", method: "POST", path: "/api/v1/people", status: 413,
			body: `{"name":"` + strings.Repeat("x", 2<<20) + `"}`},
		{name: "list leaves out emails", method: "GET", path: "/api/v1/people", status: 200,
			want: []string{`"total":2`, `"Ananya Raghavan"`, `"Kenji Sato"`}, wantNot: []string{"email", "@example.org"}},
		{name: "list by home country", method: "GET", path: "/api/v1/people?home_country=jp", status: 200,
			want: []string{`"total":1`, `"Kenji Sato"`}, wantNot: []string{"Ananya"}},
		{name: "list by home organisation", method: "GET", path: "/api/v1/people?home_org=ror-04dese585", status: 200,
			want: []string{`"total":1`, `"Ananya Raghavan"`}, wantNot: []string{"Kenji"}},
		{name: "list paged", method: "GET", path: "/api/v1/people?per_page=1&page=2", status: 200,
			want: []string{`"total":2`, `"pages":2`, `"Kenji Sato"`, `"prev":"/api/v1/people?page=1&per_page=1"`}},
		{name: "list invalid", method: "GET", path: "/api/v1/people?home_country=XX&home_org=nope&per_page=0&email=x", status: 422,
			fields: []string{"home_country", "home_org", "per_page", "email"}},
		{name: "replace", method: "PUT", path: "/api/v1/people/per-kenji", status: 200,
			body: strings.Replace(kenji, "Kenji Sato", "Kenji Satō", 1), want: []string{`"name":"Kenji Satō"`},
			header: map[string]string{"Location": "/api/v1/people/per-kenji"}},
		{name: "replace with other id", method: "PUT", path: "/api/v1/people/per-kenji", status: 422,
			body: strings.Replace(kenji, `{`, `{"id":"per-ananya",`, 1), fields: []string{"id"}},
		{name: "replace missing", method: "PUT", path: "/api/v1/people/nobody", status: 404, body: kenji},
		{name: "replace invalid", method: "PUT", path: "/api/v1/people/per-kenji", status: 422,
			body: `{"name":"Kenji","home_country":"JP","layers":["cloud"]}`, fields: []string{"layers[0]"}},
		{name: "delete is not a route", method: "DELETE", path: "/api/v1/people/per-kenji", status: 405,
			header: map[string]string{"Allow": "GET, PUT, HEAD"}},
	}
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		runAPICases(t, newAPIServer(t, st, nil), cases)
	})
}

func TestPeopleListHasNoEmail(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	res := call(t, s, "GET", "/api/v1/people", "", "")
	if res.code != http.StatusOK {
		t.Fatalf("got status %d, want 200", res.code)
	}
	var list struct{ Items []map[string]any }
	res.decode(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("got %d people, want 1", len(list.Items))
	}
	if _, ok := list.Items[0]["email"]; ok {
		t.Errorf("got a list item with an email, want none: %v", list.Items[0])
	}
}
