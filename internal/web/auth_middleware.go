package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// Cookie and header names.
const (
	sessionCookie = "setu_session" // the session token, after sign-in
	preCookie     = "setu_pre"     // a random secret before sign-in, for the login form's CSRF token
	csrfField     = "csrf"         // the hidden form field with the CSRF token
	csrfHeader    = "X-CSRF-Token" // the header a cookie-authenticated JSON write carries it in
)

// maxFormBytes bounds an HTML form's body.
const maxFormBytes = 64 << 10

// credentials is how the request proved who it is, kept in its context
// beside the principal: the cookie secret its CSRF token derives from.
type credentials struct {
	cookieSecret string // the session token, or the pre-session secret; "" if neither
	session      bool   // signed in with a session cookie
}

type credentialsKey struct{}

func credentialsFrom(ctx context.Context) credentials {
	c, _ := ctx.Value(credentialsKey{}).(credentials)
	return c
}

// authenticate finds who is calling, from an API token (Authorization:
// Bearer setu_...) or a session cookie, and puts the principal in the
// request's context (auth.FromContext); without either the caller is
// auth.Anonymous. A bad token is refused with 401; an ended session is
// cleared and the request goes on as anonymous.
//
// Then it checks the CSRF token of every write that a browser could be
// tricked into sending: a form post (always) and a JSON write
// authenticated by the session cookie (in the X-CSRF-Token header). A
// write with an API token carries no ambient authority and needs none;
// an anonymous JSON write is refused by auth.Authorize anyway.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, cred, err := s.identify(w, r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="setu"`)
			s.fail(w, r, err)
			return
		}
		ctx = auth.WithPrincipal(ctx, p)
		ctx = context.WithValue(ctx, credentialsKey{}, cred)
		r = r.WithContext(ctx)
		if isWrite(r.Method) && p.Via != "token" {
			if err := checkCSRF(w, r, cred); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// identify returns the principal of r and its cookie credentials.
func (s *Server) identify(w http.ResponseWriter, r *http.Request) (auth.Principal, credentials, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || !auth.IsAPIToken(strings.TrimSpace(token)) {
			return auth.Anonymous, credentials{}, errs.E("authenticate", errs.Unauthorised, "the Authorization header must be \"Bearer setu_...\" with an API token")
		}
		t, u, err := s.store.APITokenUser(ctx, auth.HashToken(strings.TrimSpace(token)))
		if err != nil {
			return auth.Anonymous, credentials{}, err
		}
		owner := u.Principal("token")
		if err := auth.CheckTokenScope(owner, t.Role, t.OrgID); err != nil {
			// The owner has lost the rights the token was made with.
			return auth.Anonymous, credentials{}, errs.E("authenticate", errs.Unauthorised, "the API token's scope exceeds its owner's rights")
		}
		return auth.TokenPrincipal(owner, t.Role, t.OrgID), credentials{}, nil
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		_, u, err := s.store.SessionUser(ctx, auth.HashToken(c.Value))
		switch {
		case err == nil:
			return u.Principal("session"), credentials{cookieSecret: c.Value, session: true}, nil
		case errs.Is(err, errs.Unauthorised):
			s.clearCookie(w, r, sessionCookie)
		default:
			return auth.Anonymous, credentials{}, err
		}
	}
	if c, err := r.Cookie(preCookie); err == nil && c.Value != "" {
		return auth.Anonymous, credentials{cookieSecret: c.Value}, nil
	}
	return auth.Anonymous, credentials{}, nil
}

// needsIdentity reports whether the route with pattern needs to know who
// is calling: all but the health probes and the static files, which
// answer the same to everyone and should not touch the sessions table.
func needsIdentity(pattern string) bool {
	switch {
	case pattern == "GET /healthz", pattern == "GET /readyz", strings.HasPrefix(pattern, "GET /static/"):
		return false
	}
	return true
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// checkCSRF checks a write's CSRF token: in the form field for a form
// post, in the X-CSRF-Token header otherwise. An anonymous write to the
// JSON API has no cookie to abuse and is left to auth.Authorize.
func checkCSRF(w http.ResponseWriter, r *http.Request, cred credentials) error {
	api := strings.HasPrefix(r.URL.Path, "/api/")
	if api && !cred.session {
		return nil
	}
	got := r.Header.Get(csrfHeader)
	if got == "" && !api {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		got = r.PostFormValue(csrfField)
	}
	if !auth.CheckCSRF(cred.cookieSecret, got) {
		return errs.E("csrf", errs.Forbidden, "the form has expired or did not come from this site; reload the page and try again")
	}
	return nil
}

// csrfToken returns the CSRF token for the forms of the page answering r.
// Before sign-in it sets the pre-session cookie the token derives from.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	cred := credentialsFrom(r.Context())
	if cred.cookieSecret == "" {
		cred.cookieSecret = auth.NewSessionToken()
		s.setCookie(w, r, preCookie, cred.cookieSecret, 0)
	}
	return auth.CSRFToken(cred.cookieSecret)
}

// setCookie sets a cookie that scripts cannot read, sent on same-site
// requests and top-level navigation only (SameSite=Lax), and only over
// TLS when the request came over TLS or the server is told so. maxAge 0
// makes a browser-session cookie.
func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies || r.TLS != nil,
	})
}

// clearCookie tells the browser to forget a cookie.
func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	s.setCookie(w, r, name, "", -1)
}

// principalOf returns the principal of r, which authenticate has put in
// its context.
func principalOf(r *http.Request) auth.Principal { return auth.FromContext(r.Context()) }

// userOf returns the signed-in user of r, or an Unauthorised error.
func (s *Server) userOf(r *http.Request) (*store.User, error) {
	p := principalOf(r)
	if p.UserID == "" {
		return nil, errs.E("account", errs.Unauthorised, "sign in first")
	}
	return s.store.User(r.Context(), p.UserID)
}

// authorize asks auth.Authorize, the one policy, whether the caller of r
// may do action on res. Every write handler calls it before the store.
func authorize(r *http.Request, action auth.Action, res auth.Resource) error {
	return auth.Authorize(principalOf(r), action, res)
}
