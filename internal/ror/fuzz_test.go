package ror

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReader checks that no input makes the reader panic or loop, and that
// every error names the input.
func FuzzReader(f *testing.F) {
	f.Add([]byte(line + "\n" + line[:50]))
	f.Add([]byte(with(f, `"acronyms":["IISc"]`, `"labels":[{"value":"a","lang":null}]`)))
	f.Add([]byte(with(f, `"links"`, `"relationships":{"parent":["057zh3y96"],"child":["https://ror.org/04dese585"]},"links"`)))
	f.Add([]byte("[" + minimal + "," + minimal + "]"))
	f.Add([]byte("\n\n[]"))
	for _, name := range []string{v2Dump, "v1.20-2023-02-28-ror-data.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(line + "\n"))
	zw.Close()
	f.Add(gz.Bytes())

	const name = "fuzz.jsonl"
	f.Fuzz(func(t *testing.T, input []byte) {
		rd, err := NewReader(bytes.NewReader(input), name)
		if err != nil {
			checkFuzzError(t, err, name)
			return
		}
		// Every call reads at least one (uncompressed) byte, line or record, or
		// ends, or repeats an error that ends reading; a generous bound
		// catches a reader that stops making progress.
		var last error
		for range 1100*len(input) + 100 { // gzip expands at most ~1032 times
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				checkFuzzError(t, err, name)
				if err == last {
					return // the error ends reading
				}
				last = err
				continue
			}
			if _, err := ShortID(rec.ID); err != nil {
				t.Fatalf("record with invalid id %q: %v", rec.ID, err)
			}
			if rec.Display == "" || len(rec.Country) != 2 {
				t.Fatalf("record with display %q and country %q", rec.Display, rec.Country)
			}
		}
		t.Fatalf("reader did not reach the end of %d bytes", len(input))
	})
}

func checkFuzzError(t *testing.T, err error, name string) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), name+":") {
		t.Fatalf("error %q does not start with %q", err, name+":")
	}
	if _, ok := errors.AsType[*ParseError](err); !ok {
		t.Fatalf("error %v: got %T, want *ParseError", err, err)
	}
}
