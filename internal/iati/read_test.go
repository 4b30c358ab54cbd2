package iati

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// activityXML is a valid activity; %s marks where tests put more elements.
const activityXML = `<iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-1-A</iati-identifier>
  <reporting-org ref="XM-1" type="40"><narrative>Org</narrative></reporting-org>
  <title><narrative>T</narrative></title>
  <description><narrative>D</narrative></description>
  <participating-org ref="XM-1" role="2"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2026-01-01"/>
 </iati-activity>`

func file(activities ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<iati-activities version="2.03">` + "\n " + strings.Join(activities, "\n ") + "\n</iati-activities>\n"
}

func TestReaderRejects(t *testing.T) {
	const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", "bad.xml:1: no root element: not an IATI activity file"},
		{"only a declaration", decl + "\n", "bad.xml:3: no root element: not an IATI activity file"},
		{"other root", decl + "<html>\n</html>", "bad.xml:2: element <html>: not an IATI activity file: the root element must be <iati-activities>"},
		{"root in a namespace", decl + `<iati-activities xmlns="urn:x" version="2.03"/>`, "bad.xml:2: element <iati-activities>: not an IATI activity file"},
		{"organisation file", decl + `<iati-organisations version="2.03"/>`, "bad.xml:2: element <iati-organisations>: an IATI organisation file, not an activity file"},
		{"version 1", decl + `<iati-activities version="1.05">`, `bad.xml:2: element <iati-activities>: @version "1.05" is not supported: want 2.01, 2.02 or 2.03`},
		{"no version", decl + "\n<iati-activities>", "bad.xml:3: element <iati-activities>: no @version; it is required"},
		{"text before the root", decl + "hello <iati-activities/>", "bad.xml:2: text outside the root element"},
		{"second root", decl + `<iati-activities version="2.03"/>` + "\n<iati-activities/>", "bad.xml:3: element <iati-activities>: a second root element after </iati-activities>"},
		{"mismatched tags", decl + `<iati-activities version="2.03">
 <iati-activity>
  <iati-identifier>X</iati-identifier>
  <title><narrative>T</title>
 </iati-activity>
</iati-activities>`, "bad.xml:5: element <iati-activity>: malformed XML: element <narrative> closed by </title>"},
		{"truncated", decl + `<iati-activities version="2.03">
 <iati-activity>
  <iati-identifier>X</iati-ident`, "bad.xml:4: element <iati-activity>: malformed XML: unexpected EOF"},
		{"unclosed root", decl + `<iati-activities version="2.03">` + "\n" + activityXML + "\n", "bad.xml:12: element <iati-activities>: malformed XML: unexpected EOF"},
		{"undefined entity", decl + `<iati-activities version="2.03">
 <iati-activity>
  <iati-identifier>X&nbsp;Y</iati-identifier>`, "bad.xml:4: element <iati-activity>: malformed XML: invalid character entity &nbsp;"},
		{"entity declaration", decl + `<!DOCTYPE iati-activities [
  <!ENTITY boom "boom">
]>
<iati-activities version="2.03"/>`, "bad.xml:2: a DOCTYPE that declares entities is not allowed"},
		{"external entity", decl + `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + "\n" + `<iati-activities version="2.03">&xxe;</iati-activities>`,
			"bad.xml:2: a DOCTYPE that declares entities is not allowed"},
		{"attribute without quotes", decl + `<iati-activities version=2.03>`, "bad.xml:2: malformed XML: unquoted or missing attribute value in element"},
		{"invalid UTF-8", decl + `<iati-activities version="2.03">` + "\n <iati-activity>\xff</iati-activity>", "bad.xml:3: element <iati-activity>: malformed XML: invalid UTF-8"},
		{"unsupported encoding", `<?xml version="1.0" encoding="EBCDIC"?><iati-activities/>`, `bad.xml:1: xml: opening charset "EBCDIC": encoding "EBCDIC" is not supported: use UTF-8`},
		{"deep nesting", decl + `<iati-activities version="2.03"><iati-activity>` + strings.Repeat("<x:a xmlns:x='urn:x'>", 200),
			"bad.xml:2: element <iati-activity>: elements nested too deeply"},
		{"deep nesting, IATI", decl + `<iati-activities version="2.03"><iati-activity><location>` + strings.Repeat("<a>", 200),
			"bad.xml:2: element <iati-activity>: elements nested too deeply"},
		{"deep nesting in a narrative", decl + `<iati-activities version="2.03"><iati-activity><title><narrative>` + strings.Repeat("<a>", 200),
			"bad.xml:2: element <iati-activity>: elements nested too deeply"},
		{"deep nesting between activities", decl + `<iati-activities version="2.03"><x:a xmlns:x='urn:x'>` + strings.Repeat("<a>", 200),
			"bad.xml:2: element <a>: elements nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.input), "bad.xml")
			var err error
			for range 10 {
				if _, _, err = r.Next(); err != nil {
					break
				}
			}
			if err == nil || err == io.EOF {
				t.Fatalf("got %v, want an error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %q\nwant %q", err, tt.want)
			}
			if _, ok := errors.AsType[*ParseError](err); !ok {
				t.Errorf("got %T, want *ParseError", err)
			}
			if _, _, again := r.Next(); again != err {
				t.Errorf("Next after an error: got %v, want the same error", again)
			}
		})
	}
}

