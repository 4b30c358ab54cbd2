package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// ledgerList is the answer of a ledger list endpoint: one page of items.
type ledgerList[T any] struct {
	Total   int       `json:"total"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
	Pages   int       `json:"pages"`
	Items   []T       `json:"items"`
	Links   pageLinks `json:"links"`
}

// ledgerRecord describes one kind of ledger record to the generic CRUD
// handlers: its name, its API path and its store methods.
type ledgerRecord[T any] struct {
	name   string // "framework"
	path   string // "/api/v1/frameworks/"
	id     func(*T) *string
	get    func(context.Context, string) (*T, error)
	create func(context.Context, *T) error
	update func(context.Context, *T) error
	delete func(context.Context, string) error
}

// today is the day on which derived statuses and figures are computed.
func today() ledger.Date { return ledger.DateOf(time.Now().UTC()) }

// ledgerQuery reads the filters and paging of a ledger list.
func ledgerQuery(r *http.Request, op string, filters ...string) (store.LedgerQuery, error) {
	qp := newQueryParams(r.URL.Query())
	var q store.LedgerQuery
	for _, f := range filters {
		switch f {
		case "country":
			q.Country = strings.ToUpper(qp.one("country"))
			if q.Country != "" && !registry.IsCountry(q.Country) {
				qp.problem("country", "%q is not an ISO 3166-1 alpha-2 code", q.Country)
			}
		case "layer":
			q.Layer = qp.one("layer")
			if q.Layer != "" && !registry.IsLayer(q.Layer) {
				qp.problem("layer", "%q is not a layer", q.Layer)
			}
		case "domain":
			q.Domain = qp.one("domain")
		case "framework":
			q.FrameworkID = qp.one("framework")
		case "project":
			q.ProjectID = qp.one("project")
		case "sample":
			q.Sample = qp.boolean("sample")
		case "commitment-status":
			q.Status = qp.one("status")
			if q.Status != "" && !isStatus(q.Status) {
				qp.problem("status", "%q is not one of statement-only, in-progress, delivered, overdue", q.Status)
			}
		case "project-status":
			q.Status = qp.one("status")
			if n := len(q.Status); n > 0 && (n != 1 || q.Status < "1" || q.Status > "6") {
				qp.problem("status", "%q is not an IATI activity status code (1-6)", q.Status)
			}
		}
	}
	q.Page, q.PerPage = qp.paging()
	return q, qp.err(op)
}

func isStatus(s string) bool {
	for _, st := range ledger.Statuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

// getLedger serves GET {path}{id}.
func getLedger[T any](k ledgerRecord[T], view func(*T) any) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rec, err := k.get(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, view(rec))
	}
}

// createLedger serves POST {collection}: 201 with the stored record and its
// URL in Location. The client chooses the id.
func createLedger[T any](k ledgerRecord[T], view func(*T) any) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := authorize(r, auth.WriteLedger, auth.Resource{}); err != nil {
			return err
		}
		var rec T
		if err := decodeJSON(w, r, &rec); err != nil {
			return err
		}
		if err := k.create(r.Context(), &rec); err != nil {
			return err
		}
		return writeLedger(w, r, k, http.StatusCreated, *k.id(&rec), view)
	}
}

// replaceLedger serves PUT {path}{id}: the body replaces the whole record,
// which must exist. check, if not nil, authorises the write given the
// stored and the new record; else the write needs WriteLedger.
func replaceLedger[T any](k ledgerRecord[T], check func(r *http.Request, old, rec *T) error, view func(*T) any) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		if check == nil {
			if err := authorize(r, auth.WriteLedger, auth.Resource{}); err != nil {
				return err
			}
		}
		var rec T
		if err := decodeJSON(w, r, &rec); err != nil {
			return err
		}
		if got := *k.id(&rec); got != "" && got != id {
			var p errs.Problems
			p.Add("id", "is %q but the URL names %q; leave it out or make them match", got, id)
			return p.Err("replace " + k.name)
		}
		*k.id(&rec) = id
		if check != nil {
			old, err := k.get(r.Context(), id)
			if errs.Is(err, errs.NotFound) {
				// Say who may write before saying what exists.
				if err := authorize(r, auth.WriteLedger, auth.Resource{}); err != nil {
					return err
				}
			}
			if err != nil {
				return err
			}
			if err := check(r, old, &rec); err != nil {
				return err
			}
		}
		if err := k.update(r.Context(), &rec); err != nil {
			return err
		}
		return writeLedger(w, r, k, http.StatusOK, id, view)
	}
}

// deleteLedger serves DELETE {path}{id}: 204.
func deleteLedger[T any](k ledgerRecord[T]) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := authorize(r, auth.WriteLedger, auth.Resource{}); err != nil {
			return err
		}
		if err := k.delete(r.Context(), r.PathValue("id")); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// writeLedger answers a write with the record as stored and its URL.
func writeLedger[T any](w http.ResponseWriter, r *http.Request, k ledgerRecord[T], code int, id string, view func(*T) any) error {
	rec, err := k.get(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", k.path+url.PathEscape(id))
	return writeJSON(w, code, view(rec))
}

// listLedger writes one page of a ledger list.
func listLedger[T any](w http.ResponseWriter, r *http.Request, q store.LedgerQuery, items []T, total int) error {
	return writeJSON(w, http.StatusOK, ledgerList[T]{
		Total: total, Page: q.Page, PerPage: q.PerPage, Pages: pageCount(total, q.PerPage),
		Items: items, Links: linksFor(w, r.URL, q.Page, q.PerPage, total),
	})
}

func asIs[T any](rec *T) any { return rec }
