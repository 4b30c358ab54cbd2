package web

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/store"
)

// TestOpenAPIPlacementSchemas checks that the placement schemas of
// openapi.json list exactly the JSON fields of the types the API writes
// (every optional field set), and that their required fields exist.
func TestOpenAPIPlacementSchemas(t *testing.T) {
	doc, _, _ := loadOpenAPI(t)
	now := time.Now()
	target := 1
	pos := store.Position{ID: "p", HostName: "h", Target: &target, CreatedAt: now}
	pl := &store.Placement{ID: "x", StartedOn: "d", CompletedOn: "d", ReturnedOn: "d"}
	tests := []struct {
		schema string
		v      any
	}{
		{"Round", store.Round{FrameworkID: "f", Programme: "p", PublishedRun: "r", PublishedAt: &now}},
		{"Cap", store.Cap{}},
		{"RoundFigures", store.RoundFigures{}},
		{"RoundList", roundList{}},
		{"Position", pos},
		{"PositionList", positionList{}},
		{"Application", store.Application{}},
		{"ApplicationRequest", applicationRequest{}},
		{"Run", store.Run{Verdict: json.RawMessage(`{}`)}},
		{"RunList", runList{}},
		{"Why", store.Why{Rank: 1, Kept: 1, LastKept: 1, Tie: true, Country: "JP"}},
		{"HostWhy", store.HostWhy{PlacedAt: "p"}},
		{"Outcome", store.Outcome{Position: &pos}},
		{"Placement", pl},
		{"PlacementList", placementList{}},
		{"Progress", store.Progress{}},
		{"Applicant", store.Applicant{Rank: 1}},
		{"ApplicantList", applicantList{}},
		{"RankingRequest", rankingRequest{}},
		{"HostOutcome", hostOutcome{}},
		{"ImportSummary", store.ImportSummary{}},
	}
	for _, tt := range tests {
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
		if keys := jsonKeys(t, tt.v); !sameSet(documented, keys) {
			t.Errorf("schema %s: got properties %q, want the type's JSON fields %q", tt.schema, documented, keys)
		}
		req, _ := s.(map[string]any)["required"].([]any)
		for _, r := range req {
			if _, ok := props[r.(string)]; !ok {
				t.Errorf("schema %s: required %q is not a property", tt.schema, r)
			}
		}
	}
}
