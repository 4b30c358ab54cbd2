package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
)

// TestSovereigntyPageSampleNotice checks that the page says when sample
// records are among the projects it counts, and only then.
func TestSovereigntyPageSampleNotice(t *testing.T) {
	s, st := newSovereigntyServer(t)
	res := call(t, s, "GET", "/sovereignty/IN", "", "")
	if res.code != http.StatusOK || strings.Contains(string(res.body), `id="sample-notice"`) {
		t.Fatalf("without samples: got %d, notice shown: %v", res.code, strings.Contains(string(res.body), `id="sample-notice"`))
	}
	p := &ledger.Project{ID: "XI-SETU-S1", ReportingOrg: "XI-SETU", Title: "Sample chips", Sample: true,
		Participants: []ledger.Participant{{OrgID: "ror-04dese585", Role: ledger.RoleImplementing, Home: true}, {OrgID: "ror-057zh3y96", Role: ledger.RoleFunding}},
		Countries:    []string{"IN"}, Layers: []string{"semiconductor"}, Status: ledger.StatusPipeline}
	if err := st.CreateProject(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	body := string(call(t, s, "GET", "/sovereignty/IN", "", "").body)
	if !strings.Contains(body, `id="sample-notice"`) || !strings.Contains(body, "1 of the projects counted here is a sample record") {
		t.Errorf("with a sample project: the page lacks the notice\n%s", body)
	}
}