func TestReaderTooLarge(t *testing.T) {
	big := strings.Replace(activityXML, "<narrative>D</narrative>",
		"<narrative>"+strings.Repeat("x", MaxActivitySize+1)+"</narrative>", 1)
	input := file(activityXML, big)
	r := NewReader(strings.NewReader(input), "big.xml")
	if _, _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, _, err := r.Next()
	if want := "big.xml:16: element <iati-activity>: activity larger than 16 MiB"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestReaderAcceptsVersions(t *testing.T) {
	for _, v := range []string{"2.01", "2.02", "2.03"} {
		input := strings.Replace(file(activityXML), `version="2.03"`, `version="`+v+`"`, 1)
		doc, findings, err := ReadAll(strings.NewReader(input), "v.xml")
		if err != nil {
			t.Fatalf("version %s: %v", v, err)
		}
		if doc.Version != v || len(doc.Activities) != 1 || len(findings) != 0 {
			t.Errorf("version %s: got version %q, %d activities, findings %v", v, doc.Version, len(doc.Activities), findings)
		}
	}
}

func TestReaderEncodings(t *testing.T) {
	latin1 := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<iati-activities version=\"2.03\">\n " +
		strings.Replace(activityXML, "<narrative>T</narrative>", "<narrative>Caf\xe9</narrative>", 1) + "\n</iati-activities>"
	bom := "\xef\xbb\xbf" + file(activityXML)
	doctype := `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE iati-activities SYSTEM "http://example.org/iati.dtd">` + "\n" +
		`<iati-activities version="2.03">` + activityXML + "</iati-activities>"
	tests := []struct{ name, input, title string }{
		{"ISO-8859-1", latin1, "Café"},
		{"byte order mark", bom, "T"},
		{"DOCTYPE without entities, not fetched", doctype, "T"},
	}
	for _, tt := range tests {
		doc, _, err := ReadAll(strings.NewReader(tt.input), "enc.xml")
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := doc.Activities[0].Title[0].Text; got != tt.title {
			t.Errorf("%s: title %q, want %q", tt.name, got, tt.title)
		}
	}
}

func TestReaderSkipsOtherContent(t *testing.T) {
	input := `<?xml version="1.0"?>
<!-- a comment -->
<iati-activities version="2.02" xmlns:x="urn:x">
 <x:header>between activities<a/></x:header>
 <unknown-iati-element/>
 <?pi data?>
 ` + activityXML + `
 <!-- another -->
</iati-activities>
<!-- trailing -->
`
	doc, findings, err := ReadAll(strings.NewReader(input), "skip.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Activities) != 1 || len(findings) != 0 {
		t.Errorf("got %d activities and findings %v, want 1 and none", len(doc.Activities), findings)
	}
}

func TestReaderDuplicateIdentifiers(t *testing.T) {
	other := strings.Replace(activityXML, "XM-1-A", "XM-1-B", 1)
	input := file(activityXML, other, activityXML)
	r := NewReader(strings.NewReader(input), "dup.xml")
	var got [][]Finding
	for {
		_, findings, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, findings)
	}
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) != 0 || len(got[2]) != 1 {
		t.Fatalf("got findings %v, want one on the third activity", got)
	}
	want := `dup.xml:22: element <iati-identifier>: critical: "XM-1-A" repeats the identifier of the activity at line 3`
	if f := got[2][0]; f.String() != want || f.Severity != Critical {
		t.Errorf("got  %s\nwant %s", f, want)
	}
}

