package iati

import (
	"encoding/xml"
	"math"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// validate returns what in a would make the written file invalid against
// the 2.03 schema: a missing required element or attribute, a malformed
// date, decimal or language tag, or an extension without a namespace.
// Fields are named by element path, as in findings.
func validate(a *Activity) errs.Problems {
	var p errs.Problems
	v := validator{p: &p}
	if a.Identifier == "" {
		p.Add("iati-identifier", "required")
	}
	v.lang("iati-activity/@xml:lang", a.Lang)
	if a.Hierarchy < 0 || a.Hierarchy > math.MaxInt32 {
		p.Add("iati-activity/@hierarchy", "%d is out of range", a.Hierarchy)
	}
	v.required("reporting-org/@ref", a.ReportingOrg.Ref)
	v.required("reporting-org/@type", a.ReportingOrg.Type)
	v.narratives("reporting-org", a.ReportingOrg.Names, true)
	v.narratives("title", a.Title, true)
	if len(a.Descriptions) == 0 {
		p.Add("description", "at least one is required")
	}
	for i, d := range a.Descriptions {
		v.narratives(indexed("description", i), d.Narratives, true)
	}
	if len(a.ParticipatingOrgs) == 0 {
		p.Add("participating-org", "at least one is required")
	}
	for i, o := range a.ParticipatingOrgs {
		el := indexed("participating-org", i)
		v.required(el+"/@role", o.Role)
		v.narratives(el, o.Names, false)
	}
	v.required("activity-status/@code", a.Status)
	if len(a.Dates) == 0 {
		p.Add("activity-date", "at least one is required")
	}
	for i, d := range a.Dates {
		el := indexed("activity-date", i)
		v.required(el+"/@type", d.Type)
		v.date(el+"/@iso-date", d.Date)
		v.narratives(el, d.Narratives, false)
	}
	for i, c := range a.Countries {
		el := indexed("recipient-country", i)
		v.required(el+"/@code", c.Code)
		v.decimal(el+"/@percentage", c.Percentage, false)
	}
	for i, r := range a.Regions {
		el := indexed("recipient-region", i)
		v.required(el+"/@code", r.Code)
		v.decimal(el+"/@percentage", r.Percentage, false)
	}
	for i, s := range a.Sectors {
		el := indexed("sector", i)
		v.required(el+"/@code", s.Code)
		v.decimal(el+"/@percentage", s.Percentage, false)
		v.narratives(el, s.Narratives, false)
	}
	for i, b := range a.Budgets {
		el := indexed("budget", i)
		v.date(el+"/period-start/@iso-date", b.Start)
		v.date(el+"/period-end/@iso-date", b.End)
		v.value(el+"/value", b.Value)
	}
	for i, t := range a.Transactions {
		v.transaction(indexed("transaction", i), &t)
	}
	for i, d := range a.DocumentLinks {
		v.documentLink(indexed("document-link", i), &d)
	}
	for i, r := range a.RelatedActivities {
		el := indexed("related-activity", i)
		v.required(el+"/@ref", r.Ref)
		v.required(el+"/@type", r.Type)
	}
	for i, r := range a.Results {
		v.result(indexed("result", i), &r)
	}
	for i, m := range a.Milestones {
		el := indexed("setu:milestone", i)
		v.optionalDate(el+"/@due", m.Due)
		v.optionalDate(el+"/@completed", m.Completed)
	}
	for i, x := range a.Extra {
		v.element(indexed("extension", i), &x, 1)
	}
	for _, at := range a.ExtraAttrs {
		if at.Name.Space == "" {
			p.Add("iati-activity/@"+at.Name.Local, "an extension attribute needs a namespace")
		}
		v.name("iati-activity/@"+at.Name.Local, at.Name)
	}
	return p
}

// validator adds problems to p.
type validator struct {
	p *errs.Problems
}

func (v validator) documentLink(el string, d *DocumentLink) {
	v.required(el+"/@url", d.URL)
	v.required(el+"/@format", d.Format)
	v.narratives(el+"/title", d.Title, true)
	v.narratives(el+"/description", d.Description, false)
	if len(d.Categories) == 0 {
		v.p.Add(el+"/category", "at least one is required")
	}
	for _, c := range d.Categories {
		v.required(el+"/category/@code", c)
	}
	for _, l := range d.Languages {
		v.required(el+"/language/@code", l)
	}
	v.optionalDate(el+"/document-date/@iso-date", d.Date)
}

func (v validator) transaction(el string, t *Transaction) {
	v.required(el+"/transaction-type/@code", t.Type)
	v.date(el+"/transaction-date/@iso-date", t.Date)
	v.value(el+"/value", t.Value)
	v.narratives(el+"/description", t.Description, false)
	if t.Provider != nil {
		v.narratives(el+"/provider-org", t.Provider.Names, false)
	}
	if t.Receiver != nil {
		v.narratives(el+"/receiver-org", t.Receiver.Names, false)
	}
}

func (v validator) result(el string, r *Result) {
	v.required(el+"/@type", r.Type)
	v.narratives(el+"/title", r.Title, true)
	v.narratives(el+"/description", r.Description, false)
	for i, d := range r.DocumentLinks {
		v.documentLink(indexed(el+"/document-link", i), &d)
	}
	if len(r.Indicators) == 0 {
		v.p.Add(el+"/indicator", "at least one is required")
	}
	for i, in := range r.Indicators {
		iel := indexed(el+"/indicator", i)
		v.required(iel+"/@measure", in.Measure)
		v.narratives(iel+"/title", in.Title, true)
		v.narratives(iel+"/description", in.Description, false)
		for j, per := range in.Periods {
			pel := indexed(iel+"/period", j)
			v.date(pel+"/period-start/@iso-date", per.Start)
			v.date(pel+"/period-end/@iso-date", per.End)
		}
	}
	for i, x := range r.Extra {
		v.element(indexed(el+"/extension", i), &x, 1)
	}
}

func (v validator) value(el string, val Value) {
	v.decimal(el, val.Amount, true)
	v.date(el+"/@value-date", val.Date)
}

func (v validator) required(field, value string) {
	if value == "" {
		v.p.Add(field, "required")
	}
}

func (v validator) narratives(el string, ns []Narrative, required bool) {
	if required && len(ns) == 0 {
		v.p.Add(el+"/narrative", "at least one is required")
	}
	for _, n := range ns {
		v.lang(el+"/narrative/@xml:lang", n.Lang)
	}
}

// date checks a required date: present, with a four-digit year.
func (v validator) date(field string, t time.Time) {
	if t.IsZero() {
		v.p.Add(field, "required")
		return
	}
	v.optionalDate(field, t)
}

func (v validator) optionalDate(field string, t time.Time) {
	if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
		v.p.Add(field, "year %d is out of range", t.Year())
	}
}

