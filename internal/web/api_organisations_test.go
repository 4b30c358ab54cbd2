package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestOrganisationRoutes(t *testing.T) {
	kyoto := `{"name":"Kyoto University","kind":"university","country":"jp","city":"Kyoto",
		"external_ids":[{"scheme":"ror","value":"02kpeqv85"}],"layers":["model"],
		"created_at":"2001-02-03T04:05:06Z","updated_at":"2001-02-03T04:05:06Z"}`
	iisc := `{"name":"Indian Institute of Science","kind":"university","country":"IN","city":"Bangalore",
		"external_ids":[{"scheme":"ror","value":"04dese585"}]}`
	bigBody := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	cases := []apiCase{
		{name: "get", method: "GET", path: "/api/v1/organisations/ror-057zh3y96", status: 200,
			want: []string{`"name":"The University of Tokyo"`, `"value":"東京大学"`, `"country":"JP"`}},
		{name: "get missing", method: "GET", path: "/api/v1/organisations/nope", status: 404, want: []string{`no organisation \"nope\"`}},
		{name: "create", method: "POST", path: "/api/v1/organisations", body: kyoto, status: 201,
			header:  map[string]string{"Location": "/api/v1/organisations/ror-02kpeqv85"},
			want:    []string{`"id":"ror-02kpeqv85"`, `"country":"JP"`, `"status":"active"`},
			wantNot: []string{"2001-02-03"}},
		{name: "created is readable", method: "GET", path: "/api/v1/organisations/ror-02kpeqv85", status: 200, want: []string{`"Kyoto University"`}},
		{name: "create duplicate ROR id", method: "POST", path: "/api/v1/organisations", status: 409,
			body: strings.Replace(kyoto, "Kyoto University", "Kyodai", 1), fields: []string{"external_ids[0]"}},
		{name: "create with client id", method: "POST", path: "/api/v1/organisations", status: 201,
			body:   `{"id":"setu-lab","name":"Setu Lab","kind":"non-profit","country":"SG"}`,
			header: map[string]string{"Location": "/api/v1/organisations/setu-lab"}},
		{name: "create with taken id", method: "POST", path: "/api/v1/organisations", status: 409,
			body: `{"id":"setu-lab","name":"Setu Lab 2","kind":"non-profit","country":"SG"}`, fields: []string{"id"}},
		{name: "create with bad id", method: "POST", path: "/api/v1/organisations", status: 422,
			body: `{"id":"Setu Lab/1","name":"Setu Lab","kind":"non-profit","country":"SG"}`, fields: []string{"id"}},
		{name: "create invalid", method: "POST", path: "/api/v1/organisations", status: 422,
			body:   `{"name":"","kind":"spaceship","country":"XX","capabilities":[{"direction":"sell","text":"chips"}],"layers":["cloud"]}`,
			fields: []string{"name", "kind", "country", "capabilities[0].direction", "layers[0]"}},
		{name: "unknown field", method: "POST", path: "/api/v1/organisations", status: 422,
			body:   `{"name":"A","kind":"startup","country":"IN","colour":"red","capabilities":[{"direction":"offer","text":"x","size":3}]}`,
			fields: []string{"colour", "capabilities[0].size"}, want: []string{"unknown field"}},
		{name: "wrong type", method: "POST", path: "/api/v1/organisations", status: 422,
			body: `{"name":"A","kind":"startup","country":"IN","established":"1990"}`, fields: []string{"established"}},
		{name: "wrong type in a list", method: "POST", path: "/api/v1/organisations", status: 422,
			body: `{"name":"A","other_names":[{"value":"B","type":"alias"},{"value":7}]}`, fields: []string{"other_names[1].value"}},
		{name: "malformed", method: "POST", path: "/api/v1/organisations", status: 400,
			body: "{\n  \"name\": \"A\",\n  \"kind\" \"startup\"\n}", want: []string{"line 3, column 10 (byte offset 26)"}},
		{name: "truncated", method: "POST", path: "/api/v1/organisations", status: 400, body: `{"name":"A"`, want: []string{"ends too soon"}},
		{name: "trailing data", method: "POST", path: "/api/v1/organisations", status: 400,
			body: `{"name":"A","kind":"startup","country":"IN"} {}`, want: []string{"after the JSON object at line 1, column 46 (byte offset 45)"}},
		{name: "not an object", method: "POST", path: "/api/v1/organisations", status: 400, body: `[1]`, want: []string{"must be a JSON object"}},
		{name: "empty body", method: "POST", path: "/api/v1/organisations", status: 400, body: ``, ctype: "application/json", want: []string{"empty"}},
		{name: "too large", method: "POST", path: "/api/v1/organisations", status: 413, body: bigBody},
		{name: "wrong media type", method: "POST", path: "/api/v1/organisations", status: 415, body: `{}`, ctype: "text/plain"},
		{name: "no media type", method: "POST", path: "/api/v1/organisations", status: 415, body: `{}`, ctype: "-"},
		{name: "wrong charset", method: "POST", path: "/api/v1/organisations", status: 415, body: `{}`, ctype: "application/json; charset=latin1"},
		{name: "json with charset", method: "POST", path: "/api/v1/organisations", status: 201,
			body: `{"name":"Lion City AI","kind":"startup","country":"SG"}`, ctype: "application/json; charset=UTF-8"},
		{name: "replace", method: "PUT", path: "/api/v1/organisations/ror-04dese585", body: iisc, status: 200,
			header: map[string]string{"Location": "/api/v1/organisations/ror-04dese585"},
			want:   []string{`"city":"Bangalore"`, `"layers":[]`}},
		{name: "replace with matching id", method: "PUT", path: "/api/v1/organisations/ror-04dese585", status: 200,
			body: strings.Replace(iisc, `{`, `{"id":"ror-04dese585",`, 1)},
		{name: "replace with other id", method: "PUT", path: "/api/v1/organisations/ror-04dese585", status: 422,
			body: strings.Replace(iisc, `{`, `{"id":"ror-057zh3y96",`, 1), fields: []string{"id"}},
		{name: "replace missing", method: "PUT", path: "/api/v1/organisations/nope", status: 404,
			body: `{"name":"Nope","kind":"startup","country":"IN"}`},
		{name: "replace taking another's ROR id", method: "PUT", path: "/api/v1/organisations/ror-04dese585", status: 409,
			body: strings.Replace(iisc, "04dese585", "05apxxy63", 1), fields: []string{"external_ids[0]"}},
		{name: "replace invalid", method: "PUT", path: "/api/v1/organisations/ror-04dese585", status: 422,
			body: `{"name":"IISc","kind":"university","country":"IN","website":"ftp://iisc"}`, fields: []string{"website"}},
		{name: "replace unknown field", method: "PUT", path: "/api/v1/organisations/ror-04dese585", status: 422,
			body: `{"name":"IISc","provenance":{"source":"x","url":"y"}}`, fields: []string{"provenance.url"}},
		{name: "delete", method: "DELETE", path: "/api/v1/organisations/sample-sakura-robotics", status: 204},
		{name: "deleted is gone", method: "GET", path: "/api/v1/organisations/sample-sakura-robotics", status: 404},
		{name: "delete missing", method: "DELETE", path: "/api/v1/organisations/sample-sakura-robotics", status: 404},
		{name: "method not allowed", method: "PATCH", path: "/api/v1/organisations/ror-057zh3y96", status: 405,
			header: map[string]string{"Allow": "GET, PUT, DELETE, HEAD"}},
		{name: "method not allowed on a list", method: "DELETE", path: "/api/v1/organisations", status: 405,
			header: map[string]string{"Allow": "GET, POST, HEAD"}},
		{name: "no such API route", method: "GET", path: "/api/v1/nothing", status: 404},
		{name: "no such API route, POST", method: "POST", path: "/api/v1/nothing", status: 404, body: `{}`},
	}
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		runAPICases(t, newAPIServer(t, st, nil), cases)
	})
}

func TestOrganisationRoundTrip(t *testing.T) {
	// A record read with GET can be sent back with PUT unchanged: the
	// server-assigned fields in it are ignored.
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	got := call(t, s, "GET", "/api/v1/organisations/ror-057zh3y96", "", "")
	if got.code != http.StatusOK {
		t.Fatalf("get: got status %d, want 200", got.code)
	}
	put := call(t, s, "PUT", "/api/v1/organisations/ror-057zh3y96", "application/json", string(got.body))
	if put.code != http.StatusOK {
		t.Fatalf("put back: got status %d, want 200\n%s", put.code, put.body)
	}
	var before, after map[string]any
	got.decode(t, &before)
	put.decode(t, &after)
	for k, v := range before {
		if k == "updated_at" {
			continue
		}
		if a, b := after[k], v; toJSON(a) != toJSON(b) {
			t.Errorf("%s: got %s after PUT, want %s", k, toJSON(a), toJSON(b))
		}
	}
}