// TestReaderFindings feeds an activity with one problem per line and checks
// each finding's line, element and severity.
func TestReaderFindings(t *testing.T) {
	input := `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="yesterday">
 <iati-activity default-currency="XXY" last-updated-datetime="2026-13-01T00:00:00Z" hierarchy="top">
  <reporting-org ref="XM-1" type="99999"><narrative>Org</narrative></reporting-org>
  <title><narrative/></title>
  <participating-org role="7" type="12"/>
  <activity-status code="9"/>
  <activity-date type="1" iso-date="2026-02-30"/>
  <activity-date type="3" iso-date="2025-01-01"/>
  <recipient-country code="QQ" percentage="120"/>
  <sector vocabulary="1" code="99999"/>
  <sector vocabulary="99" code="model"/>
  <budget type="7" status="1"><period-start iso-date="2026-01-01"/><period-end iso-date="2027-06-30"/><value value-date="2026-01-01">1,5</value></budget>
  <transaction><transaction-type code="99"/><transaction-date iso-date="2026-01-01"/><value currency="ABC" value-date="2026-01-01">5</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2026-01-01"/></transaction>
  <document-link url="https://x" format="text/html"><title><narrative>x</narrative></title><category code="Z99"/></document-link>
  <related-activity ref="XM-1-B" type="8"/>
  <result type="1"><title><narrative>R</narrative></title><x:output xmlns:x="https://setu.example/ns/iati-ext/1" ref="O" returned-home="maybe"/></result>
  <setu:commitment xmlns:setu="https://setu.example/ns/iati-ext/1"/>
 </iati-activity>
</iati-activities>`
	_, findings, err := NewReader(strings.NewReader(input), "f.xml").Next()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line     int
		element  string
		severity Severity
		message  string
	}{
		{2, "iati-activities", Warning, `@generated-datetime "yesterday" is not a date and time`},
		{3, "iati-activity", Error, `@last-updated-datetime "2026-13-01T00:00:00Z" is not a date and time (YYYY-MM-DDThh:mm:ssZ)`},
		{3, "iati-activity", Error, `@hierarchy "top" is not a whole number`},
		{8, "activity-date[1]", Error, `@iso-date "2026-02-30" is not a date (YYYY-MM-DD)`},
		{18, "result[1]/setu:output", Error, `@returned-home "maybe" is not true or false`},
		{3, "iati-identifier", Critical, "no iati-identifier"},
		{4, "reporting-org", Warning, `@type "99999" is not in the OrganisationType codelist`},
		{4, "reporting-org", Warning, "<narrative> without xml:lang in an activity without a default xml:lang"},
		{5, "title", Warning, "empty <narrative>"},
		{5, "title", Warning, "<narrative> without xml:lang in an activity without a default xml:lang"},
		{3, "iati-activity", Error, "no <description>; at least one is required"},
		{6, "participating-org[1]", Error, `@role "7" is not in the OrganisationRole codelist`},
		{6, "participating-org[1]", Warning, `@type "12" is not in the OrganisationType codelist`},
		{6, "participating-org[1]", Error, "neither @ref nor a narrative names the organisation"},
		{7, "activity-status", Error, `@code "9" is not in the ActivityStatus codelist`},
		{3, "iati-activity", Error, `@default-currency "XXY" is not in the Currency codelist`},
		{10, "recipient-country[1]", Error, `@code "QQ" is not in the Country codelist`},
		{10, "recipient-country[1]", Error, `@percentage "120" is not a number from 0 to 100`},
		{11, "sector[1]", Warning, `@code "99999" is not in the Sector codelist`},
		{12, "sector[2]", Warning, "vocabulary 99 has no @vocabulary-uri naming it"},
		{12, "sector[2]", Warning, `vocabulary 99 needs a narrative describing code "model"`},
		{13, "budget[1]", Warning, `@type "7" is not in the BudgetType codelist`},
		{13, "budget[1]", Warning, "the period is longer than a year"},
		{13, "budget[1]/value", Error, `amount "1,5" is not a decimal number`},
		{14, "transaction[1]/transaction-type", Error, `@code "99" is not in the TransactionType codelist`},
		{14, "transaction[1]/value", Error, `@currency "ABC" is not in the Currency codelist`},
		{15, "transaction[2]/value", Error, "no <value>; it is required"},
		{16, "document-link[1]/title", Warning, "<narrative> without xml:lang in an activity without a default xml:lang"},
		{16, "document-link[1]/category", Error, `@code "Z99" is not in the DocumentCategory codelist`},
		{17, "related-activity[1]", Error, `@type "8" is not in the RelatedActivityType codelist`},
		{18, "result[1]/title", Warning, "<narrative> without xml:lang in an activity without a default xml:lang"},
		{18, "result[1]", Error, "no <indicator>; at least one is required"},
		{19, "setu:commitment[1]", Error, "no @ref; it is required"},
	}
	for i, w := range want {
		if i >= len(findings) {
			t.Errorf("missing finding %d: %d %s %s %s", i, w.line, w.element, w.severity, w.message)
			continue
		}
		f := findings[i]
		if f.Line != w.line || f.Element != w.element || f.Severity != w.severity || f.Message != w.message || f.Name != "f.xml" {
			t.Errorf("finding %d:\ngot  %s\nwant %d %s %s %s", i, f, w.line, w.element, w.severity, w.message)
		}
	}
	for _, f := range findings[min(len(want), len(findings)):] {
		t.Errorf("unexpected finding %s", f)
	}
	if Worst(findings) != Critical {
		t.Errorf("worst: got %s, want critical", Worst(findings))
	}
}

