package ror

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxRecord bounds the size of one line or one dump record, so that a
// malformed input cannot make the reader hold an unbounded amount of it. The
// largest record in ROR is a few tens of kilobytes.
const maxRecord = 4 << 20

// errTooLong reports a line or record longer than maxRecord.
var errTooLong = errors.New("record longer than " + strconv.Itoa(maxRecord) + " bytes")

// ParseError reports a malformed input: where it is and what is wrong. Its
// message is "NAME:LINE: what is wrong", or "NAME: what is wrong" when no line
// applies.
type ParseError struct {
	Name  string // the input's name, as given to NewReader
	Line  int    // the 1-based line (JSON Lines) or record index (dump); 0 if none
	Field string // the field at fault, e.g. "country" or "names.display"; "" if none
	Err   error  // what is wrong
}

// Error returns "NAME:LINE: field "F": what is wrong".
func (e *ParseError) Error() string {
	var b []byte
	b = append(b, e.Name...)
	b = append(b, ':')
	if e.Line > 0 {
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ':')
	}
	b = append(b, ' ')
	if e.Field != "" {
		b = append(b, "field "...)
		b = strconv.AppendQuote(b, e.Field)
		b = append(b, ": "...)
	}
	b = append(b, e.Err.Error()...)
	return string(b)
}

// Unwrap returns what is wrong.
func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads ROR records one at a time from compact JSON Lines or from an
// official ROR schema v2 JSON dump, either of them plain or gzip-compressed.
// It holds one record in memory at a time.
type Reader struct {
	name string
	br   *bufio.Reader // the (gunzipped) input
	line int           // line of the last record, or its index in a dump
	buf  []byte        // a line that did not fit in br's buffer
	lx   lexer         // for JSON Lines
	dump *dumpDecoder  // nil for JSON Lines
	gzip bool          // whether the input is gzip-compressed
	err  error         // an error that ends reading, returned by every Next
}

// NewReader returns a Reader for r, whose name is used in error messages. It
// reads the first bytes of r to tell gzip from plain input and a JSON array
// (an official v2 dump) from JSON Lines. An empty input has no records.
func NewReader(r io.Reader, name string) (*Reader, error) {
	if name == "" {
		name = "input"
	}
	rd := &Reader{name: name, br: bufio.NewReaderSize(r, 64<<10)}
	magic, err := rd.br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		rd.gzip = true
		zr, err := gzip.NewReader(rd.br)
		if err != nil {
			return nil, rd.readError(err)
		}
		rd.br = bufio.NewReaderSize(zr, 64<<10)
	}
	first, err := rd.skipSpace()
	switch {
	case err == io.EOF:
		rd.err = io.EOF
		return rd, nil
	case err != nil:
		return nil, rd.readError(err)
	case first == '{':
		return rd, nil
	case first == '[':
		rd.line = 0 // Line counts records now
		rd.dump, err = newDumpDecoder(rd.br, name)
		if err != nil {
			return nil, rd.wrap(err)
		}
		return rd, nil
	}
	rd.line++ // the line that starts with first
	return nil, rd.errorf("", "not ROR JSON Lines or a ROR v2 JSON dump: starts with %q", first)
}

// skipSpace skips a byte order mark and white space at the start of the
// input, counting lines, and returns the first other byte without consuming
// it.
func (r *Reader) skipSpace() (byte, error) {
	if bom, err := r.br.Peek(3); err == nil && string(bom) == "\xef\xbb\xbf" {
		r.br.Discard(3)
	}
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			r.line++
		case ' ', '\t', '\r':
		default:
			r.br.UnreadByte()
			return c, nil
		}
	}
}

// Next returns the next record, or io.EOF after the last. An error for a
// malformed record is a *ParseError; after one, Next may be called again to
// read on, unless the input itself cannot be read on (a read error, or a
// syntax error in a dump), in which case Next returns the same error again.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	if r.dump != nil {
		return r.nextDump()
	}
	for {
		line, tooLong, err := r.readLine()
		if err == io.EOF && len(line) == 0 && !tooLong {
			r.err = io.EOF
			return Record{}, io.EOF
		}
		r.line++
		switch {
		case err == io.EOF:
			r.err = io.EOF // this is the last line
		case err != nil:
			r.err = r.readError(err)
			return Record{}, r.err
		}
		if tooLong {
			return Record{}, r.errorf("", "%w", errTooLong)
		}
		if isBlank(line) {
			continue
		}
		rec, err := decodeCompact(&r.lx, line)
		if err != nil {
			return Record{}, r.wrap(err)
		}
		return rec, nil
	}
}

// Line returns the 1-based line of the record Next last returned or failed
// on; for a v2 dump, the record's 1-based index in the array.
func (r *Reader) Line() int { return r.line }

// readLine returns the next line, valid until the next call, and io.EOF with
// the last line if that has no newline. A line longer than maxRecord is
// skipped and reported as too long.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	chunk, err := r.br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return chunk, false, err
	}
	r.buf = append(r.buf[:0], chunk...)
	for err == bufio.ErrBufferFull {
		chunk, err = r.br.ReadSlice('\n')
		if !tooLong && len(r.buf)+len(chunk) > maxRecord {
			tooLong = true
			r.buf = r.buf[:0]
		}
		if !tooLong {
			r.buf = append(r.buf, chunk...)
		}
	}
	return r.buf, tooLong, err
}

// isBlank reports whether line holds only JSON white space.
func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// errorf returns a *ParseError at the current line.
func (r *Reader) errorf(field, format string, args ...any) *ParseError {
	return &ParseError{Name: r.name, Line: r.line, Field: field, Err: fmt.Errorf(format, args...)}
}

// readError reports an error reading the input.
func (r *Reader) readError(err error) *ParseError {
	if r.gzip {
		if strings.HasPrefix(err.Error(), "gzip: ") {
			return r.errorf("", "%w", err) // e.g. "gzip: invalid checksum"
		}
		return r.errorf("", "gzip: %w", err)
	}
	return r.errorf("", "read: %w", err)
}

// wrap turns an error from decoding or validating a record into a
// *ParseError at the current line.
func (r *Reader) wrap(err error) *ParseError {
	if fe, ok := errors.AsType[*fieldError](err); ok {
		return &ParseError{Name: r.name, Line: r.line, Field: fe.field, Err: fe.err}
	}
	return &ParseError{Name: r.name, Line: r.line, Err: err}
}
