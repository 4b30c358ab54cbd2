package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// pointer resolves a JSON pointer reference such as
// "#/components/schemas/Problem" within doc.
func pointer(doc map[string]any, ref string) (any, error) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, errors.New("not a reference within the document")
	}
	var cur any = doc
	for _, part := range strings.Split(rest, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", part)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("no %q", part)
		}
	}
	return cur, nil
}

// jsonKeys returns the keys of v encoded as a JSON object.
func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(toJSON(v)), &m); err != nil {
		t.Fatalf("%T: %v", v, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func TestOpenAPISchemasMatchTypes(t *testing.T) {
	doc, _, _ := loadOpenAPI(t)
	now := time.Now()
	person := registry.Person{ID: "p", Name: "n", HomeCountry: "IN", HomeOrgID: "o", Email: "e@x.org", CreatedAt: now, UpdatedAt: now}
	personKeys := jsonKeys(t, person)
	tests := []struct {
		schema string
		keys   []string // every key the encoded value has
	}{
		{"Organisation", jsonKeys(t, registry.Organisation{Established: 1900, CreatedAt: now})},
		{"Name", jsonKeys(t, registry.Name{Lang: "ja"})},
		{"ExternalID", jsonKeys(t, registry.ExternalID{})},
		{"Capability", jsonKeys(t, registry.Capability{})},
		{"Relationship", jsonKeys(t, registry.Relationship{TargetID: "x", TargetName: "y"})},
		{"Provenance", jsonKeys(t, registry.Provenance{})},
		{"OrganisationList", jsonKeys(t, organisationList{})},
		{"Facet", jsonKeys(t, labelledFacet{})},
		{"Links", jsonKeys(t, pageLinks{Prev: "p", Next: "n"})},
		{"Person", personKeys},
		{"PersonListItem", slices.DeleteFunc(slices.Clone(personKeys), func(k string) bool { return k == "email" })},
		{"PersonList", jsonKeys(t, personList{})},
		{"Term", jsonKeys(t, registry.Term{})},
		{"Country", jsonKeys(t, country{})},
		{"Vocabulary", jsonKeys(t, vocabularyView{})},
		{"Problem", jsonKeys(t, problem{Detail: "d", Instance: "i", Errors: []errs.FieldError{{}}})},
		{"FieldError", jsonKeys(t, errs.FieldError{})},
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
