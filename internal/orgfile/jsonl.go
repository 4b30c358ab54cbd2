package orgfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// maxLine bounds one line of JSON Lines, so a malformed input cannot make
// the reader hold an unbounded amount of it. The largest record allowed
// (200 names, capabilities of 2,000 characters, 5,000 relationships) is
// well under it.
const maxLine = 16 << 20

// JSONLReader reads records of type T (registry.Organisation or
// registry.Person), one JSON object per line; blank lines are skipped. A
// field the type does not have is an error, so a misspelt field is caught
// rather than dropped.
type JSONLReader[T any] struct {
	name string
	br   *bufio.Reader
	line int
	buf  []byte
	err  error // sticky: io.EOF or a read error
}

// NewJSONLReader returns a reader of r, whose name is used in error
// messages.
func NewJSONLReader[T any](r io.Reader, name string) *JSONLReader[T] {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &JSONLReader[T]{name: name, br: br}
}

// Line returns the line of the record Next last returned or failed on.
func (r *JSONLReader[T]) Line() int { return r.line }

// Next returns the next record, or io.EOF after the last. An error for a
// malformed line is a *ParseError.
func (r *JSONLReader[T]) Next() (*T, error) {
	for r.err == nil {
		line, err := r.readLine()
		if err == io.EOF && len(line) == 0 {
			r.err = io.EOF
			break
		}
		r.line++
		switch {
		case err == io.EOF:
			r.err = io.EOF
		case errors.Is(err, errLineTooLong):
			return nil, r.errorf("", err)
		case err != nil:
			r.err = r.errorf("", fmt.Errorf("read: %w", err))
			return nil, r.err
		}
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		if line[0] == 0xef {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		var v T
		if err := decodeLine(line, &v); err != nil {
			var fe *fieldError
			if errors.As(err, &fe) {
				return nil, r.errorf(fe.field, fe.err)
			}
			return nil, r.errorf("", err)
		}
		return &v, nil
	}
	return nil, r.err
}

var errLineTooLong = errors.New("line longer than " + strconv.Itoa(maxLine) + " bytes")

// readLine returns the next line, valid until the next call; io.EOF comes
// with the last line if that has no newline.
func (r *JSONLReader[T]) readLine() ([]byte, error) {
	chunk, err := r.br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return chunk, err
	}
	r.buf = append(r.buf[:0], chunk...)
	tooLong := false
	for err == bufio.ErrBufferFull {
		chunk, err = r.br.ReadSlice('\n')
		if !tooLong && len(r.buf)+len(chunk) > maxLine {
			tooLong, r.buf = true, r.buf[:0]
		}
		if !tooLong {
			r.buf = append(r.buf, chunk...)
		}
	}
	if tooLong {
		if err == io.EOF {
			r.err = io.EOF
		}
		return nil, errLineTooLong
	}
	return r.buf, err
}

func (r *JSONLReader[T]) errorf(field string, err error) *ParseError {
	return &ParseError{Name: r.name, Line: r.line, Field: field, Err: err}
}

// fieldError is a problem with one field of a JSON object.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

// decodeLine decodes one JSON object into v, strictly: no unknown fields,
// nothing after the object.
func decodeLine(line []byte, v any) error {
	if line[0] != '{' {
		return fmt.Errorf("want a JSON object, found %q", truncate(line))
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &syn):
		return fmt.Errorf("byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		return &fieldError{typ.Field, fmt.Errorf("cannot use JSON %s as %s", typ.Value, typ.Type)}
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		f, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return &fieldError{f, errors.New("unknown field")}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the JSON object is cut short")
	default:
		return errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	if rest := bytes.TrimSpace(line[dec.InputOffset():]); len(rest) > 0 {
		return fmt.Errorf("byte %d: more after the JSON object: %q", dec.InputOffset()+1, truncate(rest))
	}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "…"
	}
	return string(b)
}

// JSONLWriter writes records as JSON Lines: one object per line, every
// field, HTML characters unescaped so that names read as they are.
type JSONLWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

// NewJSONLWriter returns a writer to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{bw: bw, enc: enc}
}

// Write writes one organisation.
func (w *JSONLWriter) Write(o *registry.Organisation) error { return w.enc.Encode(o) }

// WritePerson writes one person.
func (w *JSONLWriter) WritePerson(p *registry.Person) error { return w.enc.Encode(p) }

// Close writes what is buffered.
func (w *JSONLWriter) Close() error { return w.bw.Flush() }
