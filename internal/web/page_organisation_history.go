package web

import (
	"net/http"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
)

// historyEntry is one change to an organisation, as its page's History
// section shows it to the secretariat.
type historyEntry struct {
	Seq     int64
	At      time.Time
	Actor   string
	Action  string
	Changes []store.FieldChange
}

// organisationHistory returns the audit trail of organisation id, newest
// first, if the principal of r is the secretariat, and nil for anyone
// else.
func (s *Server) organisationHistory(r *http.Request, id string) ([]historyEntry, error) {
	if auth.FromContext(r.Context()).Role != auth.Secretariat {
		return nil, nil
	}
	entries, err := s.store.AuditLog(r.Context(), store.AuditQuery{EntityType: store.AuditOrganisation, EntityID: id})
	if err != nil {
		return nil, err
	}
	h := make([]historyEntry, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		he := historyEntry{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action}
		for _, c := range store.DiffAudit(e) {
			if c.Field != "updated_at" && c.Field != "created_at" {
				he.Changes = append(he.Changes, c)
			}
		}
		h = append(h, he)
	}
	return h, nil
}
