package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func tokyo() *registry.Organisation {
	return &registry.Organisation{
		Name: "The University of Tokyo",
		OtherNames: []registry.Name{
			{Value: "Todai", Type: "alias"}, {Value: "Tōkyō Daigaku", Type: "alias"},
			{Value: "UT", Type: "acronym"}, {Value: "東京大学", Type: "label", Lang: "ja"},
		},
		Kind: "university", Country: "jp", City: "Tokyo", Established: 1877, Website: "https://www.u-tokyo.ac.jp",
		ExternalIDs: []registry.ExternalID{{Scheme: "ror", Value: "057zh3y96"}},
		Layers:      []string{"model", "application"},
		Domains:     []string{"robotics"},
		Capabilities: []registry.Capability{
			{Direction: "offer", Layer: "model", Domain: "robotics", Text: "Robot foundation models"},
		},
		Relationships: []registry.Relationship{{Type: "child", TargetScheme: "ror", TargetValue: "0059vr703"}},
		Provenance:    registry.Provenance{Source: "ror", SourceID: "https://ror.org/057zh3y96", Release: "v1.45", Licence: "CC0-1.0"},
	}
}

func TestOrganisationRoundTrip(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := tokyo()
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatalf("create: %v", err)
		}
		if o.ID != "ror-057zh3y96" {
			t.Errorf("id = %q, want ror-057zh3y96", o.ID)
		}
		got, err := s.Organisation(ctx, o.ID)
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		if got.Country != "JP" || got.Name != o.Name || got.Established != 1877 {
			t.Errorf("got %+v", got)
		}
		if !slices.Equal(got.Layers, []string{"application", "model"}) {
			t.Errorf("layers = %v, want [application model]", got.Layers)
		}
		if len(got.OtherNames) != 4 || got.OtherNames[3].Value != "東京大学" || got.OtherNames[3].Lang != "ja" {
			t.Errorf("other names = %+v", got.OtherNames)
		}
		if len(got.Capabilities) != 1 || got.Capabilities[0].Text != "Robot foundation models" {
			t.Errorf("capabilities = %+v", got.Capabilities)
		}
		if got.Provenance.Licence != "CC0-1.0" || got.CreatedAt.IsZero() {
			t.Errorf("provenance %+v created %v", got.Provenance, got.CreatedAt)
		}

		dup := tokyo()
		dup.Name = "Another"
		err = s.CreateOrganisation(ctx, dup)
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate ROR id: got %v, want conflict", err)
		}
		if f := errs.FieldsOf(err); len(f) == 0 || f[0].Field != "external_ids[0]" {
			t.Errorf("conflict fields = %+v, want external_ids[0]", f)
		}

		got.City = "Bunkyo, Tokyo"
		got.Domains = append(got.Domains, "healthcare")
		if err := s.UpdateOrganisation(ctx, got); err != nil {
			t.Fatalf("update: %v", err)
		}
		again, err := s.Organisation(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.City != "Bunkyo, Tokyo" || !slices.Equal(again.Domains, []string{"healthcare", "robotics"}) {
			t.Errorf("after update city %q domains %v", again.City, again.Domains)
		}
		if !again.CreatedAt.Equal(got.CreatedAt) {
			t.Errorf("created_at changed on update: %v -> %v", got.CreatedAt, again.CreatedAt)
		}

		if _, err := s.Organisation(ctx, "org-missing"); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing: got %v, want not found", err)
		}
	})
}

func TestCreateOrganisationInvalid(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		o := &registry.Organisation{Name: "", Kind: "spaceship", Country: "XX", Layers: []string{"quantum"}}
		err := s.CreateOrganisation(context.Background(), o)
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("got %v, want invalid", err)
		}
		var fields []string
		for _, f := range errs.FieldsOf(err) {
			fields = append(fields, f.Field)
		}
		for _, want := range []string{"name", "kind", "country", "layers[0]"} {
			if !slices.Contains(fields, want) {
				t.Errorf("fields %v lack %q", fields, want)
			}
		}
		if n, _, _ := s.CountOrganisations(context.Background()); n != 0 {
			t.Errorf("stored %d organisations after invalid create, want 0", n)
		}
	})
}

