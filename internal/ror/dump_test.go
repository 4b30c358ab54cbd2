package ror

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/setu-council/setu/data"
)

const v2Dump = "v1.45-2024-04-05-ror-data_schema_v2.json"

func readFile(tb testing.TB, name string) []Record {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return readAll(tb, f, name)
}

// TestDumpMatchesCompact checks that the v2 dump fixture gives the same
// records as the shipped compact file, the release coming from the dump's
// name.
func TestDumpMatchesCompact(t *testing.T) {
	shipped := readAll(t, bytes.NewReader(data.RORAsia), data.RORAsiaName)
	dump := readFile(t, v2Dump)
	if len(dump) != 3 {
		t.Fatalf("records: got %d, want 3", len(dump))
	}
	for _, got := range dump[:2] {
		want, ok := findRecord(shipped, got.ID)
		if !ok {
			t.Fatalf("%s: not in the shipped file", got.ID)
		}
		want.Release = "v1.45" // the shipped IISc record is from v1.49
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", got.ID, got, want)
		}
	}
	if !reflect.DeepEqual(dump[0], tokyo) {
		t.Errorf("Tokyo from the dump:\ngot  %+v\nwant %+v", dump[0], tokyo)
	}

	want := Record{
		ID:            "https://ror.org/0abcdef23",
		Display:       "Example Withdrawn Institute",
		Labels:        []Label{{Value: "Example Institute"}},
		Types:         []string{"other"},
		Country:       "JP",
		City:          "Kyoto",
		Relationships: []Relationship{{"successor", "https://ror.org/057zh3y96"}},
		Status:        "withdrawn",
		Release:       "v1.45",
		LastModified:  "2024-03-01",
	}
	if !reflect.DeepEqual(dump[2], want) {
		t.Errorf("withdrawn record:\ngot  %+v\nwant %+v", dump[2], want)
	}
}

// TestDumpV1 checks a record of ROR schema v1, as in dumps before v2.
func TestDumpV1(t *testing.T) {
	recs := readFile(t, "v1.20-2023-02-28-ror-data.json")
	if len(recs) != 1 {
		t.Fatalf("records: got %d, want 1", len(recs))
	}
	want := tokyo
	want.Release, want.LastModified = "v1.20", ""
	if !reflect.DeepEqual(recs[0], want) {
		t.Errorf("got  %+v\nwant %+v", recs[0], want)
	}
}

func TestDumpRelease(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", v2Dump))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b)
	zw.Close()
	recs := readAll(t, &gz, "dump.json.gz")
	if got, want := recs[0].Release, "2.0/2024-04-05"; got != want {
		t.Errorf("release without one in the name: got %q, want %q", got, want)
	}
}

