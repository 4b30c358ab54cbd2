package web

import (
	"net/http"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestVocabularyRoutes(t *testing.T) {
	cases := []apiCase{
		{name: "get", method: "GET", path: "/api/v1/vocabulary", status: 200,
			want: []string{`"kinds":[`, `{"code":"university","label":"University"}`, `{"code":"chip-design","label":"Chip design"}`,
				`"layers":[{"code":"application","label":"Application"}`, `{"code":"JP","name":"Japan"}`, `{"code":"KR","name":"South Korea"}`}},
		{name: "add domain", method: "POST", path: "/api/v1/vocabulary/domains", status: 201,
			body:   `{"code":"quantum","label":"Quantum computing"}`,
			want:   []string{`{"code":"quantum","label":"Quantum computing"}`},
			header: map[string]string{"Location": "/api/v1/vocabulary"}},
		{name: "add domain again", method: "POST", path: "/api/v1/vocabulary/domains", status: 409,
			body: `{"code":"quantum","label":"Quantum"}`, fields: []string{"code"}},
		{name: "add invalid domain", method: "POST", path: "/api/v1/vocabulary/domains", status: 422,
			body: `{"code":"Quantum Computing","label":""}`, fields: []string{"code", "label"}},
		{name: "add domain unknown field", method: "POST", path: "/api/v1/vocabulary/domains", status: 422,
			body: `{"code":"space","label":"Space","colour":"blue"}`, fields: []string{"colour"}},
		{name: "add domain wrong media type", method: "POST", path: "/api/v1/vocabulary/domains", status: 415,
			body: `{"code":"space","label":"Space"}`, ctype: "text/plain"},
		{name: "add kind", method: "POST", path: "/api/v1/vocabulary/kinds", status: 201,
			body: `{"code":"consortium","label":"Consortium"}`},
		{name: "add kind again", method: "POST", path: "/api/v1/vocabulary/kinds", status: 409,
			body: `{"code":"consortium","label":"Consortium"}`, fields: []string{"code"}},
		{name: "vocabulary has them", method: "GET", path: "/api/v1/vocabulary", status: 200,
			want: []string{`{"code":"quantum","label":"Quantum computing"}`, `{"code":"consortium","label":"Consortium"}`}},
		{name: "new terms are usable", method: "POST", path: "/api/v1/organisations", status: 201,
			body: `{"name":"Quantum Consortium of Asia","kind":"consortium","country":"SG","domains":["quantum"]}`},
		{name: "and searchable", method: "GET", path: "/api/v1/organisations?kind=consortium&domain=quantum", status: 200,
			want: []string{`"total":1`, `{"value":"consortium","count":1,"label":"Consortium"}`, `{"value":"quantum","count":1,"label":"Quantum computing"}`}},
	}
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		runAPICases(t, newAPIServer(t, st, nil), cases)
	})
}

func TestVocabularyCountries(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	res := call(t, s, "GET", "/api/v1/vocabulary", "", "")
	if res.code != http.StatusOK {
		t.Fatalf("got status %d, want 200", res.code)
	}
	var v vocabularyView
	res.decode(t, &v)
	if len(v.Countries) < 240 || len(v.Layers) != 5 || len(v.Kinds) == 0 || len(v.Domains) == 0 {
		t.Errorf("got %d countries, %d layers, %d kinds, %d domains; want about 249, 5, and some",
			len(v.Countries), len(v.Layers), len(v.Kinds), len(v.Domains))
	}
}