func TestSearchOrganisations(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, o := range []*registry.Organisation{
			tokyo(),
			{Name: "University of Tokyo Hospital", Kind: "healthcare", Country: "JP"},
			{Name: "Tokyo Institute of Technology", Kind: "university", Country: "JP", Layers: []string{"semiconductor"}},
			{Name: "Indian Institute of Science Bangalore", Kind: "university", Country: "IN",
				OtherNames: []registry.Name{{Value: "IISc", Type: "acronym"}, {Value: "भारतीय विज्ञान संस्थान", Type: "label", Lang: "hi"}}},
			{Name: "Dai Nam University", Kind: "university", Country: "VN", OtherNames: []registry.Name{{Value: "Trường Đại học Đại Nam", Type: "alias"}}},
			{Name: "Yonsei Cancer Hospital", Kind: "healthcare", Country: "KR", OtherNames: []registry.Name{{Value: "연세암병원", Type: "label", Lang: "ko"}}},
			{Name: "Thailand Science Research and Innovation", Kind: "government", Country: "TH",
				OtherNames: []registry.Name{{Value: "สำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม", Type: "label", Lang: "th"}}},
		} {
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatalf("create %s: %v", o.Name, err)
			}
		}
		tests := []struct {
			q     string
			first string
			total int
		}{
			{"東京大学", "The University of Tokyo", 1},
			{"Todai", "The University of Tokyo", 1},
			{"Tokyo Daigaku", "The University of Tokyo", 1},
			{"University of Tokyo", "The University of Tokyo", 2},
			{"IISc", "Indian Institute of Science Bangalore", 1},
			{"भारतीय विज्ञान", "Indian Institute of Science Bangalore", 1},
			{"Truong Dai hoc", "Dai Nam University", 1},
			{"Trường Đại học", "Dai Nam University", 1},
			{"연세", "Yonsei Cancer Hospital", 1},
			{"암병원", "Yonsei Cancer Hospital", 1},
			{"วิทยาศาสตร์", "Thailand Science Research and Innovation", 1},
			{"นวัตกรรม", "Thailand Science Research and Innovation", 1},
			{"tokyo", "The University of Tokyo", 3},
			{"toky", "The University of Tokyo", 3},
			{"zzzz", "", 0},
			{"---", "", 0},
		}
		for _, tt := range tests {
			res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: tt.q})
			if err != nil {
				t.Fatalf("search %q: %v", tt.q, err)
			}
			if res.Total != tt.total {
				t.Errorf("search %q: total %d, want %d", tt.q, res.Total, tt.total)
			}
			if tt.first != "" && (len(res.Items) == 0 || res.Items[0].Name != tt.first) {
				t.Errorf("search %q: first %v, want %q", tt.q, names(res.Items), tt.first)
			}
		}

		res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "tokyo", Kinds: []string{"university"}, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 2 {
			t.Errorf("tokyo kind=university: total %d, want 2", res.Total)
		}
		// The kind facet ignores the kind filter: it counts what each kind would give.
		if got := facet(res.Facets["kind"], "healthcare"); got != 1 {
			t.Errorf("kind facet healthcare = %d, want 1 (facets %+v)", got, res.Facets)
		}
		if got := facet(res.Facets["layer"], "semiconductor"); got != 1 {
			t.Errorf("layer facet semiconductor = %d, want 1", got)
		}
		if got := facet(res.Facets["country"], "JP"); got != 2 {
			t.Errorf("country facet JP = %d, want 2", got)
		}

		res, err = s.SearchOrganisations(ctx, store.OrgQuery{Countries: []string{"jp"}, Layers: []string{"semiconductor"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Items[0].Name != "Tokyo Institute of Technology" {
			t.Errorf("country=JP layer=semiconductor: %v", names(res.Items))
		}

		res, err = s.SearchOrganisations(ctx, store.OrgQuery{PerPage: 2, Page: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 7 || len(res.Items) != 2 {
			t.Errorf("page 2 of 2: total %d items %d", res.Total, len(res.Items))
		}

		_, err = s.SearchOrganisations(ctx, store.OrgQuery{Countries: []string{"ZZ"}, PerPage: 1000})
		if f := errs.FieldsOf(err); !errs.Is(err, errs.Invalid) || len(f) != 2 {
			t.Errorf("bad query: got %v (fields %+v), want invalid country and per_page", err, f)
		}
	})
}

func names(os []*registry.Organisation) []string {
	var n []string
	for _, o := range os {
		n = append(n, o.Name)
	}
	return n
}

func facet(fs []store.Facet, v string) int {
	for _, f := range fs {
		if f.Value == v {
			return f.Count
		}
	}
	return 0
}
