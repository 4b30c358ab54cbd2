package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// statusOf returns the status the error boundary gives err.
func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.code
	}
	return status(errs.KindOf(err))
}

func TestDecodeBody(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int      // 0: no error
		fields []string // the fields named, for 422
		detail string   // a substring of the error
	}{
		{name: "object", body: `{"name":"A","kind":"startup"}`},
		{name: "whitespace around", body: " \n\t{\"name\":\"A\"}\r\n "},
		{name: "keys in another case, as encoding/json allows", body: `{"NAME":"A"}`},
		{name: "server-assigned times are accepted", body: `{"created_at":"2024-01-02T03:04:05Z","updated_at":"2024-01-02T03:04:05+09:00"}`},
		{name: "empty", body: ``, status: 400, detail: "empty"},
		{name: "only whitespace", body: " \n ", status: 400, detail: "empty"},
		{name: "null", body: `null`, status: 400, detail: "must be a JSON object at line 1, column 1"},
		{name: "array", body: "\n  [{}]", status: 400, detail: "must be a JSON object at line 2, column 3 (byte offset 3)"},
		{name: "cut short", body: `{"name":`, status: 400, detail: "ends too soon at line 1, column 9 (byte offset 8)"},
		{name: "trailing comma", body: `{"name":"A",}`, status: 400, detail: "line 1, column 13 (byte offset 12)"},
		{name: "second object", body: `{"name":"A"}{"name":"B"}`, status: 400, detail: "unexpected data after the JSON object at line 1, column 13"},
		{name: "garbage after", body: "{}\nx", status: 400, detail: "line 2, column 1 (byte offset 3)"},
		{name: "unknown field", body: `{"name":"A","colour":"red"}`, status: 422, fields: []string{"colour"}},
		{name: "unknown object field, not inside it", body: `{"extra":{"deep":1}}`, status: 422, fields: []string{"extra"}},
		{name: "unknown fields in list items", body: `{"other_names":[{"value":"x","typo":1},{"valeu":"y"}]}`, status: 422,
			fields: []string{"other_names[0].typo", "other_names[1].valeu"}},
		{name: "odd keys are quoted", body: `{"":1,"a.b":2,"provenance":{"x y":3}}`, status: 422,
			fields: []string{`""`, `"a.b"`, `provenance."x y"`}},
		{name: "type error names the key as sent", body: `{"Capabilities":[{"TEXT":2}]}`, status: 422, fields: []string{"Capabilities[0].TEXT"}},
		{name: "unknown field in provenance", body: `{"provenance":{"source":"s","url":"u"}}`, status: 422, fields: []string{"provenance.url"}},
		{name: "fraction for a year", body: `{"established":1999.5}`, status: 422, fields: []string{"established"}, detail: "must be a whole number"},
		{name: "string for a list", body: `{"layers":"model"}`, status: 422, fields: []string{"layers"}, detail: "must be an array"},
		{name: "object for a list", body: `{"capabilities":{}}`, status: 422, fields: []string{"capabilities"}},
		{name: "string for a bool", body: `{"sample":"yes"}`, status: 422, fields: []string{"sample"}, detail: "must be true or false"},
		{name: "number in a nested list", body: `{"capabilities":[{"text":"a"},{"text":5}]}`, status: 422, fields: []string{"capabilities[1].text"}},
		{name: "object for a string", body: `{"relationships":[{"type":{"a":1}}]}`, status: 422, fields: []string{"relationships[0].type"}},
		{name: "bad time", body: `{"created_at":"yesterday"}`, status: 422, detail: "yesterday"},
	}
	for _, tt := range tests {
		var o registry.Organisation
		err := decodeBody([]byte(tt.body), &o)
		if tt.status == 0 {
			if err != nil {
				t.Errorf("%s: got error %v, want none", tt.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: got no error, want status %d", tt.name, tt.status)
			continue
		}
		if got := statusOf(err); got != tt.status {
			t.Errorf("%s: got status %d, want %d (%v)", tt.name, got, tt.status, err)
		}
		var fields []string
		for _, f := range errs.FieldsOf(err) {
			fields = append(fields, f.Field)
		}
		if tt.fields != nil && !sameSet(fields, tt.fields) {
			t.Errorf("%s: got fields %q, want %q", tt.name, fields, tt.fields)
		}
		if !strings.Contains(err.Error(), tt.detail) {
			t.Errorf("%s: got %q, want it to contain %q", tt.name, err, tt.detail)
		}
	}
}

func TestCheckJSONContentType(t *testing.T) {
	tests := []struct {
		ct string
		ok bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON; charset=UTF-8", true},
		{"", false},
		{"text/plain", false},
		{"application/x-www-form-urlencoded", false},
		{"application/json; charset=iso-8859-1", false},
		{"application/jsonp", false},
		{";;", false},
	}
	for _, tt := range tests {
		err := checkJSONContentType(tt.ct)
		if got := err == nil; got != tt.ok {
			t.Errorf("%q: got accepted %v, want %v (%v)", tt.ct, got, tt.ok, err)
		}
		if err != nil && statusOf(err) != http.StatusUnsupportedMediaType {
			t.Errorf("%q: got status %d, want 415", tt.ct, statusOf(err))
		}
	}
}

func TestLineColumn(t *testing.T) {
	body := []byte("ab\ncd\n\nef")
	tests := []struct {
		at        int64
		line, col int
	}{{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2}, {9, 4, 3}, {99, 4, 3}, {-1, 1, 1}}
	for _, tt := range tests {
		if line, col := lineColumn(body, tt.at); line != tt.line || col != tt.col {
			t.Errorf("at %d: got line %d column %d, want %d and %d", tt.at, line, col, tt.line, tt.col)
		}
	}
}

// FuzzDecodeOrganisation feeds the request decoder arbitrary bodies. It
// must never panic, must answer every bad body with 400, 413, 415 or 422
// and named fields, and what it accepts must validate without panicking
// and survive encoding and decoding again.
func FuzzDecodeOrganisation(f *testing.F) {
	for _, seed := range []string{
		`{"name":"The University of Tokyo","kind":"university","country":"JP","other_names":[{"value":"東京大学","type":"label","lang":"ja"}]}`,
		`{"name":"A","capabilities":[{"direction":"offer","text":"x","size":3}],"colour":1}`,
		`{"relationships":[{"type":{"a":[1,2,{"b":null}]}}]}`,
		`{"established":1e400,"sample":"yes"}`,
		`{"created_at":"2024-01-02T03:04:05Z"} trailing`,
		`[]`, `null`, `{"name":"\ud800"}`, "{\"name\":\"A\",\n", `{"NAME":"a","Name":"b"}`,
	} {
		f.Add([]byte(seed))
	}
	vocab := registry.DefaultVocabulary()
	allowed := []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}
	f.Fuzz(func(t *testing.T, body []byte) {
		var o registry.Organisation
		err := decodeBody(body, &o)
		if err != nil {
			if code := statusOf(err); !slices.Contains(allowed, code) {
				t.Fatalf("got status %d for %q, want one of %v: %v", code, body, allowed, err)
			}
			for _, fe := range errs.FieldsOf(err) {
				if fe.Field == "" {
					t.Fatalf("got a problem with no field name for %q: %v", body, err)
				}
			}
			return
		}
		o.Normalize()
		o.Validate(vocab)
		again := []byte(toJSON(o))
		var o2 registry.Organisation
		if err := decodeBody(again, &o2); err != nil {
			t.Fatalf("re-decoding %s: %v", again, err)
		}
		if toJSON(o2) != string(again) {
			t.Fatalf("got %s after a round trip, want %s", toJSON(o2), again)
		}
	})
}
