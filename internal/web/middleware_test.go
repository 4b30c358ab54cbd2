package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/storetest"
)

func TestSecurityHeaders(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	want := map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"X-Frame-Options":         "DENY",
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
	}
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
	}{
		{"API", "GET", "/api/v1/organisations", "", "", 200},
		{"API problem", "GET", "/api/v1/organisations/nope", "", "", 404},
		{"API write", "POST", "/api/v1/organisations", "text/plain", "{}", 415},
		{"method not allowed", "PATCH", "/api/v1/organisations", "", "", 405},
		{"page", "GET", "/", "", "", 200},
		{"health", "GET", "/healthz", "", "", 200},
		{"OpenAPI", "GET", "/api/openapi.json", "", "", 200},
	}
	for _, tt := range tests {
		res := call(t, s, tt.method, tt.path, tt.ctype, tt.body)
		if res.code != tt.status {
			t.Errorf("%s: got status %d, want %d", tt.name, res.code, tt.status)
		}
		for k, v := range want {
			if got := res.header.Get(k); got != v {
				t.Errorf("%s: got %s %q, want %q", tt.name, k, got, v)
			}
		}
	}
}

func TestRecoverPanics(t *testing.T) {
	var logs bytes.Buffer
	s := newAPIServer(t, storetest.MustOpenSQLite(t), &logs)
	s.handle("GET /api/v1/test-panic", func(w http.ResponseWriter, r *http.Request) error { panic("boom") })
	s.handle("GET /api/v1/test-panic-late", func(w http.ResponseWriter, r *http.Request) error {
		w.Write([]byte("half a bo"))
		panic("boom late")
	})

	res := call(t, s, "GET", "/api/v1/test-panic", "", "")
	if res.code != http.StatusInternalServerError || res.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("got status %d, Content-Type %q; want 500, application/problem+json", res.code, res.header.Get("Content-Type"))
	}
	if strings.Contains(string(res.body), "boom") {
		t.Errorf("got the panic value in the response, want it only in the log: %s", res.body)
	}
	for _, w := range []string{"level=ERROR", "panic: boom", "middleware.go", "level=INFO msg=request method=GET path=/api/v1/test-panic route=\"GET /api/v1/test-panic\" status=500"} {
		if !strings.Contains(logs.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, logs.String())
		}
	}

	// Once the response has begun, it is aborted rather than finished.
	logs.Reset()
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("got panic %v, want http.ErrAbortHandler", v)
			}
		}()
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/test-panic-late", nil))
	}()
	for _, w := range []string{"panic: boom late", "msg=request method=GET path=/api/v1/test-panic-late"} {
		if !strings.Contains(logs.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, logs.String())
		}
	}
}

func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	s := newAPIServer(t, storetest.MustOpenSQLite(t), &logs)
	call(t, s, "GET", "/api/v1/organisations/ror-057zh3y96", "", "")
	call(t, s, "GET", "/api/v1/organisations/nope", "", "")
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want one per request:\n%s", len(lines), logs.String())
	}
	for i, w := range []string{
		`path=/api/v1/organisations/ror-057zh3y96 route="GET /api/v1/organisations/{id}" status=200`,
		`path=/api/v1/organisations/nope route="GET /api/v1/organisations/{id}" status=404`,
	} {
		if !strings.Contains(lines[i], w) {
			t.Errorf("log line %d: got %q, want it to contain %q", i, lines[i], w)
		}
	}
}

func TestHTTPErrorKeepsFields(t *testing.T) {
	err := &httpError{code: http.StatusUnsupportedMediaType, err: errors.New("plain")}
	if got := statusOf(err); got != http.StatusUnsupportedMediaType {
		t.Errorf("got status %d, want 415", got)
	}
	if got := err.Error(); got != "plain" {
		t.Errorf("got %q, want %q", got, "plain")
	}
}

func TestNoRoute(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	runAPICases(t, s, []apiCase{
		{name: "API path, other methods", method: "PATCH", path: "/api/v1/organisations", status: 405,
			header: map[string]string{"Allow": "GET, POST, HEAD"}, want: []string{"PATCH is not allowed"}},
		{name: "API path, POST only", method: "GET", path: "/api/v1/vocabulary/kinds", status: 405,
			header: map[string]string{"Allow": "POST"}},
		{name: "no API route", method: "GET", path: "/api/v1/nothing", status: 404, want: []string{"no route for /api/v1/nothing"}},
		{name: "no API route, trailing slash", method: "GET", path: "/api/v1/organisations/", status: 404},
		{name: "no API route, DELETE", method: "DELETE", path: "/api/v2/organisations/x", status: 404},
		{name: "health, POST", method: "POST", path: "/healthz", body: "{}", status: 405, header: map[string]string{"Allow": "GET, HEAD"}},
		{name: "page, POST", method: "POST", path: "/", body: "{}", status: 405, header: map[string]string{"Allow": "GET, HEAD"}},
		{name: "HEAD of a GET route", method: "HEAD", path: "/api/v1/organisations", status: 200},
	})
}
