package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

//go:embed templates
var templateFS embed.FS

// pages holds the parsed page templates, one set per page (the layout
// plus the page's own file), and the static assets they link to.
type pages struct {
	assets *assets
	views  map[string]*template.Template // by file name without .html
}

// layout is what the base layout needs from every page's data.
type layout struct {
	Title  string // the page's own title; " · Setu" is added
	Nav    string // the nav entry to mark current: "registry" or ""
	Viewer viewer // who is reading; render fills it in
}

// viewer is the signed-in user, for the header: their email and the CSRF
// token of the sign-out form. The zero value is the public.
type viewer struct {
	Email       string
	CSRF        string
	Secretariat bool
}

// setViewer records who reads the page. Pages pass their data to render
// as a pointer, so render can call it through the embedded layout.
func (l *layout) setViewer(v viewer) { l.Viewer = v }

// loadPages parses the embedded templates and hashes the static assets,
// so that a broken template fails at start-up.
func loadPages() (*pages, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"asset":     a.url,
		"country":   registry.CountryName,
		"deskLabel": deskLabel,
		"layer":     registry.LayerLabel,
		"num":       formatCount,
	}
	// The layout and the partials (templates/part_*.html: blocks that several
	// pages share) are parsed into every page.
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/part_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{assets: a, views: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "part_") {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFS, f)
		}
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		p.views[name] = t
	}
	return p, nil
}

// pageRoutes registers the HTML pages and their assets.
func (s *Server) pageRoutes() {
	s.handle("GET /{$}", s.registryPage)
	s.handle("GET /organisations/{id}", s.organisationPage)
	s.handle("GET /organisations/{id}/partners", s.partnersPage)
	s.handle("POST /organisations/{id}/introductions", s.requestIntroductionForm)
	s.introductionPageRoutes() // free partner search, introductions, country bridges: page_introductions.go
	s.ledgerPageRoutes()       // frameworks, scorecards, projects: page_ledger.go
	s.placementPageRoutes()    // placement rounds: page_placement.go
	s.sovereigntyPageRoutes()  // the sovereignty view: page_sovereignty.go
	s.deskPageRoutes()         // investment desk: pipeline, barrier queue, leads, statistics: page_desk.go
	s.handle("GET /static/{file}", s.staticFile)
	s.handle("GET /", s.notFoundPage)
}

// notFoundPage answers every GET that no other route matches.
func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) error {
	return errs.E("page", errs.NotFound, "there is no page at %s", r.URL.Path)
}

// render executes the page's template into a buffer and only then writes
// it, so a template error becomes an error page rather than half a page.
// If data (a pointer to a page's view) embeds layout, render fills in the
// reader for the header.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page string, data any) error {
	t, ok := s.pages.views[page]
	if !ok {
		return fmt.Errorf("web: no page template %q", page)
	}
	if l, ok := data.(interface{ setViewer(viewer) }); ok {
		l.setViewer(s.viewerOf(r))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	buf.WriteTo(w) // a failed write means the client has gone
	return nil
}

// formatCount writes n with thousands separators: 11342 -> "11,342".
func formatCount(n int) string {
	if n < 0 {
		return "-" + formatCount(-n)
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
