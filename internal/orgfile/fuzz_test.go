package orgfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

// fuzzReader checks that a reader never panics, that every error it
// returns is a *ParseError naming the input, and that writing what it read
// and reading that back is a fixed point: write(read(write(read(x)))) ==
// write(read(x)).
func fuzzReader(f *testing.F, format Format) {
	name := "fuzz." + string(format)
	if b, err := os.ReadFile(filepath.Join("testdata", "organisations."+string(format))); err == nil {
		f.Add(b)
	}
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, in []byte) {
		orgs, err := readAll(name, in)
		if err != nil {
			pe, ok := errors.AsType[*ParseError](err)
			if !ok || pe.Name != name {
				t.Fatalf("error %v (%T) is not a *ParseError for %s", err, err, name)
			}
			return
		}
		first, ok := tryWrite(format, orgs)
		if !ok {
			return // e.g. a time JSON cannot hold
		}
		again, err := readAll(name, first)
		if err != nil {
			t.Fatalf("reading what was written: %v\n%q", err, first)
		}
		second, _ := tryWrite(format, again)
		if !bytes.Equal(first, second) {
			t.Fatalf("not a fixed point:\nfirst  %q\nsecond %q", first, second)
		}
	})
}

func tryWrite(f Format, orgs []*registry.Organisation) ([]byte, bool) {
	var b bytes.Buffer
	w, _ := NewWriter(&b, f, registry.DefaultVocabulary())
	for _, o := range orgs {
		if w.Write(o) != nil {
			return nil, false
		}
	}
	return b.Bytes(), w.Close() == nil
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("name,layers,other_names\n\"a\nb\",x; \\ y,v|t|l\n"))
	f.Add([]byte("id,relationships\nx,parent|ror|1|a|b; child|ror|2\n"))
	fuzzReader(f, CSV)
}

func FuzzJSONLReader(f *testing.F) {
	f.Add([]byte(`{"id":"x","established":1990,"other_names":[{"value":"v","type":"t"}]}` + "\n\n{}"))
	fuzzReader(f, JSONL)
}
