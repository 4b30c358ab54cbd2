package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// maxBodyBytes is the largest request body the API reads: 1 MiB.
const maxBodyBytes = 1 << 20

// decodeJSON reads the request's JSON body into dst, a pointer to a
// struct. It answers, through the error boundary, 415 for a body that is
// not application/json, 413 for one over 1 MiB, 400 for malformed JSON
// (naming the line, column and byte offset) and 422 for unknown fields or
// values of the wrong type (naming the field).
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := checkJSONContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errs.E("read request", errs.TooLarge, "the request body is larger than %d bytes", tooLarge.Limit)
	}
	if err != nil {
		return &httpError{code: http.StatusBadRequest, err: errs.E("read request", errs.Invalid, "reading the body: %v", err)}
	}
	return decodeBody(body, dst)
}

// checkJSONContentType accepts application/json, with a UTF-8 charset if
// one is named.
func checkJSONContentType(ct string) error {
	unsupported := func(format string, args ...any) error {
		return &httpError{code: http.StatusUnsupportedMediaType, err: errs.E("read request", errs.Invalid, format, args...)}
	}
	if ct == "" {
		return unsupported("the request has no Content-Type; send application/json")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return unsupported("Content-Type %q is not supported; send application/json", ct)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return unsupported("charset %q is not supported; send UTF-8", cs)
	}
	return nil
}

// decodeBody decodes one JSON object from body into dst, rejecting
// unknown fields and anything after the object.
func decodeBody(body []byte, dst any) error {
	const op = "decode request"
	// malformed reports a problem with the byte at index at.
	malformed := func(at int64, format string, args ...any) error {
		line, col := lineColumn(body, at)
		msg := fmt.Sprintf(format, args...) + fmt.Sprintf(" at line %d, column %d (byte offset %d)", line, col, at)
		return &httpError{code: http.StatusBadRequest, err: errs.E(op, errs.Invalid, "malformed JSON: %s", msg)}
	}
	start := bytes.TrimLeft(body, " \t\r\n")
	if len(start) == 0 {
		return &httpError{code: http.StatusBadRequest, err: errs.E(op, errs.Invalid, "the request body is empty; send a JSON object")}
	}
	if start[0] != '{' {
		return malformed(int64(len(body)-len(start)), "the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var bug *json.InvalidUnmarshalError
	switch {
	case err == nil:
	case errors.As(err, &bug):
		return err // dst is not a pointer: a bug, so an internal error
	case errors.As(err, &syntax):
		return malformed(max(syntax.Offset-1, 0), "%v", syntax) // Offset counts the bad byte
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed(int64(len(body)), "the JSON ends too soon")
	case errors.As(err, &typ):
		field := pathAt(body, typ.Offset)
		return &errs.Error{Op: op, Kind: errs.Invalid, Msg: "invalid input",
			Fields: []errs.FieldError{{Field: field, Problem: fmt.Sprintf("must be %s, not %s", jsonTypeName(typ.Type.Kind()), typ.Value)}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		fields := unknownFields(body, dst)
		if len(fields) == 0 { // should not happen; keep the decoder's word
			fields = []string{pathKey(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`))}
		}
		var p errs.Problems
		for _, f := range fields {
			p.Add(f, "is not a known field")
		}
		return &errs.Error{Op: op, Kind: errs.Invalid, Msg: "unknown field " + strings.Join(fields, ", "), Fields: p}
	default: // a value's own decoder refused it, e.g. a time not in RFC 3339
		return errs.E(op, errs.Invalid, "invalid value: %v", err)
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(body[end:], " \t\r\n"); len(rest) > 0 {
		return malformed(int64(len(body)-len(rest)), "unexpected data after the JSON object")
	}
	return nil
}

// lineColumn returns the 1-based line and column, counted in bytes, of
// the byte at index at; len(body) is the position after the last byte.
func lineColumn(body []byte, at int64) (line, col int) {
	at = min(max(at, 0), int64(len(body)))
	before := body[:at]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
