package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// callAs sends a request with token (none if empty) and returns the
// status and body.
func callAs(h http.Handler, method, path, token, accept string) (int, string) {
	req := httptest.NewRequest(method, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestPersonExportAndEraseAPI(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, st *store.Store) {
		s := newAPIServer(t, st, nil)
		secretariat, _ := fixtureTokens.Load(s)
		self := newTestToken(t, st, "ananya@example.org", auth.Applicant, nil, "per-ananya")
		someone := &registry.Person{ID: "per-someone", Name: "Someone Else", HomeCountry: "JP"}
		if err := st.CreatePerson(t.Context(), someone); err != nil {
			t.Fatal(err)
		}
		other := newTestToken(t, st, "someone@example.org", auth.Applicant, nil, "per-someone")
		member := newTestToken(t, st, "member@example.org", auth.Member, []string{"ror-04dese585"}, "")
		const export, erase = "/api/v1/people/per-ananya/export", "/api/v1/people/per-ananya/erase"
		for _, tc := range []struct {
			name, method, path, token string
			want                      int
		}{
			{"public export", "GET", export, "", http.StatusUnauthorized},
			{"other applicant export", "GET", export, other, http.StatusForbidden},
			{"member of the home organisation export", "GET", export, member, http.StatusForbidden},
			{"public erase", "POST", erase, "", http.StatusUnauthorized},
			{"other applicant erase", "POST", erase, other, http.StatusForbidden},
			{"member erase", "POST", erase, member, http.StatusForbidden},
			{"secretariat export", "GET", export, secretariat.(string), http.StatusOK},
			{"secretariat export of nobody", "GET", "/api/v1/people/per-nobody/export", secretariat.(string), http.StatusNotFound},
		} {
			if code, body := callAs(s, tc.method, tc.path, tc.token, ""); code != tc.want {
				t.Errorf("%s: got %d, want %d\n%s", tc.name, code, tc.want, body)
			}
		}

		code, body := callAs(s, "GET", export, self, "")
		if code != http.StatusOK {
			t.Fatalf("own export: got %d, want 200\n%s", code, body)
		}
		var x store.PersonExport
		if err := json.Unmarshal([]byte(body), &x); err != nil {
			t.Fatal(err)
		}
		if x.Person.Email != "ananya@example.org" || len(x.Audit) != 1 || !strings.Contains(string(x.Audit[0].After), "Ananya") {
			t.Errorf("own export = %s", body)
		}

		if code, body := callAs(s, "POST", erase, self, ""); code != http.StatusNoContent {
			t.Fatalf("own erase: got %d, want 204\n%s", code, body)
		}
		if code, _ := callAs(s, "GET", "/api/v1/people/per-ananya", secretariat.(string), ""); code != http.StatusNotFound {
			t.Errorf("person after erasure: got %d, want 404", code)
		}
		if _, err := st.VerifyAudit(t.Context()); err != nil {
			t.Errorf("audit after erasure: %v", err)
		}
	})
}

func TestOrganisationHistoryOnlyForSecretariat(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	secretariat, _ := fixtureTokens.Load(s)
	member := newTestToken(t, st, "member@example.org", auth.Member, []string{"ror-04dese585"}, "")
	if code, body := callAs(s, "PUT", "/api/v1/organisations/ror-04dese585", "", ""); code == http.StatusOK {
		t.Fatalf("public update succeeded: %s", body)
	}
	o, err := st.Organisation(t.Context(), "ror-04dese585")
	if err != nil {
		t.Fatal(err)
	}
	o.City = "Bangalore"
	if err := st.UpdateOrganisation(auth.WithPrincipal(t.Context(), auth.Principal{UserID: "u-9", Role: auth.Secretariat}), o); err != nil {
		t.Fatal(err)
	}
	const page, html = "/organisations/ror-04dese585", "text/html"
	code, body := callAs(s, "GET", page, secretariat.(string), html)
	if code != http.StatusOK {
		t.Fatalf("secretariat: got %d", code)
	}
	mustContain(t, "secretariat's page", body, `id="history-title"`, "<strong>update</strong> by <code>user:u-9</code>",
		"<th scope=\"row\">city</th><td><code>&#34;Bengaluru&#34;</code></td><td><code>&#34;Bangalore&#34;</code></td>")
	for name, tok := range map[string]string{"public": "", "member": member} {
		if _, body := callAs(s, "GET", page, tok, html); strings.Contains(body, "history-title") {
			t.Errorf("%s sees the history", name)
		}
	}
}