func TestFindingString(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{Name: "a.xml", Line: 3, Element: "title", Severity: Error, Message: "m"}, "a.xml:3: element <title>: error: m"},
		{Finding{Element: "title", Severity: Warning, Message: "m"}, "element <title>: warning: m"},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestCodeName(t *testing.T) {
	tests := []struct{ list, code, want string }{
		{"ActivityStatus", "2", "Implementation"},
		{"OrganisationRole", RoleImplementing, "Implementing"},
		{"Country", "TW", "Taiwan (Province of China)"},
		{"Currency", "KRW", "Won"},
		{"Sector", "43082", "Research/scientific institutions"},
		{"Version", "2.03", ""},
	}
	for _, tt := range tests {
		got, ok := CodeName(tt.list, tt.code)
		if !ok || got != tt.want {
			t.Errorf("CodeName(%s, %s): got %q, %v, want %q", tt.list, tt.code, got, ok, tt.want)
		}
	}
	if _, ok := CodeName("Currency", "XXY"); ok {
		t.Errorf("CodeName(Currency, XXY): got ok, want not found")
	}
}

func TestReaderLine(t *testing.T) {
	input := file(activityXML, strings.Replace(activityXML, "XM-1-A", "XM-1-B", 1))
	r := NewReader(bytes.NewReader([]byte(input)), "l.xml")
	for _, want := range []int{3, 12} {
		if _, _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		if r.Line() != want {
			t.Errorf("line: got %d, want %d", r.Line(), want)
		}
	}
}

func TestReaderExtensionFindings(t *testing.T) {
	ext := strings.Replace(activityXML, `<participating-org ref="XM-1" role="2"/>`,
		`<participating-org ref="XM-1" role="2" setu:home="yes"/>
  <result type="1"><title><narrative>R</narrative></title><indicator measure="1"><title><narrative>I</narrative></title></indicator>
   <setu:output ref="O" licensed-home="2"/></result>
  <setu:milestone title="no ref" due="2026-13-01"/>
  <setu:milestone ref="M2" due="2026-01-01" completed="2026-02-01"/>`, 1)
	input := strings.Replace(file(ext), `version="2.03"`, `version="2.03" xmlns:setu="`+Namespace+`"`, 1)
	_, findings, err := NewReader(strings.NewReader(input), "x.xml").Next()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`x.xml:8: element <participating-org[1]>: error: @setu:home "yes" is not true or false`,
		`x.xml:10: element <result[1]/setu:output>: error: @licensed-home "2" is not true or false`,
		`x.xml:11: element <setu:milestone[1]>: error: @due "2026-13-01" is not a date (YYYY-MM-DD)`,
		`x.xml:11: element <setu:milestone[1]>: error: no @ref; it is required`,
		`x.xml:12: element <setu:milestone[2]>: warning: completed without @evidence`,
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.String())
	}
	if !equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
