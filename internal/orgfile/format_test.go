package orgfile

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// write writes orgs in format f.
func write(t testing.TB, f Format, orgs ...*registry.Organisation) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, f, registry.DefaultVocabulary())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if err := w.Write(o); err != nil {
			t.Fatalf("write %s: %v", o.ID, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readAll reads every organisation from b.
func readAll(name string, b []byte) ([]*registry.Organisation, error) {
	r, err := NewReader(bytes.NewReader(b), name)
	if err != nil {
		return nil, err
	}
	var orgs []*registry.Organisation
	for {
		o, err := r.Next()
		if errors.Is(err, io.EOF) {
			return orgs, nil
		}
		if err != nil {
			return orgs, err
		}
		orgs = append(orgs, o)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{JSONL, CSV} {
		t.Run(string(f), func(t *testing.T) {
			want := []*registry.Organisation{richOrganisation(), plainOrganisation()}
			out := write(t, f, want...)
			golden := filepath.Join("testdata", "organisations."+string(f))
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if g, err := os.ReadFile(golden); err != nil || !bytes.Equal(g, out) {
				t.Errorf("output differs from %s (run with -update if the change is meant): %v\n%s", golden, err, out)
			}
			// Name the input without an extension, so the format is sniffed.
			got, err := readAll("input", out)
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back differs:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestCSVHeaderOnly(t *testing.T) {
	out := write(t, CSV)
	if !bytes.HasPrefix(out, []byte(bom+"id,name,kind,kind_label,")) || bytes.Count(out, []byte("\n")) != 1 {
		t.Errorf("empty export: got %q, want the header row alone", out)
	}
	if orgs, err := readAll("x.csv", out); err != nil || len(orgs) != 0 {
		t.Errorf("read empty export: got %d, %v; want none", len(orgs), err)
	}
}

func TestCSVColumnsInAnyOrder(t *testing.T) {
	in := "country,name,kind,domains,domain_labels\nJP,Sakura,startup,robotics; healthcare,Robotics; Healthcare\n"
	orgs, err := readAll("x.csv", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	o := orgs[0]
	if o.Name != "Sakura" || o.Country != "JP" || !reflect.DeepEqual(o.Domains, []string{"robotics", "healthcare"}) {
		t.Errorf("got %+v", o)
	}
}

func TestReadErrors(t *testing.T) {
	const header = "id,name,kind,established,other_names\n"
	tests := []struct {
		name, file, in, want string
	}{
		{"unknown column", "a.csv", "id,nmae\n", `a.csv:1: column "nmae": unknown column`},
		{"twice", "a.csv", "id,id\n", `a.csv:1: column "id": appears twice`},
		{"bad year", "a.csv", header + "x,X,startup,1990,\ny,Y,startup,199O,\n", `a.csv:3: column "established": not a year`},
		{"bad names", "a.csv", header + "x,X,startup,,\"A|alias; B\"\n", `a.csv:2: column "other_names": item 2 has 1 fields`},
		{"multi-line row", "a.csv", header + "x,\"X\nY\",startup,,\ny,Y,startup,,\\\n", `a.csv:4: column "other_names": ends with a lone`},
		{"field count", "a.csv", header + "x,X\n", `a.csv:2: 2 fields, but the header has 5`},
		{"bad quote", "a.csv", header + "x,\"X\"Y,startup,,\n", `a.csv:2: byte 5: extraneous or missing " in quoted-field`},
		{"syntax", "a.jsonl", "{\"id\":\"x\"}\n{\"id\":}\n", `a.jsonl:2: byte 7: invalid character '}'`},
		{"unknown field", "a.jsonl", "\n\n{\"nmae\":\"x\"}\n", `a.jsonl:3: field "nmae": unknown field`},
		{"type", "a.jsonl", `{"established":"1990"}`, `a.jsonl:1: field "established": cannot use JSON string as int`},
		{"nested type", "a.jsonl", `{"other_names":[{"value":1}]}`, `a.jsonl:1: field "other_names.value": cannot use JSON number as string`},
		{"not an object", "a.jsonl", "[1]\n", `a.jsonl:1: want a JSON object`},
		{"trailing", "a.jsonl", `{"id":"x"} {"id":"y"}`, `a.jsonl:1: byte 11: more after the JSON object`},
		{"cut short", "a.jsonl", `{"id":"x"`, `a.jsonl:1: the JSON object is cut short`},
		{"bad time", "a.jsonl", `{"created_at":"yesterday"}`, `a.jsonl:1: parsing time "yesterday"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(tt.file, []byte(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v, want an error starting %q", err, tt.want)
			}
			if _, ok := errors.AsType[*ParseError](err); !ok {
				t.Errorf("got %T, want *ParseError", err)
			}
		})
	}
}

func TestFormatOfName(t *testing.T) {
	tests := map[string]Format{"a.csv": CSV, "A.CSV": CSV, "a.jsonl": JSONL, "a.ndjson.gz": JSONL, "a.json": JSONL, "a.txt": "", "-": ""}
	for name, want := range tests {
		if got := FormatOfName(name); got != want {
			t.Errorf("FormatOfName(%q): got %q, want %q", name, got, want)
		}
	}
}
