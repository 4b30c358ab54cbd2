package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
)

// ratesPageURL is the exchange-rate table's page.
const ratesPageURL = "/sovereignty/rates"

// ratesView is the data of the exchange-rate page: the table for everyone,
// and for the secretariat the form that adds or replaces a rate and a
// button per row that removes it.
type ratesView struct {
	layout
	Base        string
	Rates       []store.ExchangeRate
	Secretariat bool
	CSRF        string
	Form        rateForm
	Done        string // what the last form did: "Set the rate of JPY on 2024-01-01"
	Problems    []errs.FieldError
}

// rateForm is what the rate form is filled in with: a row to replace
// (from ?currency=&date=), or what was posted, to show again after a
// mistake.
type rateForm struct {
	Currency, Date, Rate, Source string
}

// ratesPage serves GET /sovereignty/rates.
func (s *Server) ratesPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := rateForm{Currency: q.Get("currency"), Date: q.Get("date")}
	var done string
	if id := q.Get("set"); id != "" {
		done = "Set the rate of " + rateLabel(id)
	} else if id := q.Get("removed"); id != "" {
		done = "Removed the rate of " + rateLabel(id)
	}
	return s.renderRates(w, r, http.StatusOK, f, done, nil)
}

func (s *Server) renderRates(w http.ResponseWriter, r *http.Request, code int, f rateForm, done string, problems []errs.FieldError) error {
	rs, err := s.store.ExchangeRates(r.Context())
	if err != nil {
		return err
	}
	v := ratesView{layout: layout{Title: "Exchange rates", Nav: "sovereignty"}, Base: sovereignty.Base, Rates: rs,
		Form: f, Done: done, Problems: problems}
	v.Secretariat = authorize(r, auth.ManageSovereignty, auth.Resource{}) == nil
	if v.Secretariat {
		for _, x := range rs { // the form replaces a row named in the query
			if x.Currency == f.Currency && x.Date == f.Date && f.Rate == "" {
				v.Form.Rate, v.Form.Source = strconv.FormatFloat(x.Rate.Rate, 'g', -1, 64), x.Source
			}
		}
		v.CSRF = s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, r, code, "sovereignty_rates", &v)
}

// rateLabel turns a rate's id, "JPY-2024-01-01", into "JPY on 2024-01-01".
func rateLabel(id string) string {
	cur, date, _ := strings.Cut(id, "-")
	return cur + " on " + date
}

// rateFromForm reads the rate form; a rate that is not a number is a
// problem named "rate", reported with the other fields' problems.
func rateFromForm(r *http.Request) (sovereignty.Rate, rateForm, error) {
	f := rateForm{Currency: r.PostFormValue("currency"), Date: r.PostFormValue("date"),
		Rate: strings.TrimSpace(r.PostFormValue("rate")), Source: r.PostFormValue("source")}
	rt := sovereignty.Rate{Currency: f.Currency, Date: f.Date, Source: f.Source}
	rt.Normalize()
	v, err := strconv.ParseFloat(f.Rate, 64)
	if err == nil {
		rt.Rate = v
		return rt, f, nil
	}
	var p errs.Problems
	p.Add("rate", "%q is not a number: want the US dollars one unit was worth, e.g. 0.0067", f.Rate)
	rt.Rate = 1 // to check the other fields
	for _, fe := range errs.FieldsOf(rt.Validate()) {
		p.Add(fe.Field, "%s", fe.Problem)
	}
	return rt, f, p.Err("exchange rate form")
}

// setRateForm serves POST /sovereignty/rates (the secretariat): the rate
// of a currency on a date added or replaced, as PUT
// /api/v1/exchange-rates/{id} does; then the table. Bad input shows the
// page with the problems and the values posted.
func (s *Server) setRateForm(w http.ResponseWriter, r *http.Request) error {
	if err := authorize(r, auth.ManageSovereignty, auth.Resource{}); err != nil {
		return err
	}
	rt, f, err := rateFromForm(r)
	if err == nil {
		err = s.store.PutExchangeRate(r.Context(), rt)
	}
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		return s.renderRates(w, r, status(errs.Invalid), f, "", errs.FieldsOf(err))
	}
	http.Redirect(w, r, ratesPageURL+"?set="+url.QueryEscape(rt.Currency+"-"+rt.Date), http.StatusSeeOther)
	return nil
}

// deleteRateForm serves POST /sovereignty/rates/{id}/delete (the
// secretariat): the rate removed, as DELETE /api/v1/exchange-rates/{id}
// does; then the table.
func (s *Server) deleteRateForm(w http.ResponseWriter, r *http.Request) error {
	cur, date, err := s.removeRate(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, ratesPageURL+"?removed="+url.QueryEscape(cur+"-"+date), http.StatusSeeOther)
	return nil
}
