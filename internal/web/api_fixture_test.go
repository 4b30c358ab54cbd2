package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// apiFixture returns the organisations the API tests start with: three
// universities from ROR and two sample startups, in three countries.
//
//	country: JP 2, IN 2, KR 1     kind: university 3, startup 2
//	layer: semiconductor 3, application 2, model 2
//	domain: chip-design 2, robotics 2, foundation-models 1, memory 1, smart-manufacturing 1
func apiFixture() []*registry.Organisation {
	ror := func(id string) []registry.ExternalID { return []registry.ExternalID{{Scheme: "ror", Value: id}} }
	sample := registry.Provenance{Source: "setu-sample", Licence: "CC0-1.0"}
	return []*registry.Organisation{
		{Name: "The University of Tokyo", Kind: "university", Country: "JP", City: "Tokyo", ExternalIDs: ror("057zh3y96"),
			OtherNames: []registry.Name{{Value: "東京大学", Type: "label", Lang: "ja"}},
			Layers:     []string{"model", "application"}, Domains: []string{"robotics", "foundation-models"}},
		{Name: "Indian Institute of Science", Kind: "university", Country: "IN", City: "Bengaluru", ExternalIDs: ror("04dese585"),
			Layers: []string{"semiconductor"}, Domains: []string{"chip-design"}},
		{Name: "Korea Advanced Institute of Science and Technology", Kind: "university", Country: "KR", City: "Daejeon",
			ExternalIDs: ror("05apxxy63"), Layers: []string{"semiconductor", "model"}, Domains: []string{"memory"}},
		{ID: "sample-sakura-robotics", Name: "Sakura Robotics", Kind: "startup", Country: "JP", City: "Osaka", Sample: true,
			Layers: []string{"application"}, Domains: []string{"robotics", "smart-manufacturing"}, Provenance: sample},
		{ID: "sample-bharat-chips", Name: "Bharat Chips", Kind: "startup", Country: "IN", City: "Hyderabad", Sample: true,
			Layers: []string{"semiconductor"}, Domains: []string{"chip-design"}, Provenance: sample},
	}
}

// apiPerson is the person the API tests start with.
func apiPerson() *registry.Person {
	return &registry.Person{ID: "per-ananya", Name: "Ananya Raghavan", HomeCountry: "IN", HomeOrgID: "ror-04dese585",
		Email: "ananya@example.org", Skills: []string{"RTL design"}, Languages: []string{"en", "ta"}, Layers: []string{"semiconductor"}}
}

// newAPIServer stores the fixture in st and returns a server over it
// whose log goes to logs, if it is not nil.
func newAPIServer(tb testing.TB, st *store.Store, logs io.Writer) *Server {
	tb.Helper()
	ctx := context.Background()
	for _, o := range apiFixture() {
		if err := st.CreateOrganisation(ctx, o); err != nil {
			tb.Fatalf("create %s: %v", o.Name, err)
		}
	}
	if err := st.CreatePerson(ctx, apiPerson()); err != nil {
		tb.Fatalf("create person: %v", err)
	}
	if logs == nil {
		logs = io.Discard
	}
	s, err := New(st, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		tb.Fatalf("new server: %v", err)
	}
	fixtureTokens.Store(s, newTestToken(tb, st, "secretariat@example.org", auth.Secretariat, nil, ""))
	return s
}

// fixtureTokens holds, for each server newAPIServer made, a secretariat
// API token that call sends, so the API tests write as the secretariat.
var fixtureTokens sync.Map // *Server -> string

// apiResponse is what a request to the server got back.
type apiResponse struct {
	code   int
	header http.Header
	body   []byte
}

// call sends a request with a body of contentType (none if empty) and
// returns the response.
func call(tb testing.TB, h http.Handler, method, path, contentType, body string) apiResponse {
	tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok, ok := fixtureTokens.Load(h); ok {
		req.Header.Set("Authorization", "Bearer "+tok.(string))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return apiResponse{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// decode decodes the response body into v, failing the test if it is not
// JSON.
func (r apiResponse) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("response is not JSON: %v\n%s", err, r.body)
	}
}

// problemFields returns the field names a problem document lists.
func (r apiResponse) problemFields(tb testing.TB) []string {
	tb.Helper()
	var p problem
	r.decode(tb, &p)
	var fields []string
	for _, f := range p.Errors {
		fields = append(fields, f.Field)
	}
	return fields
}

// orgJSON returns an organisation as a JSON request body.
func orgJSON(tb testing.TB, o *registry.Organisation) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(o); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// toJSON encodes v for comparison and messages.
func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
