package orgfile

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// The CSV format: UTF-8 with a byte order mark (so spreadsheets read
// non-Latin names right), a header row naming the columns of csv_columns.go,
// then one row per organisation. The reader takes the columns in any order,
// needs only those it is given, ignores the label columns and rejects a
// column it does not know.
//
// A cell that starts with = + - @ ', a tab or a carriage return is written
// with a ' in front, so that a spreadsheet shows it as text instead of
// running it as a formula; the reader removes that one '.

const bom = "\xef\xbb\xbf"

// guard protects a cell from being read as a spreadsheet formula.
func guard(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@'\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// unguard undoes guard.
func unguard(cell string) string { return strings.TrimPrefix(cell, "'") }

// CSVWriter writes organisations as CSV.
type CSVWriter struct {
	w      io.Writer
	cw     *csv.Writer
	bw     *bufio.Writer
	v      registry.Vocabulary
	row    []string
	header bool
}

// NewCSVWriter returns a writer to w; v gives the labels of kinds and
// domains.
func NewCSVWriter(w io.Writer, v registry.Vocabulary) *CSVWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &CSVWriter{w: w, bw: bw, cw: csv.NewWriter(bw), v: v, row: make([]string, len(columns))}
}

func (w *CSVWriter) writeHeader() error {
	w.header = true
	if _, err := w.bw.WriteString(bom); err != nil {
		return err
	}
	for i, c := range columns {
		w.row[i] = c.name
	}
	return w.cw.Write(w.row)
}

// Write writes one organisation, after the header row if it is the first.
func (w *CSVWriter) Write(o *registry.Organisation) error {
	if !w.header {
		if err := w.writeHeader(); err != nil {
			return err
		}
	}
	for i, c := range columns {
		w.row[i] = guard(c.get(o, w.v))
	}
	return w.cw.Write(w.row)
}

// Close writes the header if no organisation was written, and what is
// buffered.
func (w *CSVWriter) Close() error {
	if !w.header {
		if err := w.writeHeader(); err != nil {
			return err
		}
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return err
	}
	return w.bw.Flush()
}

// csvReader reads organisations from CSV.
type csvReader struct {
	name string
	cr   *csv.Reader
	cols []*column // by position; nil for a label column
	line int
	err  error // sticky
}

func newCSVReader(r io.Reader, name string) *csvReader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	if b, err := br.Peek(3); err == nil && string(b) == bom {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	return &csvReader{name: name, cr: cr}
}

// Line returns the line where the record last read starts.
func (r *csvReader) Line() int { return r.line }

func (r *csvReader) next() (*registry.Organisation, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.cols == nil {
		if err := r.readHeader(); err != nil {
			r.err = err
			return nil, err
		}
	}
	rec, err := r.read()
	if err != nil {
		r.err = err
		return nil, err
	}
	o := &registry.Organisation{OtherNames: []registry.Name{}, ExternalIDs: []registry.ExternalID{}, Layers: []string{}, Domains: []string{},
		Capabilities: []registry.Capability{}, Relationships: []registry.Relationship{}}
	for i, c := range r.cols {
		if c == nil || c.set == nil {
			continue
		}
		if err := c.set(o, unguard(rec[i])); err != nil {
			line, _ := r.cr.FieldPos(i)
			return nil, &ParseError{Name: r.name, Line: line, Column: c.name, Err: err}
		}
	}
	return o, nil
}

// read reads a record, turning a CSV syntax error into a *ParseError.
func (r *csvReader) read() ([]string, error) {
	rec, err := r.cr.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		r.line = pe.Line
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return nil, &ParseError{Name: r.name, Line: pe.Line, Err: fmt.Errorf("%d fields, but the header has %d", len(rec), len(r.cols))}
		}
		return nil, &ParseError{Name: r.name, Line: pe.Line, Err: fmt.Errorf("byte %d: %w", pe.Column, pe.Err)}
	}
	if err != nil {
		return nil, &ParseError{Name: r.name, Line: r.line, Err: fmt.Errorf("read: %w", err)}
	}
	r.line, _ = r.cr.FieldPos(0)
	return rec, nil
}

// readHeader reads the header row and maps its columns.
func (r *csvReader) readHeader() error {
	rec, err := r.read()
	if err == io.EOF {
		return io.EOF
	}
	if err != nil {
		return err
	}
	r.cols = make([]*column, len(rec))
	seen := map[string]bool{}
	for i, name := range rec {
		name = strings.TrimSpace(name)
		if seen[name] {
			return &ParseError{Name: r.name, Line: r.line, Column: name, Err: errors.New("appears twice in the header")}
		}
		seen[name] = true
		for j := range columns {
			if columns[j].name == name {
				r.cols[i] = &columns[j]
			}
		}
		if r.cols[i] == nil {
			return &ParseError{Name: r.name, Line: r.line, Column: name, Err: fmt.Errorf("unknown column; the columns are %s", columnNames())}
		}
	}
	return nil
}

func columnNames() string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}
