package web

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// newRecorder serves req and returns the recorded answer.
func newRecorder(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestStaticAssets(t *testing.T) {
	s := newPageServer(t)
	_, _, body := getPage(t, s, "/")
	links := regexp.MustCompile(`/static/setu\.[0-9a-f]{10}\.(css|svg)`).FindAllString(body, -1)
	if len(links) < 2 {
		t.Fatalf("page links %v, want hashed setu.css and setu.svg", links)
	}
	for _, link := range links {
		rec := newRecorder(s, httptest.NewRequest(http.MethodGet, link, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", link, rec.Code)
		}
		if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q, want a year, immutable", link, got)
		}
		want := map[string]string{".css": "text/css", ".svg": "image/svg+xml"}[link[strings.LastIndex(link, "."):]]
		if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, want) {
			t.Errorf("GET %s: Content-Type %q, want %s", link, got, want)
		}
	}
	for _, path := range []string{"/static/setu.css", "/static/setu.0000000000.css", "/static/"} {
		rec := newRecorder(s, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, rec.Code)
		}
		if rec.Header().Get("Cache-Control") != "" {
			t.Errorf("GET %s: a 404 is cacheable: %q", path, rec.Header().Get("Cache-Control"))
		}
	}
}
