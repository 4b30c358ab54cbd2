package web

import "net/http"

// pages holds the parsed page templates.
type pages struct{}

// loadPages parses the embedded templates.
func loadPages() (*pages, error) { return &pages{}, nil }

// pageRoutes registers the HTML pages and their assets.
func (s *Server) pageRoutes() {
}

// errorPage renders a problem as an HTML page.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p problem) {
	writeProblem(w, p)
}