func (v validator) decimal(field, s string, required bool) {
	switch {
	case s == "" && required:
		v.p.Add(field, "required")
	case s != "" && !isDecimal(s):
		v.p.Add(field, "%q is not a decimal number", s)
	}
}

// lang checks an xml:lang value: empty, or a language tag such as "en" or
// "zh-Hant".
func (v validator) lang(field, s string) {
	if s != "" && !isLanguageTag(s) {
		v.p.Add(field, "%q is not a language tag", s)
	}
}

// element checks a foreign element: it needs a namespace and valid names.
func (v validator) element(field string, x *Element, depth int) {
	if depth == 1 && x.Name.Space == "" {
		v.p.Add(field, "element <%s> needs a namespace", x.Name.Local)
	}
	if depth > maxDepth-3 { // below iati-activities, iati-activity (and result)
		v.p.Add(field, "nested deeper than %d", maxDepth-3)
		return
	}
	v.name(field, x.Name)
	for _, a := range x.Attrs {
		v.name(field, a.Name)
	}
	for i := range x.Children {
		v.element(field, &x.Children[i], depth+1)
	}
}

// name checks that n's local part is an XML name without a colon.
func (v validator) name(field string, n xml.Name) {
	if !isNCName(n.Local) {
		v.p.Add(field, "%q is not an XML name", n.Local)
	}
}

// isLanguageTag reports whether s matches xsd:language:
// [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*.
func isLanguageTag(s string) bool {
	n, first := 0, true
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' {
			if n < 1 || n > 8 {
				return false
			}
			n, first = 0, false
			continue
		}
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && !first:
		default:
			return false
		}
		n++
	}
	return true
}

// isNCName reports whether s is an XML name without a colon, for the ASCII
// letters, digits and punctuation; it accepts any non-ASCII letter.
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= 0xC0 && isXMLChar(r):
		case i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9' || r == 0xB7):
		default:
			return false
		}
	}
	return true
}
