package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
)

// usersView is the data of the secretariat's users page.
type usersView struct {
	layout
	CSRF     string
	Users    []*store.User
	Roles    []auth.Role
	Added    string // the email of a user just added
	Form     userForm
	Problems []errs.FieldError
}

// userForm is what the add-user form was filled in with, to show again
// after a mistake (never the password).
type userForm struct {
	Email, Role, Orgs, Person string
}

// usersPage serves GET /admin/users.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	if requireSignIn(w, r) {
		return nil
	}
	if err := authorize(r, auth.ManageUsers, auth.Resource{}); err != nil {
		return err
	}
	return s.renderUsers(w, r, http.StatusOK, r.URL.Query().Get("added"), userForm{Role: string(auth.Member)}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, code int, added string, f userForm, problems []errs.FieldError) error {
	users, err := s.store.ListUsers(r.Context())
	if err != nil {
		return err
	}
	v := usersView{layout: layout{Title: "Users", Nav: "users"}, CSRF: s.csrfToken(w, r), Users: users, Roles: auth.Roles,
		Added: added, Form: f, Problems: problems}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, code, "admin_users", &v)
}

// addUser serves POST /admin/users: the secretariat adds a user with a
// role, organisations (a member) or a person record (an applicant), and a
// first password to hand over.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageUsers, auth.Resource{}); err != nil {
		return err
	}
	f := userForm{Email: r.PostFormValue("email"), Role: r.PostFormValue("role"), Orgs: r.PostFormValue("orgs"), Person: strings.TrimSpace(r.PostFormValue("person"))}
	password := r.PostFormValue("password")
	if err := auth.CheckPassword(password); err != nil {
		return s.renderUsers(w, r, status(errs.Invalid), "", f, []errs.FieldError{{Field: "password", Problem: err.Error()}})
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := &store.User{Email: f.Email, PasswordHash: hash, Role: auth.Role(f.Role), OrgIDs: splitList(f.Orgs), PersonID: f.Person}
	if err := s.store.CreateUser(r.Context(), u); err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid:
			return s.renderUsers(w, r, status(errs.Invalid), "", f, errs.FieldsOf(err))
		case errs.Conflict:
			return s.renderUsers(w, r, status(errs.Conflict), "", f, []errs.FieldError{{Field: "email", Problem: "a user with this email exists"}})
		}
		return err
	}
	http.Redirect(w, r, "/admin/users?added="+url.QueryEscape(u.Email), http.StatusSeeOther)
	return nil
}

// splitList splits a comma- or space-separated list, dropping empties.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}
