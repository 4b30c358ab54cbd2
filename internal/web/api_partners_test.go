package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// partnerOrgs are organisations with offers and needs, added to the API
// fixture for the partner and introduction tests.
func partnerOrgs() []*registry.Organisation {
	offer := func(domain, text string) registry.Capability {
		return registry.Capability{Direction: registry.Offer, Layer: "semiconductor", Domain: domain, Text: text}
	}
	need := func(domain, text string) registry.Capability {
		return registry.Capability{Direction: registry.Need, Layer: "semiconductor", Domain: domain, Text: text}
	}
	return []*registry.Organisation{
		{ID: "in-dhruvika", Name: "Dhruvika Silicon", Kind: "startup", Country: "IN", Layers: []string{"semiconductor"},
			Capabilities: []registry.Capability{need("chip-design", "28 nm multi-project wafer shuttle for an edge-AI accelerator"),
				offer("packaging-atmp", "Fan-out wafer-level packaging pilot runs")}},
		{ID: "jp-nagoya", Name: "Nagoya Shuttle Lab", Kind: "research-institute", Country: "JP", Layers: []string{"semiconductor"},
			Capabilities: []registry.Capability{offer("chip-design", "28 nm multi-project wafer shuttle runs for startups"),
				need("packaging-atmp", "Fan-out packaging pilot partner")}},
		{ID: "tw-hsinchu", Name: "Hsinchu Assembly", Kind: "company", Country: "TW", Layers: []string{"semiconductor"},
			Capabilities: []registry.Capability{need("packaging-atmp", "Wafer-level packaging runs for chiplets")}},
	}
}

// newPartnerServer is newAPIServer with partnerOrgs stored too.
func newPartnerServer(t *testing.T, st *store.Store) *Server {
	t.Helper()
	s := newAPIServer(t, st, nil)
	for _, o := range partnerOrgs() {
		if err := st.CreateOrganisation(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// introCall sends a request with an API token (none if empty).
func introCall(t *testing.T, h http.Handler, token, method, path, body string) apiResponse {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return apiResponse{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func TestPartnersAPI(t *testing.T) {
	s := newPartnerServer(t, storetest.MustOpenSQLite(t))
	runAPICases(t, s, []apiCase{
		{name: "ranked with reasons", method: "GET", path: "/api/v1/organisations/in-dhruvika/partners", status: 200,
			want:    []string{`"organisation":"in-dhruvika"`, `"id":"jp-nagoya"`, `"id":"tw-hsinchu"`, `"needs_met"`, `"plain":["Nagoya Shuttle Lab`},
			wantNot: []string{`"id":"sample-bharat-chips"`}},
		{name: "country filter", method: "GET", path: "/api/v1/organisations/in-dhruvika/partners?country=tw", status: 200,
			want: []string{`"id":"tw-hsinchu"`}, wantNot: []string{`"id":"jp-nagoya"`}},
		{name: "comma lists and purpose", method: "GET", path: "/api/v1/organisations/in-dhruvika/partners?kind=company,research-institute&purpose=research&limit=1", status: 200,
			want: []string{`"purpose":"research"`, `"id":"jp-nagoya"`}, wantNot: []string{`"id":"tw-hsinchu"`}},
		{name: "bad filters", method: "GET", path: "/api/v1/organisations/in-dhruvika/partners?country=XX&kind=pirate&layer=moon&purpose=fun&limit=0", status: 422,
			fields: []string{"country", "kind", "layer", "purpose", "limit"}},
		{name: "unknown organisation", method: "GET", path: "/api/v1/organisations/nobody/partners", status: 404},
		{name: "search by needs", method: "POST", path: "/api/v1/partner-search",
			body: `{"needs":["multi-project wafer shuttle, 28 nm"],"country":"IN"}`, status: 200,
			want: []string{`"id":"jp-nagoya"`}, wantNot: []string{`"organisation"`, `"id":"in-dhruvika"`}},
		{name: "search without needs", method: "POST", path: "/api/v1/partner-search", body: `{"needs":[" "],"country":"ZZ","limit":500}`, status: 422,
			fields: []string{"needs", "country", "limit"}},
	})
}
