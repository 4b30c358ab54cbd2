package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/storetest"
)

// fixtureJapanFillers is how many made-up Japanese startups the page
// fixture adds, so that Japan alone fills more than one page.
const fixtureJapanFillers = 22

// fixtureOrganisations returns the organisations the page tests search:
// a few universities with names in their own scripts, related to each
// other as ROR records them, and sample startups.
func fixtureOrganisations() []*registry.Organisation {
	ror := func(id string) []registry.ExternalID { return []registry.ExternalID{{Scheme: "ror", Value: id}} }
	prov := func(id string) registry.Provenance {
		return registry.Provenance{Source: "ror", SourceID: "https://ror.org/" + id, Release: "v2.9", Licence: "CC0-1.0"}
	}
	orgs := []*registry.Organisation{
		{
			Name: "The University of Tokyo", Kind: "university", Country: "JP", City: "Tokyo", Established: 1877,
			Website: "https://www.u-tokyo.ac.jp/",
			OtherNames: []registry.Name{
				{Value: "Todai", Type: "alias"}, {Value: "UTokyo", Type: "acronym"},
				{Value: "東京大学", Type: "label", Lang: "ja"},
			},
			ExternalIDs: ror("057zh3y96"), Layers: []string{"model", "application"}, Domains: []string{"robotics", "foundation-models"},
			Description: "A national research university in Bunkyō, Tokyo.",
			Capabilities: []registry.Capability{
				{Direction: "offer", Layer: "model", Domain: "robotics", Text: "Robot foundation models and a humanoid test bed"},
				{Direction: "need", Layer: "semiconductor", Domain: "chip-design", Text: "Partners for low-power inference chips"},
			},
			Relationships: []registry.Relationship{
				{Type: "child", TargetScheme: "ror", TargetValue: "0059vr703"},
				{Type: "related", TargetScheme: "ror", TargetValue: "04chrp450"},
			},
			Provenance: prov("057zh3y96"),
		},
		{
			Name: "Institute of Industrial Science", Kind: "research-institute", Country: "JP", City: "Tokyo",
			OtherNames:  []registry.Name{{Value: "東京大学生産技術研究所", Type: "label", Lang: "ja"}},
			ExternalIDs: ror("0059vr703"), Layers: []string{"semiconductor"}, Domains: []string{"materials"},
			Relationships: []registry.Relationship{{Type: "parent", TargetScheme: "ror", TargetValue: "057zh3y96"}},
			Provenance:    prov("0059vr703"),
		},
		{Name: "Kyoto University", Kind: "university", Country: "JP", City: "Kyoto", ExternalIDs: ror("02kpeqv85"),
			OtherNames: []registry.Name{{Value: "京都大学", Type: "label", Lang: "ja"}}, Layers: []string{"model"}, Provenance: prov("02kpeqv85")},
		{Name: "Indian Institute of Science", Kind: "university", Country: "IN", City: "Bengaluru", ExternalIDs: ror("04dese585"),
			OtherNames: []registry.Name{{Value: "IISc", Type: "acronym"}, {Value: "भारतीय विज्ञान संस्थान", Type: "label", Lang: "hi"}},
			Layers:     []string{"semiconductor"}, Domains: []string{"chip-design"}, Provenance: prov("04dese585")},
		{Name: "Korea Advanced Institute of Science and Technology", Kind: "university", Country: "KR", City: "Daejeon", ExternalIDs: ror("05apxxy63"),
			OtherNames: []registry.Name{{Value: "KAIST", Type: "acronym"}, {Value: "한국과학기술원", Type: "label", Lang: "ko"}},
			Layers:     []string{"semiconductor", "model"}, Domains: []string{"memory"}, Provenance: prov("05apxxy63")},
		{Name: "Chulalongkorn University", Kind: "university", Country: "TH", City: "Bangkok", ExternalIDs: ror("028wp3y58"),
			OtherNames: []registry.Name{{Value: "จุฬาลงกรณ์มหาวิทยาลัย", Type: "label", Lang: "th"}},
			Layers:     []string{"application"}, Domains: []string{"healthcare"}, Provenance: prov("028wp3y58")},
		{Name: "National Taiwan University", Kind: "university", Country: "TW", City: "Taipei", ExternalIDs: ror("05bqach95"),
			OtherNames: []registry.Name{{Value: "國立臺灣大學", Type: "label", Lang: "zh-Hant"}},
			Layers:     []string{"semiconductor"}, Domains: []string{"chip-design", "packaging-atmp"}, Provenance: prov("05bqach95")},
		{Name: "Sakura Robotics", Kind: "startup", Country: "JP", City: "Osaka", Sample: true,
			Layers: []string{"application"}, Domains: []string{"robotics", "smart-manufacturing"},
			Description:  "A made-up startup that builds pick-and-place robots.",
			Capabilities: []registry.Capability{{Direction: "need", Layer: "model", Domain: "robotics", Text: "Vision models for bin picking"}},
			Provenance:   registry.Provenance{Source: "setu-sample", SourceID: "sample-1", Licence: "CC0-1.0"}},
	}
	for i := 1; i <= fixtureJapanFillers; i++ {
		orgs = append(orgs, &registry.Organisation{
			Name: fmt.Sprintf("Kansai Vision Lab %02d", i), Kind: "startup", Country: "JP", City: "Kobe", Sample: true,
			Layers: []string{"application"}, Domains: []string{"computer-vision"},
			Provenance: registry.Provenance{Source: "setu-sample", SourceID: fmt.Sprintf("sample-kv-%02d", i), Licence: "CC0-1.0"},
		})
	}
	return orgs
}

// newPageServer returns a server over a fresh SQLite store holding the
// fixture organisations and a secretariat user.
func newPageServer(tb testing.TB) *Server {
	tb.Helper()
	st := storetest.MustOpenSQLite(tb)
	for _, o := range fixtureOrganisations() {
		if err := st.CreateOrganisation(context.Background(), o); err != nil {
			tb.Fatalf("create %s: %v", o.Name, err)
		}
	}
	newTestUser(tb, st, pageAdminEmail, auth.Secretariat, nil, "") // signs in with testPassword
	s, err := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatalf("new server: %v", err)
	}
	return s
}

// pageAdminEmail is the secretariat user of the page fixture.
const pageAdminEmail = "admin@example.org"

// getPage requests path as a browser would and returns the status, the
// headers and the body.
func getPage(tb testing.TB, h http.Handler, path string) (int, http.Header, string) {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.String()
}

// mustContain fails the test for each want that body lacks.
func mustContain(tb testing.TB, name, body string, wants ...string) {
	tb.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			tb.Errorf("%s: body lacks %q", name, w)
		}
	}
}
