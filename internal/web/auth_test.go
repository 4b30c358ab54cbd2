package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// browser is an HTTP client with a cookie jar that does not follow
// redirects, on a test server.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

// authServer starts a server over the API fixture with a member user
// (mira@example.org) and returns it with its store.
func authServer(t *testing.T) (*httptest.Server, *store.Store, *Server) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	newTestUser(t, st, "mira@example.org", auth.Member, []string{"ror-04dese585"}, "")
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, st, s
}

func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// do sends a request and returns the response and its body.
func (b *browser) do(method, path, ctype, body string, header map[string]string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, string(data)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf fetches path and returns the CSRF token of its first form.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	res, body := b.do("GET", path, "", "", nil)
	m := csrfRe.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		b.t.Fatalf("GET %s: got %d and no CSRF field\n%s", path, res.StatusCode, body)
	}
	return m[1]
}

// post posts a form.
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	return b.do("POST", path, "application/x-www-form-urlencoded", form.Encode(), nil)
}

// login signs in and returns the response.
func (b *browser) login(email, password string) (*http.Response, string) {
	return b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "email": {email}, "password": {password}})
}

func TestLogin(t *testing.T) {
	srv, _, _ := authServer(t)
	b := newBrowser(t, srv)
	if res, _ := b.do("GET", "/account", "", "", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Faccount" {
		t.Errorf("account before sign-in: got %d to %q, want 303 to the sign-in page", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := b.login("Mira@Example.org", testPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("login: got %d to %q, want 303 to /account\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || len(session.Value) != 43 {
		t.Fatalf("session cookie: got %+v, want HttpOnly, SameSite=Lax, not Secure on plain HTTP, 256 bits", session)
	}
	res, body = b.do("GET", "/account", "", "", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "mira@example.org") || !strings.Contains(body, "Sign out") {
		t.Fatalf("account: got %d, want 200 with the email and Sign out\n%s", res.StatusCode, clip([]byte(body)))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("account: got Cache-Control %q, want no-store", cc)
	}
	// Sign out needs the CSRF token, then ends the session.
	if res, _ := b.post("/logout", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("logout without CSRF: got %d, want 403", res.StatusCode)
	}
	token := csrfRe.FindStringSubmatch(body)[1]
	if res, _ := b.post("/logout", url.Values{"csrf": {token}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("logout: got %d, want 303", res.StatusCode)
	}
	// The old cookie, replayed, is worth nothing.
	replay := newBrowser(t, srv)
	res, _ = replay.do("GET", "/account", "", "", map[string]string{"Cookie": sessionCookie + "=" + session.Value})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("account with the signed-out cookie: got %d, want 303 to sign in", res.StatusCode)
	}
}

func TestSecureCookies(t *testing.T) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil)
	for _, tc := range []struct {
		name   string
		url    string
		secure bool
		want   bool
	}{
		{"plain HTTP", "http://setu.test/login", false, false},
		{"TLS", "https://setu.test/login", false, true},
		{"behind a TLS proxy", "http://setu.test/login", true, true},
	} {
		s.SecureCookies(tc.secure)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", tc.url, nil))
		cs := rec.Result().Cookies()
		if len(cs) != 1 || cs[0].Name != preCookie || cs[0].Secure != tc.want || !cs[0].HttpOnly {
			t.Errorf("%s: got cookies %v, want one HttpOnly %s with Secure=%v", tc.name, cs, preCookie, tc.want)
		}
	}
}

func TestLoginFailureRevealsNothing(t *testing.T) {
	srv, _, _ := authServer(t)
	b := newBrowser(t, srv)
	normalise := func(body, email string) string {
		return strings.ReplaceAll(csrfRe.ReplaceAllString(body, ""), email, "EMAIL")
	}
	var bodies []string
	var took []time.Duration
	for _, email := range []string{"mira@example.org", "nobody@example.org"} {
		start := time.Now()
		res, body := b.login(email, "wrong password, long enough")
		took = append(took, time.Since(start))
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, loginFailureMessage) {
			t.Errorf("%s: got %d, want 401 with %q", email, res.StatusCode, loginFailureMessage)
		}
		bodies = append(bodies, normalise(body, email))
	}
	if bodies[0] != bodies[1] {
		t.Errorf("a wrong password and an unknown email got different pages")
	}
	// Both hash a password, so neither is much faster; the margin is wide
	// for a loaded machine.
	if took[1] < took[0]/4 {
		t.Errorf("unknown email took %v, known %v: timing tells them apart", took[1], took[0])
	}
}

