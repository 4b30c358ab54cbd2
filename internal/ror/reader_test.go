package ror

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/data"
)

// readAll reads every record of r, failing the test on any error.
func readAll(tb testing.TB, r io.Reader, name string) []Record {
	tb.Helper()
	rd, err := NewReader(r, name)
	if err != nil {
		tb.Fatalf("NewReader: %v", err)
	}
	var recs []Record
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			tb.Fatalf("Next: %v", err)
		}
		recs = append(recs, rec)
	}
}

// gunzip returns the uncompressed form of b.
func gunzip(tb testing.TB, b []byte) []byte {
	tb.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func findRecord(recs []Record, id string) (Record, bool) {
	i := slices.IndexFunc(recs, func(r Record) bool { return r.ID == id })
	if i < 0 {
		return Record{}, false
	}
	return recs[i], true
}

// tokyo is The University of Tokyo as the shipped file has it.
var tokyo = Record{
	ID:       "https://ror.org/057zh3y96",
	Display:  "The University of Tokyo",
	Aliases:  []string{"Todai", "Tōkyō Daigaku", "UTokyo", "とうきょうだいがく", "トウキョウダイガク"},
	Acronyms: []string{"UT"},
	Labels:   []Label{{Value: "東京大学", Lang: "ja"}},
	Types:    []string{"education"},
	Country:  "JP", City: "Tokyo", Established: 1877,
	Links: []string{"https://www.u-tokyo.ac.jp", "http://en.wikipedia.org/wiki/University_of_Tokyo"},
	Relationships: []Relationship{
		{"child", "https://ror.org/0059vr703"},
		{"child", "https://ror.org/03bbyax37"},
		{"child", "https://ror.org/008td3p62"},
		{"child", "https://ror.org/007xn7v02"},
		{"related", "https://ror.org/022cvpj02"},
		{"related", "https://ror.org/03vaz2582"},
	},
	Status: "active", Release: "v1.45", LastModified: "2024-04-05",
}

func TestReadShipped(t *testing.T) {
	recs := readAll(t, bytes.NewReader(data.RORAsia), data.RORAsiaName)
	if got, want := len(recs), 11342; got != want {
		t.Fatalf("records: got %d, want %d", got, want)
	}
	got, ok := findRecord(recs, tokyo.ID)
	if !ok {
		t.Fatalf("%s: not found", tokyo.ID)
	}
	if !reflect.DeepEqual(got, tokyo) {
		t.Errorf("The University of Tokyo:\ngot  %+v\nwant %+v", got, tokyo)
	}
	if !slices.Contains(got.Aliases, "Todai") {
		t.Errorf("Tokyo aliases: got %q, want it to contain Todai", got.Aliases)
	}
	iisc, ok := findRecord(recs, "https://ror.org/04dese585")
	if !ok {
		t.Fatal("04dese585: not found")
	}
	if iisc.Display != "Indian Institute of Science Bangalore" || iisc.Country != "IN" || len(iisc.Labels) != 8 {
		t.Errorf("04dese585: got %q %s with %d labels, want Indian Institute of Science Bangalore IN with 8", iisc.Display, iisc.Country, len(iisc.Labels))
	}

	status := map[string]int{}
	withRels, v1 := 0, 0
	countries := map[string]int{}
	for _, r := range recs {
		status[r.Status]++
		countries[r.Country]++
		if len(r.Relationships) > 0 {
			withRels++
		}
		if r.LastModified == "" {
			v1++
		}
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"active", status["active"], 11187},
		{"inactive", status["inactive"], 155},
		{"with relationships", withRels, 2672},
		{"without last_modified (schema v1)", v1, 2250},
		{"JP", countries["JP"], 5479},
		{"IN", countries["IN"], 1855},
		{"countries", len(countries), 15},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, c.got, c.want)
		}
	}
}

