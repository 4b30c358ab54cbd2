package web

import (
	"net/http"
	"testing"

	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestHealth(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		s := newAPIServer(t, st, nil)
		runAPICases(t, s, []apiCase{
			{name: "healthz", method: "GET", path: "/healthz", status: 200, want: []string{`{"status":"ok"}`}},
			{name: "readyz", method: "GET", path: "/readyz", status: 200,
				want: []string{`"status":"ready"`, `"database":"` + st.Dialect() + `"`}},
			{name: "healthz is GET only", method: "POST", path: "/healthz", status: 405, body: "{}"},
		})
		st.DB().Close() // the database goes away
		res := call(t, s, "GET", "/readyz", "", "")
		if res.code != http.StatusServiceUnavailable || res.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("readyz without a database: got status %d, Content-Type %q; want 503, application/problem+json",
				res.code, res.header.Get("Content-Type"))
		}
		if res := call(t, s, "GET", "/healthz", "", ""); res.code != http.StatusOK {
			t.Errorf("healthz without a database: got status %d, want 200: the process is still up", res.code)
		}
	})
}
