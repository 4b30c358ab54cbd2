package web

import (
	"mime"
	"net/http"

	"github.com/setu-council/setu/internal/auth"
)

// A person may download what Setu holds about them and have it erased
// (issue 5, "Privacy"). Both are allowed to whoever may write the person's
// record: the person themselves and the secretariat (auth.Authorize's
// rules for auth.ExportPerson and auth.ErasePerson).

// exportPerson serves GET /api/v1/people/{id}/export: the person's record
// and the audit entries about it, unsealed, as a JSON download.
func (s *Server) exportPerson(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := authorize(r, auth.ExportPerson, auth.Resource{PersonID: id}); err != nil {
		return err
	}
	x, err := s.store.ExportPerson(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "setu-" + id + ".json"}))
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, x)
}

// erasePerson serves POST /api/v1/people/{id}/erase: 204 once the
// person's record and the key to their audit entries are gone and a
// tombstone entry records the erasure.
func (s *Server) erasePerson(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := authorize(r, auth.ErasePerson, auth.Resource{PersonID: id}); err != nil {
		return err
	}
	if err := s.store.ErasePerson(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