func TestGzipAndPlain(t *testing.T) {
	plain := gunzip(t, data.RORAsia)
	fromGzip := readAll(t, bytes.NewReader(data.RORAsia), "a.jsonl.gz")
	fromPlain := readAll(t, bytes.NewReader(plain), "a.jsonl")
	if len(fromGzip) != len(fromPlain) {
		t.Fatalf("records: got %d from gzip, want %d as from plain", len(fromGzip), len(fromPlain))
	}
	for i := range fromPlain {
		if !reflect.DeepEqual(fromGzip[i], fromPlain[i]) {
			t.Fatalf("record %d: got %+v from gzip, want %+v", i+1, fromGzip[i], fromPlain[i])
		}
	}
}

// line is a valid compact record for building test inputs.
const line = `{"id":"https://ror.org/04dese585","names":{"display":"Indian Institute of Science Bangalore","acronyms":["IISc"]},"types":["education"],"country":"IN","city":"Bengaluru","established":1909,"links":[],"status":"active","ror_release":"v1.49","last_modified":"2024-07-11"}`

// with returns line with old replaced by new, which must occur.
func with(tb testing.TB, old, new string) string {
	tb.Helper()
	if !strings.Contains(line, old) {
		tb.Fatalf("%q not in the test line", old)
	}
	return strings.Replace(line, old, new, 1)
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name  string
		input string
		err   string // the whole error message
		field string // ParseError.Field
	}{
		{"truncated", line + "\n" + line[:strings.Index(line, `{"display"`)] + "\n", `x.jsonl:2: invalid JSON: unexpected end of input`, ""},
		{"syntax", "\n\n{\"id\" 1}\n", `x.jsonl:3: invalid JSON: invalid character '1' after object key`, ""},
		{"two objects", line + " {}\n", `x.jsonl:1: invalid JSON: data after the object`, ""},
		{"empty object", "{}\n", `x.jsonl:1: field "id": missing`, "id"},
		{"array", line + "\n[1]\n", `x.jsonl:2: invalid record: got JSON array, want an object`, ""},
		{"null", line + "\nnull\n", `x.jsonl:2: field "id": missing`, "id"},
		{"not an object", line + "\n\"x\"\n", `x.jsonl:2: invalid record: got JSON string, want an object`, ""},
		{"missing id", with(t, `"id":"https://ror.org/04dese585",`, ""), `x.jsonl:1: field "id": missing`, "id"},
		{"bad id", with(t, "04dese585", "04dese586"), `x.jsonl:1: field "id": invalid ROR id "https://ror.org/04dese586": checksum 86, want 85`, "id"},
		{"empty display", with(t, `"display":"Indian Institute of Science Bangalore"`, `"display":" "`), `x.jsonl:1: field "names.display": missing`, "names.display"},
		{"no names", with(t, `"names":{"display":"Indian Institute of Science Bangalore","acronyms":["IISc"]},`, ""), `x.jsonl:1: field "names.display": missing`, "names.display"},
		{"country", with(t, `"IN"`, `"ZZZ"`), `x.jsonl:1: field "country": "ZZZ" is not an ISO 3166-1 alpha-2 code`, "country"},
		{"country digits", with(t, `"IN"`, `"I1"`), `x.jsonl:1: field "country": "I1" is not an ISO 3166-1 alpha-2 code`, "country"},
		{"no country", with(t, `"country":"IN",`, ""), `x.jsonl:1: field "country": missing`, "country"},
		{"status", with(t, `"active"`, `"dormant"`), `x.jsonl:1: field "status": "dormant" is not one of active, inactive, withdrawn`, "status"},
		{"established early", with(t, "1909", "999"), `x.jsonl:1: field "established": 999 is not a year between 1000 and 2100`, "established"},
		{"established late", with(t, "1909", "2101"), `x.jsonl:1: field "established": 2101 is not a year between 1000 and 2100`, "established"},
		{"established string", with(t, "1909", `"1909"`), `x.jsonl:1: field "established": got JSON string, want an integer`, "established"},
		{"established fraction", with(t, "1909", `1909.5`), `x.jsonl:1: field "established": got JSON number 1909.5, want an integer`, "established"},
		{"type", with(t, `"education"`, `"university"`), `x.jsonl:1: field "types": "university" is not a ROR organisation type`, "types"},
		{"last_modified", with(t, "2024-07-11", "2024-13-01"), `x.jsonl:1: field "last_modified": "2024-13-01" is not a date (YYYY-MM-DD)`, "last_modified"},
		{"unknown field", with(t, `"city"`, `"town"`), `x.jsonl:1: field "town": unknown field`, "town"},
		{"unknown nested field", with(t, `"acronyms"`, `"initials"`), `x.jsonl:1: field "names.initials": unknown field`, "names.initials"},
		{"unknown label field", with(t, `"acronyms":["IISc"]`, `"labels":[{"value":"a","lang":"hi"},{"value":"b","script":"Deva"}]`), `x.jsonl:1: field "names.labels[1].script": unknown field`, "names.labels[1].script"},
		{"unknown relationship type", with(t, `"links"`, `"relationships":{"sibling":["https://ror.org/057zh3y96"]},"links"`), `x.jsonl:1: field "relationships.sibling": unknown field`, "relationships.sibling"},
		{"bad relationship id", with(t, `"links"`, `"relationships":{"parent":["https://ror.org/057zh3y95"]},"links"`), `x.jsonl:1: field "relationships.parent": invalid ROR id "https://ror.org/057zh3y95": checksum 95, want 96`, "relationships.parent"},
		{"label type", with(t, `"acronyms":["IISc"]`, `"labels":[{"value":1}]`), `x.jsonl:1: field "names.labels[0].value": got JSON number, want a string`, "names.labels[0].value"},
		{"label not an object", with(t, `"acronyms":["IISc"]`, `"labels":[{"value":"a"},"b"]`), `x.jsonl:1: field "names.labels[1]": got JSON string, want an object`, "names.labels[1]"},
		{"alias type", with(t, `"acronyms":["IISc"]`, `"aliases":["a",true]`), `x.jsonl:1: field "names.aliases[1]": got JSON bool, want a string`, "names.aliases[1]"},
		{"types not an array", with(t, `["education"]`, `"education"`), `x.jsonl:1: field "types": got JSON string, want an array`, "types"},
		{"relationship ids", with(t, `"links"`, `"relationships":{"child":{}},"links"`), `x.jsonl:1: field "relationships.child": got JSON object, want an array`, "relationships.child"},
		{"trailing comma", with(t, `"IISc"]`, `"IISc",]`), `x.jsonl:1: invalid JSON: invalid character ']' looking for beginning of value`, ""},
		{"bad literal", with(t, "1909", "1909x"), `x.jsonl:1: invalid JSON: invalid character 'x' after object key:value pair`, ""},
		{"leading zero", with(t, "1909", "01909"), `x.jsonl:1: invalid JSON: invalid character '1' after object key:value pair`, ""},
		{"huge number", with(t, "1909", "1e999"), `x.jsonl:1: field "established": got JSON number 1e999, want an integer`, "established"},
		{"bad escape", with(t, "Bengaluru", `Benga\luru`), `x.jsonl:1: invalid JSON: invalid character 'l' in string escape code`, ""},
		{"bad unicode escape", with(t, "Bengaluru", `Benga\u00zz`), `x.jsonl:1: invalid JSON: invalid character '0' in \u hexadecimal character escape`, ""},
		{"control character", with(t, "Bengaluru", "Benga\tluru"), `x.jsonl:1: invalid JSON: invalid character '\t' in string literal`, ""},
		{"invalid UTF-8", with(t, "Bengaluru", "Benga\xffluru"), `x.jsonl:1: invalid JSON: invalid UTF-8 in string`, ""},
		{"missing colon", with(t, `"city":`, `"city" `), `x.jsonl:1: invalid JSON: invalid character '"' after object key`, ""},
		{"unquoted key", with(t, `"city":`, `city:`), `x.jsonl:1: invalid JSON: invalid character 'c' looking for beginning of object key string`, ""},
		{"after blank lines", "\n" + line + "\n\n  \n\r\n" + with(t, `"IN"`, `"India"`) + "\n", `x.jsonl:6: field "country": "India" is not an ISO 3166-1 alpha-2 code`, "country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := firstError(t, tt.input, "x.jsonl")
			if err == nil {
				t.Fatalf("got no error, want %q", tt.err)
			}
			if got := err.Error(); got != tt.err {
				t.Errorf("got error\n%s\nwant\n%s", got, tt.err)
			}
			pe, ok := errors.AsType[*ParseError](err)
			if !ok {
				t.Fatalf("got %T, want *ParseError", err)
			}
			if pe.Field != tt.field {
				t.Errorf("field: got %q, want %q", pe.Field, tt.field)
			}
		})
	}
}

