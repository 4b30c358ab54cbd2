package web

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// middleware wraps h in what every request passes through, outermost
// first: one log line, panic recovery, security headers, and answers
// through the error boundary for requests no route serves.
func (s *Server) middleware(h http.Handler) http.Handler {
	return s.logRequests(s.recoverPanics(secureHeaders(s.noRoute(h))))
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request: method, path, the route that
// served it, status, size and duration. It logs in a defer, so a request
// that a panic aborts is logged too.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			s.logger.InfoContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "route", r.Pattern,
				"status", rec.status, "bytes", rec.bytes, "duration", time.Since(start))
		}()
		next.ServeHTTP(rec, r)
	})
}

// recoverPanics turns a panic in a handler into a logged internal error
// and a 500 problem, through the error boundary. If the handler had
// already started its response, the response is aborted instead, so the
// client cannot take half a body for a whole one.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			v := recover()
			switch {
			case v == nil:
				return
			case v == http.ErrAbortHandler:
				panic(v) // the handler's own way to abort; net/http handles it
			}
			err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			if rec.status != 0 {
				s.logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
				panic(http.ErrAbortHandler)
			}
			s.fail(rec, r, err)
		}()
		next.ServeHTTP(rec, r)
	})
}

// contentSecurityPolicy allows only the site's own scripts, styles and
// images (and data: images), in no frame.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// secureHeaders sets the security headers on every response.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// routeMethods are the methods Setu's routes use.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}

// noRoute answers the requests that no route serves through the error
// boundary, as a problem document (or an error page for a browser), where
// the mux would answer in plain text: 405 with an Allow header if the
// path has routes for other methods, else 404. A path under /api/ counts
// only the API's routes, not the pages' catch-all.
func (s *Server) noRoute(next http.Handler) http.Handler {
	served := func(r *http.Request) bool {
		_, pattern := s.mux.Handler(r)
		return pattern != "" && (isAPIPattern(pattern) || !strings.HasPrefix(r.URL.Path, "/api/"))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served(r) {
			next.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range routeMethods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if served(probe) {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			s.fail(w, r, errs.E("route", errs.NotFound, "no route for %s", r.URL.Path))
			return
		}
		if allow[0] == http.MethodGet {
			allow = append(allow, http.MethodHead)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, &httpError{code: http.StatusMethodNotAllowed,
			err: errs.E("route", errs.Invalid, "%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allow, ", "))})
	})
}

// isAPIPattern reports whether a mux pattern such as
// "GET /api/v1/organisations/{id}" serves the API.
func isAPIPattern(pattern string) bool {
	_, path, ok := strings.Cut(pattern, " ")
	if !ok {
		path = pattern
	}
	return strings.HasPrefix(path, "/api/")
}