func TestLoginRateLimit(t *testing.T) {
	srv, _, _ := authServer(t)
	b := newBrowser(t, srv)
	for i := 0; i < loginLimitAccount; i++ {
		if res, _ := b.login("mira@example.org", "wrong password, long enough"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: got %d, want 401", i+1, res.StatusCode)
		}
	}
	// Now even the right password is refused, until the window passes.
	res, body := b.login("mira@example.org", testPassword)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: got %d, Retry-After %q; want 429 with Retry-After", loginLimitAccount, res.StatusCode, res.Header.Get("Retry-After"))
	}
	// An unknown email is limited the same way, so the limit tells nothing.
	for i := 0; i < loginLimitAccount; i++ {
		b.login("nobody@example.org", "wrong password, long enough")
	}
	res2, body2 := b.login("nobody@example.org", testPassword)
	if res2.StatusCode != http.StatusTooManyRequests {
		t.Errorf("unknown email after %d failures: got %d, want 429", loginLimitAccount, res2.StatusCode)
	}
	if strings.ReplaceAll(csrfRe.ReplaceAllString(body, ""), "mira", "X") != strings.ReplaceAll(csrfRe.ReplaceAllString(body2, ""), "nobody", "X") {
		t.Errorf("the rate-limited pages of a known and an unknown email differ")
	}
	// Per address: failures across many accounts.
	for i := 2 * loginLimitAccount; i < loginLimitAddress; i++ {
		b.login("someone"+string(rune('a'+i))+"@example.org", "wrong password, long enough")
	}
	if res, _ := b.login("fresh@example.org", "wrong password, long enough"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one address: got %d, want 429", loginLimitAddress, res.StatusCode)
	}
}

