package orgfile

import (
	"time"

	"github.com/setu-council/setu/internal/registry"
)

// richOrganisation has every field set, with the characters each format
// must escape.
func richOrganisation() *registry.Organisation {
	t := time.Date(2024, 4, 5, 9, 30, 0, 123456789, time.UTC)
	return &registry.Organisation{
		ID:      "org-rich",
		Name:    `=Sakura "AI" Labs; K|K \ Ltd`,
		Kind:    "startup",
		Country: "JP",
		City:    "Tōkyō",
		OtherNames: []registry.Name{
			{Value: "さくらAIラボ", Type: "label", Lang: "ja"},
			{Value: "SAL", Type: "acronym"},
			{Value: "a;b|c\\d", Type: "alias"},
		},
		Established: 2019,
		Website:     "https://sakura.example/?a=1&b=<2>",
		ExternalIDs: []registry.ExternalID{{Scheme: "jp-corporate-number", Value: "1234567890123"}, {Scheme: "ror", Value: "057zh3y96"}},
		Description: "Line one,\nline two with \"quotes\", commas; and | bars.\n\n- a list",
		Layers:      []string{"application", "model"},
		Domains:     []string{"healthcare", "language-technology"},
		Capabilities: []registry.Capability{
			{Direction: "offer", Layer: "model", Domain: "healthcare", Text: "Clinical NLP; on-premise | air-gapped"},
			{Direction: "need", Text: " GPUs\nfor training"},
		},
		Relationships: []registry.Relationship{
			{Type: "parent", TargetScheme: "ror", TargetValue: "013q1eq08", TargetID: "ror-013q1eq08", TargetName: "Fudan University"},
			{Type: "related", TargetScheme: "ror", TargetValue: "00aaaaa00"},
		},
		Status:     "active",
		Sample:     true,
		Provenance: registry.Provenance{Source: "setu-sample", SourceID: "s-1", Release: "2024-04", Licence: "CC0-1.0"},
		CreatedAt:  t,
		UpdatedAt:  t.Add(time.Hour),
	}
}

// plainOrganisation has only the required fields, and empty lists as the
// store returns them.
func plainOrganisation() *registry.Organisation {
	return &registry.Organisation{
		ID: "ror-000nbq540", Name: "State Key Laboratory", Kind: "research-institute", Country: "CN", Status: "active",
		OtherNames: []registry.Name{}, ExternalIDs: []registry.ExternalID{}, Layers: []string{}, Domains: []string{},
		Capabilities: []registry.Capability{}, Relationships: []registry.Relationship{},
	}
}
