package iati

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// Write writes doc as an IATI 2.03 activity file that validates against the
// 2.03 schema. It refuses, with an errs.Invalid error naming the activity
// and the elements, an activity that lacks what the schema requires; it
// does not check codes against the codelists (see Check).
func Write(w io.Writer, doc Document) error {
	wr := NewWriter(w, doc.Generated)
	for _, a := range doc.Activities {
		if err := wr.Write(a); err != nil {
			return err
		}
	}
	return wr.Close()
}

// Writer writes an IATI activity file one activity at a time, so that an
// export need not hold the whole ledger in memory. Close must be called to
// finish the file.
type Writer struct {
	e         encoder
	generated time.Time
	started   bool
	count     int
	err       error // an error writing, returned by every later call
}

// NewWriter returns a Writer to w. The file's generated-datetime is
// generated, or the time of the first write if generated is zero.
func NewWriter(w io.Writer, generated time.Time) *Writer {
	return &Writer{e: encoder{w: bufio.NewWriterSize(w, 64<<10)}, generated: generated}
}

// Write writes one activity. An activity that lacks what the schema
// requires gives an errs.Invalid error and is not written; the Writer can
// go on with the next. An error writing ends the Writer.
func (w *Writer) Write(a Activity) error {
	if w.err != nil {
		return w.err
	}
	op := "iati: write activity " + strconv.Quote(a.Identifier)
	if err := validate(&a).Err(op); err != nil {
		return err
	}
	w.start()
	w.e.activity(&a)
	w.count++
	_, err := w.e.w.Write(nil) // reports an earlier failed flush
	return w.fail(err)
}

// Close finishes the file and flushes it; it does not close the underlying
// writer. The schema requires at least one activity, so Close reports an
// errs.Invalid error, after finishing the file anyway, if there were none.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	w.start()
	w.e.w.WriteString("</iati-activities>\n")
	if err := w.fail(w.e.w.Flush()); err != nil {
		return err
	}
	w.err = errClosed
	if w.count == 0 {
		return errs.E("iati: write", errs.Invalid, "no activities: an IATI file needs at least one")
	}
	return nil
}

// errClosed is returned by a Writer's methods after Close.
var errClosed = errors.New("iati: writer closed")

// start writes the XML declaration and the root's start tag, once.
func (w *Writer) start() {
	if w.started {
		return
	}
	w.started = true
	if w.generated.IsZero() {
		w.generated = time.Now()
	}
	e := &w.e
	e.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	e.w.WriteString(`<iati-activities version="` + Version + `" generated-datetime="`)
	e.w.WriteString(formatDateTime(w.generated))
	e.w.WriteString(`" xmlns:setu="` + Namespace + `">` + "\n")
}

// fail records an error writing, which ends the Writer, and returns it.
func (w *Writer) fail(err error) error {
	if err != nil {
		w.err = errs.Wrap("iati: write", err)
	}
	return w.err
}

// formatDate writes a date as YYYY-MM-DD.
func formatDate(t time.Time) string { return t.Format(time.DateOnly) }

// optionalDate writes a date as YYYY-MM-DD, or "" if it is zero.
func optionalDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDate(t)
}

// formatDateTime writes a time in UTC with as many fractional digits as it
// needs.
func formatDateTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
