// Package orgfile reads and writes Setu's own files of organisations and
// people: JSON Lines, one registry record per line with every field, and
// CSV for spreadsheets, with codes beside their labels and lists in cells
// (see csv_columns.go). Both round-trip exactly: what Setu writes it reads
// back to the same records. It streams from an io.Reader to an io.Writer and
// knows nothing about storage; the store validates what it reads.
package orgfile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// Format is a file format for organisations.
type Format string

// The formats.
const (
	JSONL Format = "jsonl"
	CSV   Format = "csv"
)

// ParseFormat returns the format named s ("jsonl" or "csv").
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case JSONL, CSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: want jsonl or csv", s)
}

// FormatOfName returns the format a file name's extension says (".csv";
// ".jsonl", ".ndjson" or ".json"; each optionally followed by ".gz"), or ""
// if it says none.
func FormatOfName(name string) Format {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch filepath.Ext(name) {
	case ".csv":
		return CSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	}
	return ""
}

// ParseError reports a malformed input: "NAME:LINE: column "C": what is
// wrong" for CSV, "NAME:LINE: field "F": what is wrong" for JSON Lines.
type ParseError struct {
	Name   string // the input's name
	Line   int    // 1-based line; 0 if none applies
	Column string // the CSV column at fault, or ""
	Field  string // the JSON field at fault, or ""
	Err    error  // what is wrong
}

// Error returns the message.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	b.WriteByte(':')
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
	}
	b.WriteByte(' ')
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns what is wrong.
func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads organisations from a file in either format.
type Reader struct {
	format Format
	next   func() (*registry.Organisation, error)
	line   func() int
}

// NewReader returns a Reader for r, whose name is used in error messages
// and, by its extension, chooses the format. A name without a known
// extension (or "-") leaves the choice to the content: JSON Lines if it
// starts with "{", else CSV. Gzip-compressed input is uncompressed.
func NewReader(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ParseError{Name: name, Err: fmt.Errorf("gunzip: %w", err)}
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	f := FormatOfName(name)
	if f == "" {
		f = sniff(br)
	}
	if f == CSV {
		cr := newCSVReader(br, name)
		return &Reader{format: CSV, next: cr.next, line: cr.Line}, nil
	}
	jr := NewJSONLReader[registry.Organisation](br, name)
	return &Reader{format: JSONL, next: jr.Next, line: jr.Line}, nil
}

// sniff tells JSON Lines from CSV by the first byte that is not white
// space or a byte order mark.
func sniff(br *bufio.Reader) Format {
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return JSONL
	}
	return CSV
}

// Format returns the format being read.
func (r *Reader) Format() Format { return r.format }

// Next returns the next organisation, or io.EOF after the last. An error
// for a malformed record is a *ParseError.
func (r *Reader) Next() (*registry.Organisation, error) { return r.next() }

// Line returns the line of the record Next last returned or failed on.
func (r *Reader) Line() int { return r.line() }

// Writer writes organisations in one of the formats.
type Writer interface {
	// Write writes one organisation.
	Write(o *registry.Organisation) error
	// Close writes what is buffered; it does not close the underlying writer.
	Close() error
}

// NewWriter returns a Writer of format f to w. The vocabulary gives the
// labels that CSV writes beside the codes.
func NewWriter(w io.Writer, f Format, v registry.Vocabulary) (Writer, error) {
	switch f {
	case JSONL:
		return NewJSONLWriter(w), nil
	case CSV:
		return NewCSVWriter(w, v), nil
	}
	return nil, fmt.Errorf("unknown format %q: want jsonl or csv", f)
}
