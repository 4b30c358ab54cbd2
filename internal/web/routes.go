package web

import "net/http"

// handlerFunc is a handler that returns an error; errors go through
// s.fail, the one error boundary.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers a route whose handler returns an error, and records
// its pattern so a test can check the OpenAPI document against the routes.
// Every route but the probes and static files learns who is calling and
// has its writes checked for CSRF first (authenticate).
func (s *Server) handle(pattern string, h handlerFunc) {
	s.patterns = append(s.patterns, pattern)
	var next http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
	if needsIdentity(pattern) {
		next = s.authenticate(next) // auth_middleware.go
	}
	s.mux.Handle(pattern, next)
}

// routes registers every route. The API routes are listed in apiRoutes
// (api_routes.go), sign-in and accounts in accountRoutes
// (auth_routes.go), the pages in pageRoutes (page_routes.go).
func (s *Server) routes() {
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /readyz", s.readyz)
	s.apiRoutes()
	s.accountRoutes()
	s.pageRoutes()
}
