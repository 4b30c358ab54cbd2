package web

import (
	"net/http"
)

// healthz answers 200 while the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers and its migrations are
// current, and 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ready(r.Context()); err != nil {
		s.logger.WarnContext(r.Context(), "not ready", "err", err)
		writeProblem(w, problem{Type: "about:blank", Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
			Detail: "database not ready", Instance: r.URL.Path})
		return nil
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "database": s.store.Dialect()})
}
