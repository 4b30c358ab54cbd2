package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// People are personal data. Lists leave out each person's email; a single
// record carries it. (Who may read a person is the privacy work's part of
// issue 5; who may write one is auth.Authorize's.)

// personList is one page of people, without their emails.
type personList struct {
	Total   int                `json:"total"`
	Page    int                `json:"page"`
	PerPage int                `json:"per_page"`
	Pages   int                `json:"pages"`
	Items   []*registry.Person `json:"items"`
	Links   pageLinks          `json:"links"`
}

// personURL is the API URL of a person.
func personURL(id string) string { return "/api/v1/people/" + url.PathEscape(id) }

// listPeople serves GET /api/v1/people, filtered by home_country, home_org
// and sample, a page at a time, by name.
func (s *Server) listPeople(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	qp := newQueryParams(r.URL.Query())
	q := store.PeopleQuery{HomeCountry: strings.ToUpper(qp.one("home_country")), HomeOrgID: qp.one("home_org"), Sample: qp.boolean("sample")}
	q.Page, q.PerPage = qp.paging()
	if q.HomeCountry != "" && !registry.IsCountry(q.HomeCountry) {
		qp.problem("home_country", "%q is not an ISO 3166-1 alpha-2 code", q.HomeCountry)
	}
	if q.HomeOrgID != "" {
		if _, err := s.store.Organisation(ctx, q.HomeOrgID); errs.Is(err, errs.NotFound) {
			qp.problem("home_org", "no organisation %q", q.HomeOrgID)
		} else if err != nil {
			return err
		}
	}
	if err := qp.err("list people"); err != nil {
		return err
	}
	people, total, err := s.store.ListPeople(ctx, q)
	if err != nil {
		return err
	}
	for _, p := range people {
		p.Email = "" // personal data: never in a list
	}
	return writeJSON(w, http.StatusOK, personList{
		Total: total, Page: q.Page, PerPage: q.PerPage, Pages: pageCount(total, q.PerPage),
		Items: people, Links: linksFor(w, r.URL, q.Page, q.PerPage, total),
	})
}

// getPerson serves GET /api/v1/people/{id}.
func (s *Server) getPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Person(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// createPerson serves POST /api/v1/people: 201 with the stored record and
// its URL in Location.
func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.CreatePerson, auth.Resource{}); err != nil {
		return err
	}
	var p registry.Person
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	if err := checkBodyID("create person", p.ID, ""); err != nil {
		return err
	}
	if err := s.store.CreatePerson(r.Context(), &p); err != nil {
		return err
	}
	return s.writePerson(w, r, http.StatusCreated, p.ID)
}

// replacePerson serves PUT /api/v1/people/{id}: the body replaces the
// whole record, which must exist.
func (s *Server) replacePerson(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := authorize(r, auth.UpdatePerson, auth.Resource{PersonID: id}); err != nil {
		return err
	}
	var p registry.Person
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	if err := checkBodyID("replace person", p.ID, id); err != nil {
		return err
	}
	p.ID = id
	if err := s.store.UpdatePerson(r.Context(), &p); err != nil {
		return err
	}
	return s.writePerson(w, r, http.StatusOK, id)
}

// writePerson answers a write with the record as stored and its URL in
// Location.
func (s *Server) writePerson(w http.ResponseWriter, r *http.Request, code int, id string) error {
	p, err := s.store.Person(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", personURL(id))
	return writeJSON(w, code, p)
}
