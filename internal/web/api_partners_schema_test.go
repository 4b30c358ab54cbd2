package web

import (
	"testing"
	"time"

	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/store"
)

// TestOpenAPIPartnerSchemas checks that the OpenAPI schemas of partners
// and introductions list exactly the JSON fields of their types.
func TestOpenAPIPartnerSchemas(t *testing.T) {
	doc, _, _ := loadOpenAPI(t)
	now := time.Now()
	tests := []struct {
		schema string
		keys   []string
	}{
		{"PartnerSearch", jsonKeys(t, partnerSearch{})},
		{"PartnerList", jsonKeys(t, partnerList{Organisation: "x"})},
		{"PartnerMatch", jsonKeys(t, partners.Match{})},
		{"PartnerReasons", jsonKeys(t, partners.Reasons{Purpose: partners.Research})},
		{"PartnerPair", jsonKeys(t, partners.Pair{Profile: true, Place: "JP", Purpose: true, Discount: 0.1})},
		{"Contact", jsonKeys(t, store.Contact{})},
		{"IntroductionRequest", jsonKeys(t, introductionRequest{})},
		{"IntroductionAnswer", jsonKeys(t, introductionAnswer{})},
		{"Introduction", jsonKeys(t, store.Introduction{DeclineReason: "r", ProjectID: "p", AnsweredAt: &now, ConvertedAt: &now})},
		{"IntroductionList", jsonKeys(t, introductionList{})},
		{"IntroductionFigures", jsonKeys(t, store.IntroductionFigures{})},
		{"IntroductionFigure", jsonKeys(t, store.IntroductionFigure{})},
		{"Bridge", jsonKeys(t, store.Bridge{})},
		{"BridgeCell", jsonKeys(t, store.BridgeCell{})},
		{"BridgePair", jsonKeys(t, store.BridgePair{})},
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
		if !sameSet(documented, tt.keys) {
			t.Errorf("schema %s: got properties %q, want the type's JSON fields %q", tt.schema, documented, tt.keys)
		}
		req, _ := s.(map[string]any)["required"].([]any)
		for _, r := range req {
			if _, ok := props[r.(string)]; !ok {
				t.Errorf("schema %s: required %q is not a property", tt.schema, r)
			}
		}
	}
}
