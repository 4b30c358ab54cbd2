package ledger

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Limits on the size of fields.
const (
	MaxTitleLen   = 300
	MaxTextLen    = 10000
	MaxListLen    = 200
	MaxIDLen      = 120
	MaxRecordList = 1000 // budgets, transactions, participants of a project
)

var (
	// slugRe is the form of framework and commitment ids: lower-case
	// letters, digits, dots and hyphens, e.g. "jai" or "jai.c1".
	slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,119}$`)
	// orgIDRe is the form of registry organisation ids, e.g. "ror-02wp9c512"
	// or "org-mfrggzdfmztwq2lk".
	orgIDRe = regexp.MustCompile(`^[a-z][a-z0-9]*-[a-z0-9-]{1,100}$`)
)

func checkText(p *errs.Problems, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		p.Add(field, "is required")
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		p.Add(field, "is longer than %d characters", max)
	case max <= MaxTitleLen && strings.ContainsAny(s, "\x00\r\n"):
		p.Add(field, "must be one line")
	}
}

func checkURL(p *errs.Problems, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add(field, "%q is not an http(s) URL", s)
	}
}

func checkSlug(p *errs.Problems, field, s string) {
	switch {
	case s == "":
		p.Add(field, "is required")
	case !slugRe.MatchString(s):
		p.Add(field, "%q must be lower-case letters, digits, dots or hyphens (at most %d)", s, MaxIDLen)
	}
}

func checkOrgID(p *errs.Problems, field, s string) {
	switch {
	case s == "":
		p.Add(field, "is required")
	case !orgIDRe.MatchString(s):
		p.Add(field, "%q is not an organisation id (e.g. ror-02wp9c512)", s)
	}
}

func checkCountries(p *errs.Problems, field string, codes []string) {
	checkLen(p, field, len(codes))
	for i, c := range codes {
		if !registry.IsCountry(c) {
			p.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not an ISO 3166-1 alpha-2 code", c)
		}
	}
}

func checkLayers(p *errs.Problems, field string, layers []string) {
	checkLen(p, field, len(layers))
	for i, l := range layers {
		if !registry.IsLayer(l) {
			p.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not an AI-stack layer (application, model, semiconductor, infrastructure, energy)", l)
		}
	}
}

func checkDomains(p *errs.Problems, field string, domains []string, v registry.Vocabulary) {
	checkLen(p, field, len(domains))
	for i, d := range domains {
		if !v.HasDomain(d) {
			p.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not a known domain", d)
		}
	}
}

func checkLen(p *errs.Problems, field string, n int) {
	if n > MaxListLen {
		p.Add(field, "has %d entries; at most %d are allowed", n, MaxListLen)
	}
}

// checkDay reports a date that is not given to the day.
func checkDay(p *errs.Problems, field string, d Date, required bool) {
	switch {
	case d.IsZero():
		if required {
			p.Add(field, "is required")
		}
	case d.Precision() != PrecisionDay:
		p.Add(field, "%q must be a full date (YYYY-MM-DD)", d)
	}
}

// checkOrder reports a start after an end when both are given.
func checkOrder(p *errs.Problems, endField string, start, end Date) {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		p.Add(endField, "%s is before the start %s", end, start)
	}
}

// cleanList trims entries and drops empty and repeated ones.
func cleanList(in []string) []string {
	out := in[:0:0]
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// upperList is cleanList with upper-cased entries, for country codes.
func upperList(in []string) []string {
	out := slices.Clone(in)
	for i := range out {
		out[i] = strings.ToUpper(out[i])
	}
	return cleanList(out)
}

// prefixed copies the field problems of err into p with a prefix, e.g.
// "projects[3]." before "budgets[0].currency".
func prefixed(p *errs.Problems, prefix string, err error) {
	for _, f := range errs.FieldsOf(err) {
		*p = append(*p, errs.FieldError{Field: prefix + f.Field, Problem: f.Problem})
	}
}
