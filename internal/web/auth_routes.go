package web

import (
	"net/http"

	"github.com/setu-council/setu/internal/auth"
)

// accountRoutes registers sign-in and sign-out, the account page and the
// secretariat's users page. Every write here is an HTML form with a CSRF
// token (auth_middleware.go).
func (s *Server) accountRoutes() {
	s.handle("GET /login", s.loginPage)
	s.handle("POST /login", s.login)
	s.handle("POST /logout", s.logout)

	s.handle("GET /account", s.accountPage)
	s.handle("POST /account/tokens", s.createToken)
	s.handle("POST /account/tokens/{id}/revoke", s.revokeToken)

	s.handle("GET /admin/users", s.usersPage)
	s.handle("POST /admin/users", s.addUser)
}

// viewerOf returns who reads a page answering r, for the header.
func (s *Server) viewerOf(r *http.Request) viewer {
	if r == nil {
		return viewer{}
	}
	p := principalOf(r)
	if p.UserID == "" {
		return viewer{}
	}
	v := viewer{Email: p.Email, Secretariat: p.Role == auth.Secretariat}
	if c := credentialsFrom(r.Context()); c.session {
		v.CSRF = auth.CSRFToken(c.cookieSecret)
	}
	return v
}
