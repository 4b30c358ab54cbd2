package web

import (
	"context"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// ledgerMatrixIDs are the records the role matrix writes, by collection.
var ledgerMatrixIDs = map[string]string{"frameworks": "mx", "commitments": "mx.c1", "projects": "XI-SETU-MX", "milestones": "mx-m1", "outputs": "mx-o1"}

const (
	mxFramework  = `{"id":"%s","title":"Matrix framework","kind":"initiative","parties":[{"country":"IN"},{"country":"JP"}],"source":{"citation":"Matrix"},"summary":"A framework."}`
	mxCommitment = `{"id":"%s","framework_id":"mx","text":"Do a thing.","layers":["model"],"domains":[],"source":{"citation":"Matrix"}}`
	mxProject    = `{"id":"%s","reporting_org":"XI-SETU","title":"Matrix project","participants":[{"org_id":"ror-04dese585","role":4,"home":true},{"org_id":"sample-bharat-chips","role":1}],"countries":["IN"],"layers":["model"],"domains":[],"status":1,"budgets":[],"transactions":[],"commitments":["mx.c1"]}`
	mxMilestone  = `{"id":"%s","project_id":"XI-SETU-MX","title":"A step","due":"2026-06-30"}`
	mxOutput     = `{"id":"%s","project_id":"XI-SETU-MX","kind":"software","title":"A tool","licence":"MIT","ip_holder":"ror-04dese585"}`
)

// ledgerMatrixBody is a valid request to each ledger write route.
func ledgerMatrixBody(route string) (string, string) {
	bodies := map[string]string{"frameworks": mxFramework, "commitments": mxCommitment, "projects": mxProject, "milestones": mxMilestone, "outputs": mxOutput}
	method, path, _ := strings.Cut(route, " ")
	coll := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")[0]
	body, ok := bodies[coll]
	if !ok || method == "DELETE" {
		return "", ""
	}
	id := ledgerMatrixIDs[coll]
	if method == "POST" {
		id = strings.Replace(id, "mx", "mx2", 1)
		if coll == "projects" {
			id = "XI-SETU-MX2"
		}
	}
	return "application/json", strings.Replace(body, "%s", id, 1)
}

// seedLedgerMatrix stores the records the role matrix writes to, leaving
// out those that would make the route's delete a conflict.
func seedLedgerMatrix(tb testing.TB, st *store.Store, route string) {
	tb.Helper()
	if !strings.Contains(route, "/api/v1/") {
		return
	}
	ctx := context.Background()
	l, err := ledger.Decode(strings.NewReader(`{"frameworks":[` + strings.Replace(mxFramework, "%s", "mx", 1) + `],"commitments":[` +
		strings.Replace(mxCommitment, "%s", "mx.c1", 1) + `],"projects":[` + strings.Replace(mxProject, "%s", "XI-SETU-MX", 1) +
		`],"milestones":[` + strings.Replace(mxMilestone, "%s", "mx-m1", 1) + `],"outputs":[` + strings.Replace(mxOutput, "%s", "mx-o1", 1) + `]}`))
	if err != nil {
		tb.Fatal(err)
	}
	switch route {
	case "DELETE /api/v1/frameworks/{id}":
		l.Commitments, l.Projects, l.Milestones, l.Outputs = nil, nil, nil, nil
	case "DELETE /api/v1/commitments/{id}":
		l.Projects, l.Milestones, l.Outputs = nil, nil, nil
	}
	if _, err := st.ImportLedgerDataset(ctx, "matrix", "x", l); err != nil {
		tb.Fatal(err)
	}
}

func TestLedgerAPI(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	seedLedgerMatrix(t, st, "GET /api/v1/")
	for _, tc := range []struct {
		name, method, path, body string
		code                     int
		want                     string // in the body
	}{
		{"list projects", "GET", "/api/v1/projects?country=IN&status=1", "", 200, `"total":1`},
		{"list projects, other layer", "GET", "/api/v1/projects?layer=energy", "", 200, `"total":0`},
		{"bad status", "GET", "/api/v1/projects?status=9", "", 422, "status"},
		{"commitment with status", "GET", "/api/v1/commitments/mx.c1", "", 200, `"status":"statement-only"`},
		{"commitments by status", "GET", "/api/v1/commitments?status=statement-only&framework=mx", "", 200, `"total":1`},
		{"framework scorecard", "GET", "/api/v1/frameworks/mx/scorecard", "", 200, `"projects":1`},
		{"overall scorecard without samples", "GET", "/api/v1/ledger/scorecard?sample=false", "", 200, `"overall"`},
		{"unknown framework", "GET", "/api/v1/frameworks/nope/scorecard", "", 404, ""},
		{"milestones of a framework", "GET", "/api/v1/milestones?framework=mx", "", 200, `"mx-m1"`},
		{"unknown participant", "POST", "/api/v1/projects", strings.Replace(strings.Replace(mxProject, "%s", "XI-SETU-MX3", 1), "ror-04dese585", "org-nobody", 1), 422, "participants[0].org_id"},
		{"duplicate", "POST", "/api/v1/frameworks", strings.Replace(mxFramework, "%s", "mx", 1), 409, ""},
		{"id mismatch", "PUT", "/api/v1/milestones/mx-m1", strings.Replace(mxMilestone, "%s", "other", 1), 422, "id"},
		{"framework in use", "DELETE", "/api/v1/frameworks/mx", "", 409, ""},
		{"status is derived", "PUT", "/api/v1/commitments/mx.c1", `{"framework_id":"mx","text":"x","status":"delivered","source":{"citation":"c"}}`, 422, "status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype := ""
			if tc.body != "" {
				ctype = "application/json"
			}
			res := call(t, s, tc.method, tc.path, ctype, tc.body) // as the secretariat

			if res.code != tc.code || !strings.Contains(string(res.body), tc.want) {
				t.Errorf("got %d %s, want %d with %q", res.code, clip(res.body), tc.code, tc.want)
			}
		})
	}
}
