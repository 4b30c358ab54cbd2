package web

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// writeJSON writes v as JSON with the given status. It encodes into a
// buffer first, so an encoding error reaches the error boundary before
// any header is written; a failed write means the client has gone.
func writeJSON(w http.ResponseWriter, code int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	buf.WriteTo(w)
	return nil
}

// writeProblem writes an RFC 9457 problem document.
func writeProblem(w http.ResponseWriter, p problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}

// httpError gives an error an HTTP status that no errs.Kind covers: 400
// for a body that is not JSON, 405 for a method a route lacks, 415 for
// the wrong media type. The error boundary (errors.go) uses the status;
// the wrapped error, of kind errs.Invalid, gives the detail and fields.
type httpError struct {
	code int
	err  error
}

// Error returns the wrapped error's message.
func (e *httpError) Error() string { return e.err.Error() }

// Unwrap returns the wrapped error, whose kind and fields the error
// boundary reads.
func (e *httpError) Unwrap() error { return e.err }