func TestReleaseFromName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"v1.45-2024-04-05-ror-data_schema_v2.json", "v1.45"},
		{"dumps/v2.0-2025-01-01-ror-data.json", "v2.0"},
		{`C:\dumps\v1.9.json`, "v1.9"},
		{"v2.10_ror.json.gz", "v2.10"},
		{"ror-data.json", ""},
		{"v1-data.json", ""},
		{"vendor.json", ""},
		{"v1.2x.json", ""},
		{"v..json", ""},
	}
	for _, tt := range tests {
		if got := releaseFromName(tt.name); got != tt.want {
			t.Errorf("releaseFromName(%q): got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// minimal is a valid v2 dump record for building test inputs.
const minimal = `{"id":"https://ror.org/057zh3y96","names":[{"value":"U","types":["ror_display"]}],"locations":[{"geonames_details":{"country_code":"JP"}}]}`

func TestDumpMalformed(t *testing.T) {
	tests := []struct {
		name  string
		input string
		err   string // the first error
		ok    int    // records read before the end or a sticky error
	}{
		{"truncated", "[" + minimal + "," + minimal[:30], `d.json:2: invalid JSON: unexpected end of input`, 1},
		{"unterminated", "[" + minimal, `d.json:1: invalid JSON: unexpected end of input`, 1},
		{"missing comma", "[" + minimal + " " + minimal + "]", `d.json:2: invalid JSON: expected comma after array element`, 1},
		{"data after", "[" + minimal + "] []", `d.json:1: invalid JSON: data after the array`, 1},
		{"not an object", "[" + minimal + ",7," + minimal + "]", `d.json:2: invalid record: got JSON number, want an object`, 2},
		{"wrong type", "[" + strings.Replace(minimal, `"U"`, `1`, 1) + "," + minimal + "]", `d.json:1: field "names.value": got JSON number, want a string`, 1},
		{"no display", `[{"id":"https://ror.org/057zh3y96","names":[{"value":"U","types":["label"]}]}]`, `d.json:1: field "names": no name of type ror_display`, 0},
		{"no location", `[{"id":"https://ror.org/057zh3y96","names":[{"value":"U","types":["ror_display"]}]}]`, `d.json:1: field "locations": missing`, 0},
		{"bad country", "[" + strings.Replace(minimal, `"JP"`, `"JPN"`, 1) + "]", `d.json:1: field "locations[0].geonames_details.country_code": "JPN" is not an ISO 3166-1 alpha-2 code`, 0},
		{"bad relationship", "[" + strings.Replace(minimal, `"locations"`, `"relationships":[{"type":"parent","id":"https://ror.org/04dese585"},{"type":"cousin","id":"https://ror.org/04dese585"}],"locations"`, 1) + "]", `d.json:1: field "relationships[1].type": "cousin" is not a ROR relationship type`, 0},
		{"relationship id", "[" + strings.Replace(minimal, `"locations"`, `"relationships":[{"type":"parent","id":"04dese58"}],"locations"`, 1) + "]", `d.json:1: field "relationships[0].id": invalid ROR id "04dese58": want 9 characters after the prefix, got 8`, 0},
		{"v1 without name", `[{"id":"https://ror.org/057zh3y96","name":"","country":{"country_code":"JP"}}]`, `d.json:1: field "name": missing`, 0},
		{"link type", "[" + strings.Replace(minimal, `"locations"`, `"links":[true],"locations"`, 1) + "," + minimal + "]", `d.json:1: field "links": got JSON bool, want an object`, 1},
		{"link value type", "[" + strings.Replace(minimal, `"locations"`, `"links":[{"type":"website","value":[]}],"locations"`, 1) + "]", `d.json:1: field "links.value": got JSON array, want a string`, 0},
		{"too long", "[" + minimal + "," + strings.Replace(minimal, `"U"`, `"`+strings.Repeat("U", maxRecord)+`"`, 1) + "]", `d.json:2: record longer than 4194304 bytes`, 1},
		{"last modified", "[" + strings.Replace(minimal, `"locations"`, `"admin":{"last_modified":{"date":"05/04/2024"}},"locations"`, 1) + "]", `d.json:1: field "admin.last_modified.date": "05/04/2024" is not a date (YYYY-MM-DD)`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.input), "d.json")
			if err != nil {
				t.Fatal(err)
			}
			var first error
			ok := 0
			for range 100 {
				_, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					if first == nil {
						first = err
					}
					if _, again := rd.Next(); again == err {
						break // sticky
					} else if again == nil {
						ok++
					}
					continue
				}
				ok++
			}
			if first == nil {
				t.Fatalf("got no error, want %q", tt.err)
			}
			if got := first.Error(); got != tt.err {
				t.Errorf("got error\n%s\nwant\n%s", got, tt.err)
			}
			if ok != tt.ok {
				t.Errorf("records read: got %d, want %d", ok, tt.ok)
			}
		})
	}
}

func TestDumpEmpty(t *testing.T) {
	for _, input := range []string{"[]", " [ ]\n", "\xef\xbb\xbf[]"} {
		if recs := readAll(t, strings.NewReader(input), "d.json"); len(recs) != 0 {
			t.Errorf("%q: got %d records, want 0", input, len(recs))
		}
	}
}

// TestDumpLine checks that Line counts records, not lines, in a dump.
func TestDumpLine(t *testing.T) {
	rd, err := NewReader(strings.NewReader("\n\n[\n"+minimal+",\n"+minimal+"\n]\n"), "d.json")
	if err != nil {
		t.Fatal(err)
	}
	for want := 1; want <= 2; want++ {
		if _, err := rd.Next(); err != nil {
			t.Fatal(err)
		}
		if got := rd.Line(); got != want {
			t.Errorf("Line: got %d, want %d", got, want)
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("at end: got %v, want io.EOF", err)
	}
}
