package iati

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// generated is the generated-datetime of the test files.
var generated = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func TestRoundTrip(t *testing.T) {
	want := richActivity()
	second := richActivity()
	second.Identifier = "XM-SETU-1-PRJ-0044"
	second.Extra, second.ExtraAttrs = nil, nil
	var buf bytes.Buffer
	if err := Write(&buf, Document{Generated: generated, Activities: []Activity{want, second}}); err != nil {
		t.Fatal(err)
	}
	doc, findings, err := ReadAll(bytes.NewReader(buf.Bytes()), "roundtrip.xml")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	for _, f := range findings {
		t.Errorf("got finding %s, want none", f)
	}
	if doc.Version != Version || !doc.Generated.Equal(generated) {
		t.Errorf("header: got version %q generated %v, want %q %v", doc.Version, doc.Generated, Version, generated)
	}
	if len(doc.Activities) != 2 {
		t.Fatalf("got %d activities, want 2", len(doc.Activities))
	}
	for i, w := range []Activity{want, second} {
		if got := doc.Activities[i]; !equal(got, w) {
			t.Errorf("activity %d read back differs:\n%s\nfile:\n%s", i, strings.Join(diff(got, w), "\n"), buf.String())
		}
	}
}

func TestCheckRichActivity(t *testing.T) {
	for _, f := range Check(richActivity()) {
		t.Errorf("got finding %s, want none", f)
	}
}

// TestWriteValidates checks the writer's output against the IATI 2.03
// schema with xmllint: a rich Setu activity, a minimal one, and the official
// example read and written again.
func TestWriteValidates(t *testing.T) {
	ex, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	example, _, err := ReadAll(bytes.NewReader(ex), "example")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  Document
	}{
		{"rich", Document{Generated: generated, Activities: []Activity{richActivity()}}},
		{"minimal", Document{Generated: generated, Activities: []Activity{minimalActivity()}}},
		{"example", example},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), tt.name+".xml")
			f, err := os.Create(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := Write(f, tt.doc); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			xmllint(t, file)
		})
	}
}

// TestSchemaRejectsWrongOrder shows that the xmllint check is not vacuous:
// the same file with <activity-status> moved before <participating-org>
// fails it.
func TestSchemaRejectsWrongOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Document{Generated: generated, Activities: []Activity{minimalActivity()}}); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	status, org := -1, -1
	for i, l := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "<activity-status"):
			status = i
		case strings.HasPrefix(strings.TrimSpace(l), "<participating-org"):
			org = i
		}
	}
	if status < 0 || org < 0 || org > status {
		t.Fatalf("unexpected output:\n%s", buf.String())
	}
	var moved []string
	moved = append(moved, lines[:org]...)
	moved = append(moved, lines[status])
	moved = append(moved, lines[org:status]...)
	lines = append(moved, lines[status+1:]...)
	file := filepath.Join(t.TempDir(), "swapped.xml")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	err := lint(t, file)
	if err == nil {
		t.Errorf("xmllint accepted <activity-status> before <participating-org>:\n%s", strings.Join(lines, ""))
	}
	t.Logf("as expected, %v", err)
}

// minimalActivity has only what the schema requires.
func minimalActivity() Activity {
	return Activity{
		Identifier:        "XM-SETU-1-PRJ-1",
		ReportingOrg:      ReportingOrg{Ref: "XM-SETU-1", Type: "40", Names: []Narrative{{Lang: "en", Text: "Setu"}}},
		Title:             []Narrative{{Lang: "en", Text: "T"}},
		Descriptions:      []Description{{Narratives: []Narrative{{Lang: "en", Text: "D"}}}},
		ParticipatingOrgs: []ParticipatingOrg{{Ref: "XM-SETU-1", Role: RoleAccountable}},
		Status:            StatusImplementation,
		Dates:             []ActivityDate{{Type: DatePlannedStart, Date: day(2026, 1, 1)}},
	}
}

func TestWriteRefusesInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Activity)
		field  string
	}{
		{"no identifier", func(a *Activity) { a.Identifier = "" }, "iati-identifier"},
		{"no title", func(a *Activity) { a.Title = nil }, "title/narrative"},
		{"no description", func(a *Activity) { a.Descriptions = nil }, "description"},
		{"no participating org", func(a *Activity) { a.ParticipatingOrgs = nil }, "participating-org"},
		{"no role", func(a *Activity) { a.ParticipatingOrgs[0].Role = "" }, "participating-org[1]/@role"},
		{"no status", func(a *Activity) { a.Status = "" }, "activity-status/@code"},
		{"no date", func(a *Activity) { a.Dates[0].Date = time.Time{} }, "activity-date[1]/@iso-date"},
		{"bad lang", func(a *Activity) { a.Title[0].Lang = "en_GB" }, "title/narrative/@xml:lang"},
		{"bad amount", func(a *Activity) {
			a.Budgets = []Budget{{Start: day(2026, 1, 1), End: day(2026, 2, 1), Value: Value{Amount: "1,000", Date: day(2026, 1, 1)}}}
		}, "budget[1]/value"},
		{"bad percentage", func(a *Activity) { a.Countries = []RecipientCountry{{Code: "IN", Percentage: "half"}} }, "recipient-country[1]/@percentage"},
		{"result without indicator", func(a *Activity) {
			a.Results = []Result{{Type: ResultOutput, Title: []Narrative{{Text: "R"}}}}
		}, "result[1]/indicator"},
		{"extension without namespace", func(a *Activity) {
			a.Extra = []Element{{Name: xml.Name{Local: "note"}}}
		}, "extension[1]"},
		{"extension with a bad name", func(a *Activity) {
			a.Extra = []Element{{Name: xml.Name{Space: "urn:x", Local: "a b"}}}
		}, "extension[1]"},
		{"plain extension attribute", func(a *Activity) {
			a.ExtraAttrs = []xml.Attr{{Name: xml.Name{Local: "humanitarian"}, Value: "1"}}
		}, "iati-activity/@humanitarian"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := minimalActivity()
			tt.change(&a)
			var buf bytes.Buffer
			w := NewWriter(&buf, generated)
			err := w.Write(a)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("got error %v, want an invalid error", err)
			}
			found := false
			for _, f := range errs.FieldsOf(err) {
				found = found || f.Field == tt.field
			}
			if !found {
				t.Errorf("got %v, want a problem with field %q", err, tt.field)
			}
			// The Writer goes on after an invalid activity, which it did not write.
			if err := w.Write(minimalActivity()); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(buf.String(), "<iati-activity "); n != 0 {
				t.Errorf("got %d <iati-activity with attributes, want 0", n)
			}
			if n := strings.Count(buf.String(), "<iati-activity>"); n != 1 {
				t.Errorf("got %d activities written, want 1", n)
			}
		})
	}
}

func TestWriteNoActivities(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, Document{Generated: generated})
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("got %v, want an invalid error", err)
	}
	if !strings.HasSuffix(buf.String(), "</iati-activities>\n") {
		t.Errorf("got %q, want a finished file", buf.String())
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, os.ErrClosed
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	w := NewWriter(&failingWriter{n: 100}, generated)
	var err error
	for range 1000 {
		if err = w.Write(richActivity()); err != nil {
			break
		}
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "file already closed") {
		t.Fatalf("got %v, want the write error", err)
	}
	if err2 := w.Close(); err2 == nil {
		t.Errorf("Close after a write error: got nil, want the error again")
	}
}

func TestWriteEscapes(t *testing.T) {
	a := minimalActivity()
	a.Title = []Narrative{{Text: "a\r\nb \x01 \uFFFE <&> \"'"}}
	var buf bytes.Buffer
	if err := Write(&buf, Document{Generated: generated, Activities: []Activity{a}}); err != nil {
		t.Fatal(err)
	}
	want := "<narrative>a&#xD;\nb \uFFFD \uFFFD &lt;&amp;&gt; &quot;'</narrative>"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("got\n%s\nwant it to contain %q", buf.String(), want)
	}
	doc, _, err := ReadAll(&buf, "escaped.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Activities[0].Title[0].Text, "a\r\nb \uFFFD \uFFFD <&> \"'"; got != want {
		t.Errorf("read back %q, want %q", got, want)
	}
}

func TestCheck(t *testing.T) {
	if got := Worst(Check(Activity{})); got != Critical {
		t.Errorf("empty activity: got worst %s, want critical", got)
	}
	if got := Check(minimalActivity()); len(got) != 0 {
		t.Errorf("minimal activity: got %v, want no findings", got)
	}
	a := minimalActivity()
	a.Transactions = []Transaction{{Type: TransactionDisbursement, Date: day(2026, 2, 1), Value: Value{Amount: "10", Date: day(2026, 2, 1)}}}
	want := "element <transaction[1]/value>: error: no @currency and no default-currency on the activity"
	if got := Check(a); len(got) != 1 || got[0].String() != want {
		t.Errorf("got %v, want [%s]", got, want)
	}
}
