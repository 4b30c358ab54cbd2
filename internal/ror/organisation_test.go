package ror

import (
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

func TestRecordOrganisation(t *testing.T) {
	rec := Record{
		ID: "https://ror.org/057zh3y96", Display: "The University of Tokyo",
		Aliases: []string{"Todai"}, Acronyms: []string{"UT"},
		Labels: []Label{{Value: "東京大学", Lang: "ja"}, {Value: "도쿄 대학교", Lang: "kr"}},
		Types:  []string{"education", "funder"}, Country: "JP", City: "Tokyo", Established: 1877,
		Links:         []string{"http://en.wikipedia.org/wiki/University_of_Tokyo", "https://www.u-tokyo.ac.jp"},
		Relationships: []Relationship{{Type: "child", ID: "https://ror.org/0059vr703"}},
		Status:        "active", Release: "v1.45", LastModified: "2024-04-05",
	}
	o := rec.Organisation()
	checks := []struct {
		name      string
		got, want any
	}{
		{"kind", o.Kind, "university"},
		{"website skips wikipedia", o.Website, "https://www.u-tokyo.ac.jp"},
		{"external id", o.ExternalIDs[0], registry.ExternalID{Scheme: "ror", Value: "057zh3y96"}},
		{"relationship", o.Relationships[0], registry.Relationship{Type: "child", TargetScheme: "ror", TargetValue: "0059vr703"}},
		{"names", len(o.OtherNames), 4},
		{"kr label in Hangul is Korean", o.OtherNames[3].Lang, "ko"},
		{"provenance", o.Provenance, registry.Provenance{Source: "ror", SourceID: "https://ror.org/057zh3y96", Release: "v1.45 (2024-04-05)", Licence: "CC0-1.0"}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	o.Normalize()
	if err := o.Validate(registry.DefaultVocabulary()); err != nil {
		t.Errorf("mapped record does not validate: %v", err)
	}
}
