package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// accountView is the data of the account page: who you are and your API
// tokens.
type accountView struct {
	layout
	CSRF     string
	User     *store.User
	Tokens   []*store.APIToken
	Roles    []auth.Role // the roles a new token may carry
	NewToken string      // a token just created, shown this once
	Problems []errs.FieldError
}

// requireSignIn sends a reader who is not signed in to the sign-in page,
// and reports whether it did.
func requireSignIn(w http.ResponseWriter, r *http.Request) bool {
	if principalOf(r).UserID != "" {
		return false
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
	return true
}

// accountPage serves GET /account.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	if requireSignIn(w, r) {
		return nil
	}
	return s.renderAccount(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, code int, newToken string, problems []errs.FieldError) error {
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	tokens, err := s.store.APITokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	v := accountView{layout: layout{Title: "Your account", Nav: "account"}, CSRF: s.csrfToken(w, r), User: u, Tokens: tokens,
		Roles: tokenRoles(u.Role), NewToken: newToken, Problems: problems}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, code, "account", &v)
}

// tokenRoles lists the roles a user with role may give a token.
func tokenRoles(role auth.Role) []auth.Role {
	if role == auth.Secretariat {
		return []auth.Role{auth.Secretariat, auth.Member}
	}
	return []auth.Role{role}
}

// createToken serves POST /account/tokens: it creates an API token for
// the signed-in user and shows it once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	const op = "create token"
	p := principalOf(r)
	if err := authorize(r, auth.ManageTokens, auth.Resource{UserID: p.UserID}); err != nil {
		return err
	}
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	role := auth.Role(r.PostFormValue("role"))
	if role == "" {
		role = u.Role
	}
	org := strings.TrimSpace(r.PostFormValue("org"))
	if err := auth.CheckTokenScope(u.Principal(p.Via), role, org); err != nil {
		if errs.KindOf(err) == errs.Forbidden {
			return err
		}
		return s.renderAccount(w, r, status(errs.Invalid), "", []errs.FieldError{{Field: "scope", Problem: errs.MessageOf(err)}})
	}
	if org != "" {
		if _, err := s.store.Organisation(r.Context(), org); errs.Is(err, errs.NotFound) {
			return s.renderAccount(w, r, status(errs.Invalid), "", []errs.FieldError{{Field: "org", Problem: "no organisation " + org}})
		} else if err != nil {
			return err
		}
	}
	secret := auth.NewAPIToken()
	t := &store.APIToken{UserID: u.ID, Name: r.PostFormValue("name"), TokenHash: auth.HashToken(secret), Role: role, OrgID: org}
	if err := s.store.CreateAPIToken(r.Context(), t); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return s.renderAccount(w, r, status(errs.Invalid), "", errs.FieldsOf(err))
		}
		return errs.Wrap(op, err)
	}
	return s.renderAccount(w, r, http.StatusOK, secret, nil)
}

// revokeToken serves POST /account/tokens/{id}/revoke.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if principalOf(r).UserID == "" {
		return authorize(r, auth.ManageTokens, auth.Resource{}) // the public: unauthorised, before any lookup
	}
	t, err := s.store.APIToken(r.Context(), id)
	if err != nil {
		return err
	}
	if err := authorize(r, auth.ManageTokens, auth.Resource{UserID: t.UserID}); err != nil {
		return err
	}
	if err := s.store.RevokeAPIToken(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