// firstError reads input to the end and returns the first error other than
// io.EOF, or nil; firstErrorFrom does the same for a reader.
func firstError(tb testing.TB, input, name string) error {
	tb.Helper()
	return firstErrorFrom(tb, strings.NewReader(input), name)
}

func firstErrorFrom(tb testing.TB, r io.Reader, name string) error {
	tb.Helper()
	rd, err := NewReader(r, name)
	if err != nil {
		return err
	}
	for range 1000 {
		_, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
	tb.Fatal("reader did not stop")
	return nil
}

func TestNewReaderErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		err   string
	}{
		{"not JSON", "id,name\n", `x:1: not ROR JSON Lines or a ROR v2 JSON dump: starts with 'i'`},
		{"bad gzip", "\x1f\x8b\x00", `x: gzip: unexpected EOF`},
		{"number after blank lines", "\n\n 42", `x:3: not ROR JSON Lines or a ROR v2 JSON dump: starts with '4'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.input), "x")
			if err == nil {
				t.Fatalf("got no error, want %q", tt.err)
			}
			if got := err.Error(); got != tt.err {
				t.Errorf("got error %q, want %q", got, tt.err)
			}
		})
	}
}

func TestEmptyInput(t *testing.T) {
	for _, input := range []string{"", "\n\n", "\xef\xbb\xbf"} {
		if recs := readAll(t, strings.NewReader(input), "x"); len(recs) != 0 {
			t.Errorf("%q: got %d records, want 0", input, len(recs))
		}
	}
}

// TestReadOn checks that a bad line does not stop the reader and that Line
// counts blank lines.
func TestReadOn(t *testing.T) {
	bad := with(t, `"IN"`, `"XYZ"`)
	input := line + "\n\n" + bad + "\n" + line + "\r\n" + line // no final newline
	rd, err := NewReader(strings.NewReader(input), "x")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line int
		ok   bool
	}{{1, true}, {3, false}, {4, true}, {5, true}}
	for _, w := range want {
		_, err := rd.Next()
		if got := err == nil; got != w.ok {
			t.Fatalf("line %d: got error %v, want ok=%v", w.line, err, w.ok)
		}
		if got := rd.Line(); got != w.line {
			t.Errorf("Line: got %d, want %d", got, w.line)
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("at end: got %v, want io.EOF", err)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("after end: got %v, want io.EOF", err)
	}
}

func TestLongLines(t *testing.T) {
	// A long but valid line: many aliases.
	aliases := strings.Repeat(`"an alias of some length",`, 10000) // ~260 KB, past the 64 KiB buffer
	long := with(t, `"acronyms"`, `"aliases":[`+aliases+`"last"],"acronyms"`)
	recs := readAll(t, strings.NewReader(long+"\n"+line+"\n"), "x")
	if len(recs) != 2 || len(recs[0].Aliases) != 10001 {
		t.Fatalf("got %d records, want 2 with 10001 aliases in the first", len(recs))
	}

	// A line past the limit is skipped with an error; reading goes on.
	huge := with(t, `"acronyms"`, `"aliases":["`+strings.Repeat("x", maxRecord)+`"],"acronyms"`)
	rd, err := NewReader(strings.NewReader(line+"\n"+huge+"\n"+line), "x")
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	n := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		n++
	}
	wantErr := "x:2: record longer than 4194304 bytes"
	if n != 2 || len(errs) != 1 || errs[0] != wantErr {
		t.Errorf("got %d records and errors %q, want 2 and [%q]", n, errs, wantErr)
	}
}

func TestStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Bengaluru`, "Bengaluru"},
		{`Bengal\u016Bru`, "Bengalūru"},
		{`\"B\" \\ \/ \b\f\n\r\t`, "\"B\" \\ / \b\f\n\r\t"},
		{`\ud83c\udfeb school`, "\U0001F3EB school"},
		{`lone \ud83c surrogate`, "lone \uFFFD surrogate"},
		{`lone \udfeb low`, "lone \uFFFD low"},
		{`東京 \u6771`, "東京 東"},
	}
	for _, tt := range tests {
		recs := readAll(t, strings.NewReader(with(t, "Bengaluru", tt.in)), "x")
		if got := recs[0].City; got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalises(t *testing.T) {
	in := with(t, `"https://ror.org/04dese585"`, `"04DESE585"`)
	in = strings.Replace(in, `"IN"`, `"in"`, 1)
	in = strings.Replace(in, `"status":"active",`, "", 1)
	in = strings.Replace(in, `"education"`, `"Education"`, 1)
	recs := readAll(t, strings.NewReader(in), "x")
	got := recs[0]
	if got.ID != "https://ror.org/04dese585" || got.Country != "IN" || got.Status != "active" || got.Types[0] != "education" {
		t.Errorf("got id %q country %q status %q types %q, want https://ror.org/04dese585 IN active [education]",
			got.ID, got.Country, got.Status, got.Types)
	}
	if got.Links != nil {
		t.Errorf("links: got %#v, want nil for []", got.Links)
	}
}

func BenchmarkReadShipped(b *testing.B) {
	plain := gunzip(b, data.RORAsia)
	for _, bm := range []struct {
		name  string
		input []byte
	}{{"plain", plain}, {"gzip", data.RORAsia}} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			for b.Loop() {
				if n := count(b, bm.input); n != 11342 {
					b.Fatalf("got %d records, want 11342", n)
				}
			}
		})
	}
}

// count reads input to the end and returns the number of records.
func count(tb testing.TB, input []byte) int {
	rd, err := NewReader(bytes.NewReader(input), "x")
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadErrors(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(line + "\n" + line + "\n" + line + "\n"))
	zw.Close()
	broken := errors.New("disk on fire")
	tests := []struct {
		name string
		r    io.Reader
		err  string
	}{
		{"gzip without its trailer", bytes.NewReader(gz.Bytes()[:gz.Len()-8]), "x:4: gzip: unexpected EOF"},
		{"failing JSON Lines", &failingReader{[]byte(line + "\n" + line[:20]), broken}, "x:2: read: disk on fire"},
		{"failing dump", &failingReader{[]byte("[" + minimal + "," + minimal[:20]), broken}, "x:2: read: disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := firstErrorFrom(t, tt.r, "x")
			if err == nil {
				t.Fatalf("got no error, want %q", tt.err)
			}
			if got := err.Error(); got != tt.err {
				t.Errorf("got error %q, want %q", got, tt.err)
			}
			if !strings.Contains(tt.name, "gzip") && !errors.Is(err, broken) {
				t.Errorf("got %v, want it to wrap the read error", err)
			}
		})
	}
}
