package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// queryParams reads a request's URL parameters, collecting a problem per
// bad parameter, so one 422 answer names every one of them. Parameters
// the route does not know are problems too: a misspelt filter should not
// silently widen a search.
type queryParams struct {
	values url.Values
	known  []string
	p      errs.Problems
}

// newQueryParams reads the parameters v.
func newQueryParams(v url.Values) *queryParams { return &queryParams{values: v} }

// one returns the trimmed value of a parameter that may appear once.
func (q *queryParams) one(name string) string {
	q.known = append(q.known, name)
	vs := q.values[name]
	if len(vs) > 1 {
		q.p.Add(name, "is given %d times; give it once", len(vs))
	}
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// list returns the trimmed, non-empty, distinct values of a parameter
// that may repeat (?country=JP&country=IN), in order.
func (q *queryParams) list(name string) []string {
	q.known = append(q.known, name)
	var out []string
	for _, v := range q.values[name] {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) > maxFilterValues {
		q.p.Add(name, "has %d values; at most %d are allowed", len(out), maxFilterValues)
	}
	return out
}

// maxFilterValues is how many values one filter may have (the store's
// limit too).
const maxFilterValues = 50

// integer returns a whole-number parameter between lo and hi, or def if
// it is absent.
func (q *queryParams) integer(name string, def, lo, hi int) int {
	s := q.one(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		q.p.Add(name, "%q is not a whole number", s)
	case n < lo || n > hi:
		q.p.Add(name, "must be between %d and %d", lo, hi)
	default:
		return n
	}
	return def
}

// boolean returns a true/false parameter, or nil if it is absent.
func (q *queryParams) boolean(name string) *bool {
	switch s := q.one(name); s {
	case "":
		return nil
	case "true", "false":
		b := s == "true"
		return &b
	default:
		q.p.Add(name, "%q is not true or false", s)
		return nil
	}
}

// problem records a problem with a parameter found by the caller.
func (q *queryParams) problem(name, format string, args ...any) { q.p.Add(name, format, args...) }

// err returns an errs.Invalid error naming every bad or unknown
// parameter, or nil. Call it after reading every known parameter.
func (q *queryParams) err(op string) error {
	var unknown []string
	for name := range q.values {
		if !slices.Contains(q.known, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		q.p.Add(name, "is not a parameter of this route; known: %s", strings.Join(q.known, ", "))
	}
	return q.p.Err(op)
}
