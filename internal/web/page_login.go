package web

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
)

// Login rate limits: failures counted over loginWindow, per account and
// per client address. The per-account limit stops guessing one password;
// the per-address one, guessing across accounts from one machine.
const (
	loginWindow         = 15 * time.Minute
	loginLimitAccount   = 5
	loginLimitAddress   = 20
	loginFailureMessage = "The email or password is not right." // the same whether or not the email exists
)

// loginView is the data of the sign-in page.
type loginView struct {
	layout
	CSRF    string
	Email   string
	Next    string
	Message string // why the last attempt failed
}

// loginPage serves GET /login.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if principalOf(r).Via == "session" {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, code int, email, msg string) error {
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostFormValue("next")
	}
	v := loginView{layout: layout{Title: "Sign in", Nav: "login"}, CSRF: s.csrfToken(w, r), Email: email, Next: safeNext(next), Message: msg}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, code, "login", &v)
}

// login serves POST /login: it checks the password, subject to the rate
// limits, and on success starts a session under a new token (so a token
// planted before sign-in is worth nothing) and redirects.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	if len(email) > 254 { // no address is longer (RFC 5321); the attempts table keeps what is typed
		email = email[:254]
	}
	addr := clientAddress(r)

	now := time.Now()
	byEmail, byAddr, err := s.store.LoginFailures(ctx, email, addr, now.Add(-loginWindow))
	if err != nil {
		return err
	}
	if byEmail.N >= loginLimitAccount || byAddr.N >= loginLimitAddress {
		oldest := byEmail.Oldest
		if byAddr.N >= loginLimitAddress && (byEmail.N < loginLimitAccount || byAddr.Oldest.After(oldest)) {
			oldest = byAddr.Oldest
		}
		wait := max(time.Second, oldest.Add(loginWindow).Sub(now))
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)))
		msg := fmt.Sprintf("Too many failed attempts to sign in. Try again in %d minutes.", max(1, int(wait.Round(time.Minute)/time.Minute)))
		return s.renderLogin(w, r, http.StatusTooManyRequests, email, msg)
	}

	u, err := s.store.UserByEmail(ctx, email)
	switch {
	case errs.Is(err, errs.NotFound):
		auth.SpendPasswordTime(password) // as long as a real check takes
		err = auth.ErrPasswordMismatch
	case err != nil:
		return err
	case len(password) > auth.MaxPasswordLength:
		auth.SpendPasswordTime("")
		err = auth.ErrPasswordMismatch
	default:
		err = auth.VerifyPassword(u.PasswordHash, password)
	}
	if rerr := s.store.RecordLoginAttempt(ctx, email, addr, err == nil); rerr != nil {
		return rerr
	}
	if err != nil {
		if err != auth.ErrPasswordMismatch {
			s.logger.ErrorContext(ctx, "verify password", "user", u.ID, "err", err)
		}
		return s.renderLogin(w, r, http.StatusUnauthorized, email, loginFailureMessage)
	}

	token := auth.NewSessionToken()
	if _, err := s.store.CreateSession(ctx, auth.HashToken(token), u.ID); err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, token, int(auth.SessionLifetime/time.Second))
	s.clearCookie(w, r, preCookie)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// logout serves POST /logout: it deletes the session and its cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c := credentialsFrom(r.Context()); c.session {
		if err := s.store.DeleteSession(r.Context(), auth.HashToken(c.cookieSecret)); err != nil {
			return err
		}
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// safeNext returns next if it is a path on this site, else /account: a
// sign-in link cannot send the user elsewhere.
func safeNext(next string) string {
	// Browsers drop tabs and newlines anywhere in a URL (WHATWG URL), so
	// "/\t/evil.example" would become "//evil.example": no control
	// character may pass.
	hasControl := strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f })
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || hasControl {
		return "/account"
	}
	return next
}

// clientAddress is the address the request came from, for the
// per-address rate limit. Setu does not trust X-Forwarded-For: behind a
// proxy every client shares the proxy's address (docs/security.md).
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
