package iati

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// FuzzReader checks that no input makes the reader panic or stop making
// progress, that every error names the input, and that every activity read
// without errors can be written and read back unchanged.
func FuzzReader(f *testing.F) {
	example, err := os.ReadFile(exampleFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	var rich bytes.Buffer
	if err := Write(&rich, Document{Generated: generated, Activities: []Activity{richActivity(), minimalActivity()}}); err != nil {
		f.Fatal(err)
	}
	f.Add(rich.Bytes())
	f.Add([]byte(file(activityXML, activityXML)))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><iati-activities version="2.03"/>`))
	f.Add([]byte("<iati-activities version=\"2.01\"><iati-activity><x:a xmlns:x=\"urn:x\" x:b=\"1\"><c>t</c></x:a></iati-activity></iati-activities>"))
	f.Add([]byte(""))

	const name = "fuzz.xml"
	f.Fuzz(func(t *testing.T, input []byte) {
		r := NewReader(bytes.NewReader(input), name)
		// Each call consumes at least one element or ends; a generous
		// bound catches a reader that stops making progress.
		for range len(input) + 2 {
			a, findings, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), name+":") {
					t.Fatalf("error %q does not start with %q", err, name+":")
				}
				if _, ok := errors.AsType[*ParseError](err); !ok {
					t.Fatalf("error %v: got %T, want *ParseError", err, err)
				}
				return
			}
			for _, f := range findings {
				if f.Name != name || f.Element == "" || f.Severity < Warning || f.Severity > Critical {
					t.Fatalf("malformed finding %#v", f)
				}
			}
			if Worst(findings) < Error {
				roundTrip(t, a)
			}
		}
		t.Fatalf("reader did not reach the end of %d bytes", len(input))
	})
}

// roundTrip checks that a can be written and read back unchanged.
func roundTrip(t *testing.T, a Activity) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, Document{Generated: generated, Activities: []Activity{a}}); err != nil {
		t.Fatalf("activity without errors cannot be written: %v\n%#v", err, a)
	}
	doc, _, err := ReadAll(&buf, "again.xml")
	if err != nil {
		t.Fatalf("written activity cannot be read: %v\n%s", err, buf.String())
	}
	if len(doc.Activities) != 1 || !equal(doc.Activities[0], a) {
		t.Fatalf("activity changed in a round trip:\n%s", strings.Join(diff(doc.Activities[0], a), "\n"))
	}
}
