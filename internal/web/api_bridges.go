package web

import (
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// bridgeRoutes registers the country-pair bridge of the API.
func (s *Server) bridgeRoutes() {
	s.handle("GET /api/v1/bridges/{a}/{b}", s.getBridge)
}

// getBridge serves GET /api/v1/bridges/{a}/{b}: for each layer and
// domain, how many needs of one country meet offers of the other, both
// ways, and the strongest candidate pairs with their reasons (?pairs=N,
// 1 to store.BridgePairs).
func (s *Server) getBridge(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	pairs := qp.integer("pairs", store.BridgePairs, 1, store.BridgePairs)
	for _, name := range []string{"a", "b"} { // so that one answer names every bad parameter
		if c := strings.ToUpper(r.PathValue(name)); !registry.IsCountry(c) {
			qp.problem(name, "%q is not an ISO 3166-1 alpha-2 code", r.PathValue(name))
		}
	}
	if err := qp.err("get bridge"); err != nil {
		return err
	}
	br, err := s.store.CountryBridge(r.Context(), r.PathValue("a"), r.PathValue("b"), pairs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, br)
}
