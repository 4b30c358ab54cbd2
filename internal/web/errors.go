package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// problem is an RFC 9457 problem document.
type problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail,omitempty"`
	Instance string            `json:"instance,omitempty"`
	Errors   []errs.FieldError `json:"errors,omitempty"`
}

// status maps an error kind to an HTTP status.
func status(k errs.Kind) int {
	switch k {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Unauthorised:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}

// fail is the one error boundary: it logs internal errors once and answers
// with a problem document (API) or an error page (pages).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	k := errs.KindOf(err)
	code := status(k)
	var he *httpError
	if errors.As(err, &he) {
		code = he.code // a status no kind covers, e.g. 415 (json.go)
	}
	p := problem{
		Type:     "about:blank",
		Title:    http.StatusText(code),
		Status:   code,
		Instance: r.URL.Path,
		Errors:   errs.FieldsOf(err),
	}
	if k == errs.Internal {
		s.logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Detail = "an internal error occurred; it has been logged"
	} else {
		p.Detail = err.Error()
	}
	if strings.HasPrefix(r.URL.Path, "/api/") || !acceptsHTML(r) {
		writeProblem(w, p)
		return
	}
	s.errorPage(w, r, p)
}

func acceptsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}
