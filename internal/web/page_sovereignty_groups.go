package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// groupsPageURL is the partner groups' page.
const groupsPageURL = "/sovereignty/groups"

// groupsView is the data of the partner groups' page: the groups for
// everyone, and for the secretariat a form per group (its label and
// countries), a button that deletes it, and the new-group form.
type groupsView struct {
	layout
	Groups      []groupForm
	Secretariat bool
	CSRF        string
	New         groupForm // the new-group form
	Failed      string    // the code of the group whose form failed; "" for the new-group form
	Done        string
	Problems    []errs.FieldError
}

// groupForm is a group as its form shows it: the countries as text, and
// their names for the reader.
type groupForm struct {
	Code, Label, Countries string
	Names                  []string
}

func groupFormOf(g sovereignty.Group) groupForm {
	f := groupForm{Code: g.Code, Label: g.Label, Countries: strings.Join(g.Countries, ", ")}
	for _, c := range g.Countries {
		f.Names = append(f.Names, registry.CountryName(c))
	}
	return f
}

// groupsPage serves GET /sovereignty/groups.
func (s *Server) groupsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var done string
	if code := q.Get("saved"); code != "" {
		done = "Saved the group " + code
	} else if code := q.Get("removed"); code != "" {
		done = "Deleted the group " + code + "; its countries are now in no group"
	}
	return s.renderGroups(w, r, http.StatusOK, nil, done, nil)
}

// renderGroups shows the page; failed is the form posted when it has
// problems, shown again with what was posted.
func (s *Server) renderGroups(w http.ResponseWriter, r *http.Request, code int, failed *groupForm, done string, problems []errs.FieldError) error {
	gs, err := s.store.PartnerGroups(r.Context())
	if err != nil {
		return err
	}
	v := groupsView{layout: layout{Title: "Partner groups", Nav: "sovereignty"}, Done: done, Problems: problems}
	for _, g := range gs {
		f := groupFormOf(g)
		if failed != nil && r.PathValue("id") == g.Code {
			f.Label, f.Countries = failed.Label, failed.Countries
			v.Failed = g.Code
		}
		v.Groups = append(v.Groups, f)
	}
	if failed != nil && r.PathValue("id") == "" {
		v.New = *failed
	}
	v.Secretariat = authorize(r, auth.ManageSovereignty, auth.Resource{}) == nil
	if v.Secretariat {
		v.CSRF = s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, r, code, "sovereignty_groups", &v)
}

// putGroup stores a group from its form, as PUT
// /api/v1/partner-groups/{id} does; then the page, or the page again with
// the problems: a country already in another group is a conflict named
// "countries".
func (s *Server) putGroup(w http.ResponseWriter, r *http.Request, code string) error {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	f := groupForm{Code: code, Label: r.PostFormValue("label"), Countries: r.PostFormValue("countries")}
	g := sovereignty.Group{Code: strings.TrimSpace(code), Label: f.Label, Countries: splitList(f.Countries)}
	if err := s.store.PutPartnerGroup(r.Context(), g); err != nil {
		k := errs.KindOf(err)
		if k != errs.Invalid && k != errs.Conflict {
			return err
		}
		problems := errs.FieldsOf(err)
		if len(problems) == 0 {
			problems = []errs.FieldError{{Field: "countries", Problem: strings.TrimPrefix(errs.MessageOf(err), "countries: ")}}
		}
		return s.renderGroups(w, r, status(k), &f, "", problems)
	}
	http.Redirect(w, r, groupsPageURL+"?saved="+url.QueryEscape(g.Code), http.StatusSeeOther)
	return nil
}

// createGroupForm serves POST /sovereignty/groups (the secretariat): a
// new group with its code, label and countries. A code that exists
// already is a conflict, so that the new-group form never replaces a
// group by accident.
func (s *Server) createGroupForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	gs, err := s.store.PartnerGroups(r.Context())
	if err != nil {
		return err
	}
	for _, g := range gs {
		if g.Code == code {
			f := groupForm{Code: code, Label: r.PostFormValue("label"), Countries: r.PostFormValue("countries")}
			return s.renderGroups(w, r, status(errs.Conflict), &f, "",
				[]errs.FieldError{{Field: "code", Problem: "a group " + code + " exists; change it in its own form"}})
		}
	}
	return s.putGroup(w, r, code)
}

// updateGroupForm serves POST /sovereignty/groups/{id} (the
// secretariat): the group's label (to rename it) and countries replaced.
func (s *Server) updateGroupForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	gs, err := s.store.PartnerGroups(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	for _, g := range gs {
		if g.Code == id {
			return s.putGroup(w, r, id)
		}
	}
	return errs.E("update partner group", errs.NotFound, "no partner group %q", id)
}

// deleteGroupForm serves POST /sovereignty/groups/{id}/delete (the
// secretariat), as DELETE /api/v1/partner-groups/{id} does: its
// countries become "other".
func (s *Server) deleteGroupForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.store.DeletePartnerGroup(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, groupsPageURL+"?removed="+url.QueryEscape(id), http.StatusSeeOther)
	return nil
}
