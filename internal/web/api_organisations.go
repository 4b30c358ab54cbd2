package web

import (
	"net/http"
	"net/url"
	"regexp"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// idRe is the form of a record id a client may choose: lower-case letters,
// digits and hyphens, as in "ror-057zh3y96" or "sample-kaveri-vision".
var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// checkBodyID checks the id in a request body: on create it may be empty
// (the server assigns one) or chosen by the client; on replace it must be
// empty or the id in the URL.
func checkBodyID(op, bodyID, urlID string) error {
	var p errs.Problems
	switch {
	case urlID != "" && bodyID != "" && bodyID != urlID:
		p.Add("id", "is %q but the URL names %q; leave it out or make them match", bodyID, urlID)
	case bodyID != "" && !idRe.MatchString(bodyID):
		p.Add("id", "%q must be 1-100 lower-case letters, digits or hyphens", bodyID)
	}
	return p.Err(op)
}

// organisationURL is the API URL of an organisation.
func organisationURL(id string) string { return "/api/v1/organisations/" + url.PathEscape(id) }

// getOrganisation serves GET /api/v1/organisations/{id}.
func (s *Server) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := s.store.Organisation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

// createOrganisation serves POST /api/v1/organisations: 201 with the
// stored record and its URL in Location.
func (s *Server) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	const op = "create organisation"
	if err := authorize(r, auth.CreateOrganisation, auth.Resource{}); err != nil {
		return err
	}
	var o registry.Organisation
	if err := decodeJSON(w, r, &o); err != nil {
		return err
	}
	if err := checkBodyID(op, o.ID, ""); err != nil {
		return err
	}
	if err := s.store.CreateOrganisation(r.Context(), &o); err != nil {
		return err
	}
	return s.writeOrganisation(w, r, http.StatusCreated, o.ID)
}

// replaceOrganisation serves PUT /api/v1/organisations/{id}: the body
// replaces the whole record, which must exist.
func (s *Server) replaceOrganisation(w http.ResponseWriter, r *http.Request) error {
	const op = "replace organisation"
	id := r.PathValue("id")
	if err := authorize(r, auth.UpdateOrganisation, auth.Resource{OrgID: id}); err != nil {
		return err
	}
	var o registry.Organisation
	if err := decodeJSON(w, r, &o); err != nil {
		return err
	}
	if err := checkBodyID(op, o.ID, id); err != nil {
		return err
	}
	o.ID = id
	if err := s.store.UpdateOrganisation(r.Context(), &o); err != nil {
		return err
	}
	return s.writeOrganisation(w, r, http.StatusOK, id)
}

// deleteOrganisation serves DELETE /api/v1/organisations/{id}: 204.
func (s *Server) deleteOrganisation(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := authorize(r, auth.DeleteOrganisation, auth.Resource{OrgID: id}); err != nil {
		return err
	}
	if err := s.store.DeleteOrganisation(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// writeOrganisation answers a write with the record as stored, with its
// relationships resolved, and its URL in Location.
func (s *Server) writeOrganisation(w http.ResponseWriter, r *http.Request, code int, id string) error {
	o, err := s.store.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", organisationURL(id))
	return writeJSON(w, code, o)
}
