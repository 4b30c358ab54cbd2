package web

import (
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/sovereignty"
)

// listExchangeRates serves GET /api/v1/exchange-rates: the table, with
// the shipped sample rows marked.
func (s *Server) listExchangeRates(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.ExchangeRates(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"base": sovereignty.Base, "rates": rs})
}

// rateID splits an exchange rate's id, "JPY-2024-01-01", into currency
// and date.
func rateID(op, id string) (string, string, error) {
	cur, date, ok := strings.Cut(id, "-")
	if !ok || len(cur) != 3 {
		var p errs.Problems
		p.Add("id", "%q: want CURRENCY-YYYY-MM-DD, e.g. JPY-2024-01-01", id)
		return "", "", p.Err(op)
	}
	return strings.ToUpper(cur), date, nil
}

// putExchangeRate serves PUT /api/v1/exchange-rates/{id}: the rate of a
// currency on a date ({"rate": 0.0067, "source": "..."}), added or
// replaced. The secretariat's.
func (s *Server) putExchangeRate(w http.ResponseWriter, r *http.Request) error {
	const op = "put exchange rate"
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	cur, date, err := rateID(op, r.PathValue("id"))
	if err != nil {
		return err
	}
	var rt sovereignty.Rate
	if err := decodeJSON(w, r, &rt); err != nil {
		return err
	}
	var p errs.Problems
	if rt.Currency != "" && strings.ToUpper(strings.TrimSpace(rt.Currency)) != cur {
		p.Add("currency", "is %q but the URL names %q; leave it out or make them match", rt.Currency, cur)
	}
	if rt.Date != "" && strings.TrimSpace(rt.Date) != date {
		p.Add("date", "is %q but the URL names %q; leave it out or make them match", rt.Date, date)
	}
	if err := p.Err(op); err != nil {
		return err
	}
	rt.Currency, rt.Date = cur, date
	if err := s.store.PutExchangeRate(r.Context(), rt); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rt)
}

// deleteExchangeRate serves DELETE /api/v1/exchange-rates/{id}.
func (s *Server) deleteExchangeRate(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.removeRate(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// removeRate removes the exchange rate the request's {id} names, for the
// secretariat, and returns its currency and date: the API's DELETE and
// the rates page's form both call it.
func (s *Server) removeRate(r *http.Request) (cur, date string, err error) {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return "", "", err
	}
	if cur, date, err = rateID("delete exchange rate", r.PathValue("id")); err != nil {
		return "", "", err
	}
	return cur, date, s.store.DeleteExchangeRate(r.Context(), cur, date)
}

// listPartnerGroups serves GET /api/v1/partner-groups.
func (s *Server) listPartnerGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.store.PartnerGroups(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"groups": gs})
}

// putPartnerGroup serves PUT /api/v1/partner-groups/{id}: a group's label
// and countries, created or replaced. The secretariat's.
func (s *Server) putPartnerGroup(w http.ResponseWriter, r *http.Request) error {
	const op = "put partner group"
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	var g sovereignty.Group
	if err := decodeJSON(w, r, &g); err != nil {
		return err
	}
	id := r.PathValue("id")
	if g.Code != "" && g.Code != id {
		var p errs.Problems
		p.Add("code", "is %q but the URL names %q; leave it out or make them match", g.Code, id)
		return p.Err(op)
	}
	g.Code = id
	if err := s.store.PutPartnerGroup(r.Context(), g); err != nil {
		return err
	}
	g.Normalize()
	return writeJSON(w, http.StatusOK, g)
}

// deletePartnerGroup serves DELETE /api/v1/partner-groups/{id}: its
// countries become "other".
func (s *Server) deletePartnerGroup(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	if err := s.store.DeletePartnerGroup(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
