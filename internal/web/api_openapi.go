package web

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of the API, written by hand.
// api_openapi_test.go checks that it is valid JSON, that its references
// resolve, and that it describes every API route and no other.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves GET /api/openapi.json.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPIDoc) // a failed write means the client has gone
	return nil
}
