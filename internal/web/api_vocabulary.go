package web

import (
	"context"
	"net/http"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
)

// vocabularyView is the registry's controlled vocabularies: the kinds and
// domains, which grow, and the fixed layers and countries.
type vocabularyView struct {
	Kinds     []registry.Term `json:"kinds"`
	Domains   []registry.Term `json:"domains"`
	Layers    []registry.Term `json:"layers"`
	Countries []country       `json:"countries"`
}

// country is an ISO 3166-1 alpha-2 code and its common English name.
type country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// getVocabulary serves GET /api/v1/vocabulary.
func (s *Server) getVocabulary(w http.ResponseWriter, r *http.Request) error {
	v, err := s.store.Vocabulary(r.Context())
	if err != nil {
		return err
	}
	view := vocabularyView{Kinds: v.Kinds, Domains: v.Domains, Layers: registry.Layers}
	for _, c := range registry.CountryCodes() {
		view.Countries = append(view.Countries, country{Code: c, Name: registry.CountryName(c)})
	}
	if view.Kinds == nil {
		view.Kinds = []registry.Term{}
	}
	if view.Domains == nil {
		view.Domains = []registry.Term{}
	}
	return writeJSON(w, http.StatusOK, view)
}

// addDomain serves POST /api/v1/vocabulary/domains.
func (s *Server) addDomain(w http.ResponseWriter, r *http.Request) error {
	return s.addTerm(w, r, s.store.AddDomain)
}

// addKind serves POST /api/v1/vocabulary/kinds.
func (s *Server) addKind(w http.ResponseWriter, r *http.Request) error {
	return s.addTerm(w, r, s.store.AddKind)
}

// addTerm decodes a term and adds it with add: 201 with the term, and the
// vocabulary's URL in Location. A code that exists is a conflict.
func (s *Server) addTerm(w http.ResponseWriter, r *http.Request, add func(ctx context.Context, t registry.Term) error) error {
	if err := authorize(r, auth.AddVocabularyTerm, auth.Resource{}); err != nil {
		return err
	}
	var t registry.Term
	if err := decodeJSON(w, r, &t); err != nil {
		return err
	}
	if err := add(r.Context(), t); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/vocabulary")
	return writeJSON(w, http.StatusCreated, t)
}
