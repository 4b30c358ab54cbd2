package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// apiCase is one request to the API and what its answer must hold. Cases
// run in order against one server, so a case may rely on those before it.
type apiCase struct {
	name         string
	method, path string
	ctype        string // the request's Content-Type; "" sends application/json with a body, "-" sends none
	body         string
	status       int
	fields       []string          // a problem's field names, in any order; nil: not checked
	want         []string          // substrings of the body
	wantNot      []string          // substrings the body must lack
	header       map[string]string // response headers and their values
}

// runAPICases sends each case's request to h and checks the answer. Every
// error must be a problem document.
func runAPICases(t *testing.T, h http.Handler, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		ctype := tc.ctype
		switch {
		case ctype == "-":
			ctype = ""
		case ctype == "" && tc.body != "":
			ctype = "application/json"
		}
		res := call(t, h, tc.method, tc.path, ctype, tc.body)
		if res.code != tc.status {
			t.Errorf("%s: %s %s: got status %d, want %d\n%s", tc.name, tc.method, tc.path, res.code, tc.status, clip(res.body))
			continue
		}
		ct := res.header.Get("Content-Type")
		switch {
		case tc.status >= 400 && ct != "application/problem+json":
			t.Errorf("%s: got Content-Type %q, want application/problem+json", tc.name, ct)
		case tc.status < 300 && tc.status != http.StatusNoContent && !strings.HasPrefix(ct, "application/json"):
			t.Errorf("%s: got Content-Type %q, want application/json", tc.name, ct)
		}
		if tc.fields != nil {
			if got := res.problemFields(t); !sameSet(got, tc.fields) {
				t.Errorf("%s: got problem fields %q, want %q\n%s", tc.name, got, tc.fields, clip(res.body))
			}
		}
		for _, w := range tc.want {
			if !bytes.Contains(res.body, []byte(w)) {
				t.Errorf("%s: body lacks %q\n%s", tc.name, w, clip(res.body))
			}
		}
		for _, w := range tc.wantNot {
			if bytes.Contains(res.body, []byte(w)) {
				t.Errorf("%s: body has %q\n%s", tc.name, w, clip(res.body))
			}
		}
		for k, v := range tc.header {
			if got := res.header.Get(k); got != v {
				t.Errorf("%s: got %s %q, want %q", tc.name, k, got, v)
			}
		}
	}
}

// clip shortens a body for an error message.
func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}
