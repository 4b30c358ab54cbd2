// Package web serves Setu over HTTP: the JSON API under /api/v1, its
// OpenAPI document, and the server-rendered pages, with their assets
// embedded in the binary. Handlers are thin: they decode, call the store
// and encode; errors go through one boundary (errors.go).
package web

import (
	"log/slog"
	"net/http"

	"github.com/setu-council/setu/internal/store"
)

// Server is Setu's HTTP handler.
type Server struct {
	store  *store.Store
	logger *slog.Logger
	pages  *pages
	mux    *http.ServeMux

	handler  http.Handler // mux inside the middleware (middleware.go)
	patterns []string     // every registered route pattern, for the OpenAPI test

	secureCookies bool // mark cookies Secure even on plain HTTP (behind a TLS proxy)
}

// New returns the server for st. It parses the page templates now, so a
// broken template fails at start, not on first use.
func New(st *store.Store, logger *slog.Logger) (*Server, error) {
	s := &Server{store: st, logger: logger, mux: http.NewServeMux()}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s.pages = p
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// SecureCookies marks the session cookies Secure on every request, for a
// server behind a proxy that terminates TLS. Requests that arrive over TLS
// get Secure cookies anyway.
func (s *Server) SecureCookies(on bool) { s.secureCookies = on }

// ServeHTTP serves a request through the middleware: one log line,
// panic recovery and security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}
