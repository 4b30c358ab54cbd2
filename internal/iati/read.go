package iati

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"time"
)

// MaxActivitySize bounds the size in bytes of one <iati-activity>, and of
// any one piece of XML between activities, so that a malformed or hostile
// input cannot make the Reader hold an unbounded amount of it. The largest
// real activities, with thousands of transactions, are a few megabytes.
const MaxActivitySize = 16 << 20

// bufferSize is the size of the Reader's input buffer.
const bufferSize = 64 << 10

// errTooLarge reports an activity or other piece larger than MaxActivitySize.
var errTooLarge = errors.New("larger than " + strconv.Itoa(MaxActivitySize>>20) + " MiB")

// ParseError reports an input that is not an IATI activity file or not
// well-formed XML. Its message is "NAME:LINE: element <X>: what is wrong";
// the element part is left out when no element applies.
type ParseError struct {
	Name    string // the input's name, as given to NewReader
	Line    int    // 1-based line
	Element string // the element at fault or being read, e.g. "iati-activity"; may be ""
	Err     error  // what is wrong
}

// Error returns "NAME:LINE: element <X>: what is wrong".
func (e *ParseError) Error() string {
	msg := e.Err.Error()
	if se, ok := errors.AsType[*xml.SyntaxError](e.Err); ok {
		msg = "malformed XML: " + se.Msg
	}
	if e.Element != "" {
		msg = "element <" + e.Element + ">: " + msg
	}
	return e.Name + ":" + strconv.Itoa(e.Line) + ": " + msg
}

// Unwrap returns what is wrong.
func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads the activities of an IATI activity file (versions 2.01 to
// 2.03) one at a time. It holds one activity in memory at a time, plus a
// hash of each identifier read so far to find repeated ones.
//
// It never fetches or expands external entities, refuses a DOCTYPE that
// declares entities, and refuses any activity larger than
// MaxActivitySize.
type Reader struct {
	name      string
	limit     *limitReader
	d         *xml.Decoder
	t         tokens
	dec       decoder
	state     int // beforeRoot, inRoot or afterRoot
	version   string
	generated time.Time
	line      int       // line of the last activity's start tag
	pending   []Finding // about the file, reported with the first activity
	seed      maphash.Seed
	seen      map[uint64]int // identifier hash -> line of first use
	err       error          // ends reading; returned by every Next
}

// The Reader's states.
const (
	beforeRoot = iota
	inRoot
	afterRoot
)

// NewReader returns a Reader of r, whose name is used in errors and
// findings. It reads nothing until the first call to Next.
func NewReader(r io.Reader, name string) *Reader {
	if name == "" {
		name = "input"
	}
	lr := &limitReader{r: r}
	d := xml.NewDecoder(bufio.NewReaderSize(lr, bufferSize))
	d.Strict = true
	d.CharsetReader = charsetReader
	rd := &Reader{name: name, limit: lr, d: d, t: tokens{d: d}, seed: maphash.MakeSeed(), seen: make(map[uint64]int)}
	rd.dec.t = &rd.t
	return rd
}

// Version returns the file's IATI version, once Next has been called.
func (r *Reader) Version() string { return r.version }

// Generated returns the file's generated-datetime, once Next has been
// called; zero if it has none.
func (r *Reader) Generated() time.Time { return r.generated }

// Line returns the line of the start tag of the activity that Next last
// returned.
func (r *Reader) Line() int { return r.line }

// Next returns the next activity and the findings about it, or io.EOF
// after the last. Findings never stop reading; the caller decides what to
// do with an activity that has Critical or Error findings. An input that is
// not an IATI activity file or not well-formed XML gives a *ParseError, and
// every later call returns it again.
func (r *Reader) Next() (Activity, []Finding, error) {
	if r.err != nil {
		return Activity{}, nil, r.err
	}
	a, findings, err := r.next()
	if err != nil {
		r.err = err
		return Activity{}, nil, err
	}
	return a, findings, nil
}

func (r *Reader) next() (Activity, []Finding, error) {
	for {
		// Each piece between activities is bounded too: a comment or
		// skipped element cannot grow without limit.
		r.limit.max = r.d.InputOffset() + MaxActivitySize
		line := r.t.line() // the start of the next token
		tok, err := r.t.next()
		if err == io.EOF {
			if r.state == beforeRoot {
				return Activity{}, nil, r.errorf(line, "", "no root element: not an IATI activity file")
			}
			return Activity{}, nil, io.EOF
		}
		if err != nil {
			return Activity{}, nil, r.wrap(err, r.element())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case r.state == beforeRoot:
				if err := r.root(t, line); err != nil {
					return Activity{}, nil, err
				}
			case r.state == afterRoot:
				return Activity{}, nil, r.errorf(line, t.Name.Local, "a second root element after </iati-activities>")
			case t.Name.Space == "" && t.Name.Local == "iati-activity":
				return r.activity(t, line)
			default:
				if err := r.t.skip(); err != nil {
					return Activity{}, nil, r.wrap(err, t.Name.Local)
				}
			}
		case xml.EndElement:
			if r.t.depth() == 0 {
				r.state = afterRoot
			}
		case xml.CharData:
			if r.state != inRoot && !isSpace(t) {
				line += bytes.Count(t[:len(t)-len(bytes.TrimLeft(t, " \t\r\n\uFEFF"))], []byte("\n"))
				return Activity{}, nil, r.errorf(line, "", "text outside the root element")
			}
		case xml.Directive:
			if bytes.Contains(t, []byte("<!ENTITY")) {
				return Activity{}, nil, r.errorf(line, "", "a DOCTYPE that declares entities is not allowed")
			}
		}
	}
}

