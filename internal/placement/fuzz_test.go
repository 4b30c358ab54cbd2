package placement

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzReadRound checks that the reader of ROUND.json never panics, that it
// returns either an instance or at least one problem, that what it
// accepts is a valid instance that matches with a verified result and a
// valid RESULT.json, and that writing what it read and reading that back
// is a fixed point.
func FuzzReadRound(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "example.json")); err == nil {
		f.Add(b)
	}
	var gen bytes.Buffer
	if err := WriteRound(&gen, generateRound(roundSpec{Seed: 1, Applicants: 12, Positions: 4, Prefs: 3, Regions: 1, TiedPositions: 0.5})); err != nil {
		f.Fatal(err)
	}
	f.Add(gen.Bytes())
	for _, s := range []string{
		``, `null`, `{}`, `{"applicants":[{"id":"a","prefs":[["p","q"]]}],"positions":[{"id":"p","capacity":1,"prefs":["a"]},{"id":"q","capacity":1}]}`,
		`{"positions":[{"id":"p","capacity":1,"region":"R","target":1}],"regions":[{"id":"R","cap":0,"order":["p","x"]}],"seed":1}`,
		`{"applicants":[{"id":"a","prefs":["p",3,[]]}],"tiebreak":{"applicants":["a","a"]},"seed":-1}`,
		`{"applicants":[{"id":"a","prefs":["p", ["q"] ,[],"r",["s","t"]]},{"id":"b\u00e9","prefs":["p\u0031","東京"]}],
		  "positions":[{"id":"p","capacity":1},{"id":"q","capacity":1},{"id":"r","capacity":1},{"id":"s","capacity":1},{"id":"t","capacity":1},{"id":"p1","capacity":1},{"id":"東京","capacity":2,"prefs":[["a","bé"]]}],"seed":3}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkWalker(t, data)
		in, problems := ReadRound(data)
		if in == nil {
			if len(problems) == 0 {
				t.Fatal("neither an instance nor a problem")
			}
			for _, p := range problems {
				if p == "" {
					t.Fatalf("an empty problem among %q", problems)
				}
			}
			return
		}
		if problems != nil {
			t.Fatalf("an instance and problems %q", problems)
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("accepted an invalid instance: %v", err)
		}
		var first bytes.Buffer
		if err := WriteRound(&first, in); err != nil {
			t.Fatal(err)
		}
		again, problems := ReadRound(first.Bytes())
		if again == nil {
			t.Fatalf("reading what was written: %q\n%s", problems, first.Bytes())
		}
		var second bytes.Buffer
		if err := WriteRound(&second, again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("not a fixed point:\nfirst  %s\nsecond %s", first.Bytes(), second.Bytes())
		}
		res, err := Match(in)
		if err != nil {
			t.Fatalf("Match: %v", err)
		}
		if !res.Verdict.OK {
			t.Fatalf("result fails verification: %+v", res.Verdict)
		}
		var out bytes.Buffer
		if err := WriteResult(&out, in, res, "", Timings{}); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(out.Bytes()) {
			t.Fatalf("RESULT.json is not valid JSON:\n%s", out.Bytes())
		}
	})
}

// checkWalker checks that the walker, which lists the problems of a
// document the strict decoder rejects, reads a document the decoder
// accepts to the same round without problems.
func checkWalker(t *testing.T, data []byte) {
	r, problems := decodeRound(data)
	if problems != nil {
		return
	}
	var tree any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&tree); err != nil {
		t.Fatalf("the decoder accepted what the generic decoder rejects: %v", err)
	}
	var w walker
	got := w.round(tree)
	if w.folded {
		return
	}
	if w.problems != nil {
		t.Fatalf("the walker finds problems %q in a round the decoder accepts", w.problems)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("the walker reads\n%+v\nthe decoder\n%+v", got, r)
	}
}