func TestCSRF(t *testing.T) {
	srv, _, _ := authServer(t)
	b := newBrowser(t, srv)
	// A login form without its token, or with another browser's.
	if res, _ := b.post("/login", url.Values{"email": {"mira@example.org"}, "password": {testPassword}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("login without CSRF: got %d, want 403", res.StatusCode)
	}
	other := newBrowser(t, srv).csrf("/login")
	b.csrf("/login")
	if res, _ := b.post("/login", url.Values{"csrf": {other}, "email": {"mira@example.org"}, "password": {testPassword}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("login with another browser's CSRF token: got %d, want 403", res.StatusCode)
	}
	if res, _ := b.login("mira@example.org", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: got %d, want 303", res.StatusCode)
	}
	token := b.csrf("/account")
	if res, _ := b.post("/account/tokens", url.Values{"name": {"script"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("token form without CSRF: got %d, want 403", res.StatusCode)
	}
	// A JSON write with the session cookie needs the header too.
	body := `{"name":"Indian Institute of Science","kind":"university","country":"IN"}`
	if res, _ := b.do("PUT", "/api/v1/organisations/ror-04dese585", "application/json", body, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("cookie JSON write without X-CSRF-Token: got %d, want 403", res.StatusCode)
	}
	if res, got := b.do("PUT", "/api/v1/organisations/ror-04dese585", "application/json", body, map[string]string{csrfHeader: token}); res.StatusCode != http.StatusOK {
		t.Errorf("cookie JSON write with X-CSRF-Token: got %d, want 200\n%s", res.StatusCode, got)
	}
}

func TestAPITokens(t *testing.T) {
	srv, st, _ := authServer(t)
	b := newBrowser(t, srv)
	b.login("mira@example.org", testPassword)
	res, body := b.post("/account/tokens", url.Values{"csrf": {b.csrf("/account")}, "name": {"nightly"}, "org": {"ror-04dese585"}})
	m := regexp.MustCompile(`id="new-token">(setu_[A-Za-z0-9_-]+)<`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("create token: got %d and no token\n%s", res.StatusCode, clip([]byte(body)))
	}
	secret := m[1]
	if _, again := b.do("GET", "/account", "", "", nil); strings.Contains(again, secret) {
		t.Errorf("the token is shown again after its creation")
	}

	script := newBrowser(t, srv)
	bearer := map[string]string{"Authorization": "Bearer " + secret}
	put := `{"name":"Indian Institute of Science","kind":"university","country":"IN","city":"Bengaluru"}`
	if res, got := script.do("PUT", "/api/v1/organisations/ror-04dese585", "application/json", put, bearer); res.StatusCode != http.StatusOK {
		t.Fatalf("bearer write to own organisation: got %d, want 200\n%s", res.StatusCode, got)
	}
	if res, _ := script.do("PUT", "/api/v1/organisations/ror-057zh3y96", "application/json", put, bearer); res.StatusCode != http.StatusForbidden {
		t.Errorf("bearer write to another organisation: got %d, want 403", res.StatusCode)
	}
	u, _ := st.UserByEmail(context.Background(), "mira@example.org")
	ts, err := st.APITokens(context.Background(), u.ID)
	if err != nil || len(ts) != 1 || ts[0].LastUsed.IsZero() || ts[0].TokenHash != auth.HashToken(secret) {
		t.Fatalf("stored tokens: got %+v (%v), want one, hashed, with a last use", ts, err)
	}
	if res, _ := script.do("PUT", "/api/v1/organisations/ror-04dese585", "application/json", put,
		map[string]string{"Authorization": "Bearer setu_" + strings.Repeat("A", 43)}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown token: got %d, want 401", res.StatusCode)
	}
	if res, _ := script.do("GET", "/api/v1/organisations", "", "", map[string]string{"Authorization": "Basic eDp5"}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("Basic credentials: got %d, want 401", res.StatusCode)
	}

	// Another member cannot revoke it; its owner can, and then it fails.
	other := newBrowser(t, srv)
	newTestUser(t, st, "kenji@example.org", auth.Member, []string{"ror-057zh3y96"}, "")
	other.login("kenji@example.org", testPassword)
	if res, _ := other.post("/account/tokens/"+ts[0].ID+"/revoke", url.Values{"csrf": {other.csrf("/account")}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("revoke another's token: got %d, want 403", res.StatusCode)
	}
	if res, _ := b.post("/account/tokens/"+ts[0].ID+"/revoke", url.Values{"csrf": {b.csrf("/account")}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: got %d, want 303", res.StatusCode)
	}
	if res, _ := script.do("PUT", "/api/v1/organisations/ror-04dese585", "application/json", put, bearer); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: got %d, want 401", res.StatusCode)
	}
	// A member may not mint a secretariat token.
	res, _ = b.post("/account/tokens", url.Values{"csrf": {b.csrf("/account")}, "name": {"root"}, "role": {"secretariat"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("member asking for a secretariat token: got %d, want 403", res.StatusCode)
	}
}

func TestUsersPage(t *testing.T) {
	srv, st, _ := authServer(t)
	newTestUser(t, st, "sec@example.org", auth.Secretariat, nil, "")
	b := newBrowser(t, srv)
	b.login("sec@example.org", testPassword)
	res, body := b.do("GET", "/admin/users", "", "", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "mira@example.org") || !strings.Contains(body, `href="/admin/users"`) {
		t.Fatalf("users page: got %d\n%s", res.StatusCode, clip([]byte(body)))
	}
	form := url.Values{"csrf": {b.csrf("/admin/users")}, "email": {"ana@example.org"}, "password": {"short"}, "role": {"applicant"}, "person": {"per-ananya"}}
	if res, body := b.post("/admin/users", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least 12") {
		t.Errorf("short password: got %d, want 422 naming the rule", res.StatusCode)
	}
	form.Set("password", testPassword)
	if res, _ := b.post("/admin/users", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add user: got %d, want 303", res.StatusCode)
	}
	if u, err := st.UserByEmail(context.Background(), "ana@example.org"); err != nil || u.PersonID != "per-ananya" || u.Role != auth.Applicant {
		t.Errorf("added user: got %+v (%v)", u, err)
	}
	member := newBrowser(t, srv)
	member.login("mira@example.org", testPassword)
	if res, _ := member.do("GET", "/admin/users", "", "", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("users page as a member: got %d, want 403", res.StatusCode)
	}
}

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/organisations/x", "/organisations/x"}, {"", "/account"}, {"https://evil.example", "/account"},
		{"//evil.example", "/account"}, {"/\\evil.example", "/account"},
		// Browsers drop tabs and newlines from URLs (WHATWG URL), so these
		// would become //evil.example.
		{"/\t/evil.example", "/account"}, {"/\n/evil.example", "/account"}, {"/\r\n/evil.example", "/account"},
		{"/a\x00b", "/account"}, {"/search?q=a%09b", "/search?q=a%09b"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPrincipalInContext checks what the audit trail relies on: a
// handler finds the caller in its request's context, for a session, an
// API token and the public alike.
func TestPrincipalInContext(t *testing.T) {
	srv, st, s := authServer(t)
	s.handle("POST /api/v1/test-whoami", func(w http.ResponseWriter, r *http.Request) error {
		p := auth.FromContext(r.Context())
		_, err := io.WriteString(w, p.Actor()+" "+string(p.Role)+" "+p.Via+" "+strings.Join(p.OrgIDs, ","))
		return err
	})
	u, _ := st.UserByEmail(context.Background(), "mira@example.org")
	token := newTokenFor(t, st, u, auth.Member, "ror-04dese585")

	b := newBrowser(t, srv)
	if _, got := b.do("POST", "/api/v1/test-whoami", "", "", nil); got != "public public  " {
		t.Errorf("public: got %q", got)
	}
	if _, got := b.do("POST", "/api/v1/test-whoami", "", "", map[string]string{"Authorization": "Bearer " + token}); got != "user:"+u.ID+" member token ror-04dese585" {
		t.Errorf("token: got %q", got)
	}
	b.login("mira@example.org", testPassword)
	csrf := b.csrf("/account")
	if _, got := b.do("POST", "/api/v1/test-whoami", "", "", map[string]string{csrfHeader: csrf}); got != "user:"+u.ID+" member session ror-04dese585" {
		t.Errorf("session: got %q", got)
	}
}

// FuzzSafeNext checks that whatever a sign-in form carries as "next",
// the redirect stays on this site: a path that starts with one slash,
// not two nor a backslash, with no control character a browser would
// drop or act on.
func FuzzSafeNext(f *testing.F) {
	for _, seed := range []string{"/account", "//evil.example", "/\\x", "/\t/x", "https://x", "/ok?x=1#y", "/%2F%2Fx"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != next && got != "/account" {
			t.Fatalf("safeNext(%q) = %q: neither the input nor the default", next, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
		for _, c := range got {
			if c < 0x20 || c == 0x7f {
				t.Fatalf("safeNext(%q) = %q holds control character %U", next, got, c)
			}
		}
	})
}