// root checks the root element's name and version.
func (r *Reader) root(t xml.StartElement, line int) error {
	switch {
	case t.Name.Space == "" && t.Name.Local == "iati-activities":
	case t.Name.Space == "" && t.Name.Local == "iati-organisations":
		return r.errorf(line, t.Name.Local, "an IATI organisation file, not an activity file")
	default:
		return r.errorf(line, t.Name.Local, "not an IATI activity file: the root element must be <iati-activities>")
	}
	r.state = inRoot
	var version, generated string
	for _, a := range t.Attr {
		if a.Name.Space == "" {
			switch a.Name.Local {
			case "version":
				version = trim(a.Value)
			case "generated-datetime":
				generated = trim(a.Value)
			}
		}
	}
	switch version {
	case "2.01", "2.02", "2.03":
		r.version = version
	case "":
		return r.errorf(line, t.Name.Local, "no @version; it is required")
	default:
		return r.errorf(line, t.Name.Local, "@version %q is not supported: want 2.01, 2.02 or 2.03", version)
	}
	if generated != "" {
		var ok bool
		if r.generated, ok = parseDateTime(generated); !ok {
			r.pending = append(r.pending, Finding{Name: r.name, Line: line, Element: "iati-activities", Severity: Warning,
				Message: fmt.Sprintf("@generated-datetime %q is not a date and time", generated)})
		}
	}
	return nil
}

// activity decodes the activity started by start on line.
func (r *Reader) activity(start xml.StartElement, line int) (Activity, []Finding, error) {
	r.line = line
	fl := findingList{name: r.name, list: r.pending}
	r.dec.fl = &fl
	a, p, err := r.dec.activity(start, line)
	r.dec.fl = nil
	if err != nil {
		return Activity{}, nil, r.wrap(err, "iati-activity")
	}
	r.pending = nil
	check(&a, &p, &fl)
	if a.Identifier != "" {
		h := maphash.String(r.seed, a.Identifier)
		if first, ok := r.seen[h]; ok {
			fl.add(Critical, p.or(p.identifier), "iati-identifier",
				"%q repeats the identifier of the activity at line %d", a.Identifier, first)
		} else {
			r.seen[h] = line
		}
	}
	return a, fl.list, nil
}

// element names the element being read, for errors between activities.
func (r *Reader) element() string {
	if r.state == inRoot {
		return "iati-activities"
	}
	return ""
}

// errorf returns a *ParseError at line.
func (r *Reader) errorf(line int, element, format string, args ...any) *ParseError {
	return &ParseError{Name: r.name, Line: line, Element: element, Err: fmt.Errorf(format, args...)}
}

// wrap turns an error from the decoder into a *ParseError, at the line of
// a syntax error or else where the decoder stopped.
func (r *Reader) wrap(err error, element string) *ParseError {
	line, _ := r.d.InputPos()
	if se, ok := errors.AsType[*xml.SyntaxError](err); ok {
		line = se.Line
	}
	if errors.Is(err, errTooLarge) {
		if element == "iati-activity" {
			err = fmt.Errorf("activity %w", errTooLarge)
		} else {
			err = fmt.Errorf("piece of XML %w", errTooLarge)
		}
	}
	return &ParseError{Name: r.name, Line: line, Element: element, Err: err}
}

// ReadAll reads a whole activity file into memory: for small files and
// tests. It returns the findings of all activities in file order.
func ReadAll(r io.Reader, name string) (Document, []Finding, error) {
	rd := NewReader(r, name)
	var doc Document
	var all []Finding
	for {
		a, findings, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Document{}, nil, err
		}
		doc.Activities = append(doc.Activities, a)
		all = append(all, findings...)
	}
	doc.Version, doc.Generated = rd.Version(), rd.Generated()
	return doc, all, nil
}

// isSpace reports whether b holds only XML white space (or a byte order
// mark, which the decoder passes on as text).
func isSpace(b []byte) bool {
	return len(bytes.Trim(b, " \t\r\n\uFEFF")) == 0
}

// limitReader reads from r until max bytes have been read in all, then
// fails with errTooLarge. The Reader moves max forward as it goes.
type limitReader struct {
	r   io.Reader
	n   int64 // bytes read so far
	max int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n >= l.max {
		return 0, errTooLarge
	}
	if rest := l.max - l.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
