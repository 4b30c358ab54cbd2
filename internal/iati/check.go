package iati

import (
	"math/big"
	"strings"
	"time"
)

// Check returns the findings about an activity built in code, before it is
// written: the same checks that the Reader makes, without line numbers. The
// Writer itself refuses only what would break the schema.
//
// Severities follow one rule: a missing or unknown code in an attribute the
// schema requires, and an unknown currency or country, is an Error; an
// unknown code in an optional attribute or in a codelist that changes
// between IATI releases (OrganisationType, Sector), and a withdrawn code, is
// a Warning; a missing or repeated iati-identifier is Critical.
func Check(a Activity) []Finding {
	var fl findingList
	check(&a, &positions{}, &fl)
	return fl.list
}

// check adds the findings about a to fl; p gives the lines of a's elements.
func check(a *Activity, p *positions, fl *findingList) {
	c := checker{a: a, p: p, fl: fl}
	c.identity()
	if a.Lang != "" && !isLanguageTag(a.Lang) {
		fl.add(Error, p.activity, "iati-activity", "@xml:lang %q is not a language tag", a.Lang)
	}
	c.narratives(p.or(p.title), "title", a.Title, true)
	if len(a.Descriptions) == 0 {
		fl.add(Error, p.activity, "iati-activity", "no <description>; at least one is required")
	}
	for i, d := range a.Descriptions {
		c.narratives(p.lineAt(p.descriptions, i), indexed("description", i), d.Narratives, true)
	}
	c.participatingOrgs()
	switch {
	case a.Status == "":
		fl.add(Error, p.or(p.status), "activity-status", "no activity status; <activity-status code> is required")
	default:
		c.code(Error, p.or(p.status), "activity-status", "code", "ActivityStatus", a.Status)
	}
	c.dates()
	if a.DefaultCurrency != "" {
		c.code(Error, p.activity, "iati-activity", "default-currency", "Currency", a.DefaultCurrency)
	}
	c.countries()
	c.sectors()
	for i, b := range a.Budgets {
		c.budget(p.lineAt(p.budgets, i), indexed("budget", i), b)
	}
	for i, t := range a.Transactions {
		c.transaction(p.lineAt(p.transactions, i), indexed("transaction", i), t)
	}
	for i, d := range a.DocumentLinks {
		c.documentLink(p.lineAt(p.documentLinks, i), indexed("document-link", i), d)
	}
	for i, r := range a.RelatedActivities {
		line, el := p.lineAt(p.relatedActivities, i), indexed("related-activity", i)
		c.required(line, el, "ref", r.Ref)
		c.requiredCode(line, el, "type", "RelatedActivityType", r.Type)
		if r.Ref != "" && r.Ref == a.Identifier {
			fl.add(Warning, line, el, "@ref %q is the activity itself", r.Ref)
		}
	}
	for i, r := range a.Results {
		c.result(p.lineAt(p.results, i), indexed("result", i), r)
	}
	for i, cl := range a.Commitments {
		c.required(p.lineAt(p.commitments, i), indexed("setu:commitment", i), "ref", cl.Ref)
	}
	for i, m := range a.Milestones {
		line, el := p.lineAt(p.milestones, i), indexed("setu:milestone", i)
		c.required(line, el, "ref", m.Ref)
		c.requiredDate(line, el, "due", m.Due)
		if !m.Completed.IsZero() && m.Evidence == "" {
			fl.add(Warning, line, el, "completed without @evidence")
		}
	}
}

// positions records the lines of an activity's elements, parallel to the
// model's slices, so that the checks can name them. It is all zero for an
// activity built in code.
type positions struct {
	activity, identifier, reportingOrg, title, status int

	descriptions, participatingOrgs, dates, countries, regions, sectors, budgets,
	transactions, documentLinks, relatedActivities, results, commitments, milestones []int
}

// lineAt returns lines[i], or the activity's line if there is none.
func (p *positions) lineAt(lines []int, i int) int {
	if i < len(lines) && lines[i] > 0 {
		return lines[i]
	}
	return p.activity
}

// or returns line, or the activity's line if line is 0.
func (p *positions) or(line int) int {
	if line > 0 {
		return line
	}
	return p.activity
}

// checker holds what the checks of one activity share.
type checker struct {
	a  *Activity
	p  *positions
	fl *findingList
}

func (c *checker) identity() {
	a, p := c.a, c.p
	if a.Identifier == "" {
		c.fl.add(Critical, p.or(p.identifier), "iati-identifier", "no iati-identifier")
	}
	line, org := p.or(p.reportingOrg), a.ReportingOrg
	if org.Ref == "" && org.Type == "" && org.Names == nil {
		c.fl.add(Error, line, "reporting-org", "no <reporting-org>; it is required")
		return
	}
	c.required(line, "reporting-org", "ref", org.Ref)
	if org.Type == "" {
		c.fl.add(Error, line, "reporting-org", "no @type; it is required")
	} else {
		c.code(Warning, line, "reporting-org", "type", "OrganisationType", org.Type)
	}
	c.narratives(line, "reporting-org", org.Names, true)
	if a.Identifier != "" && org.Ref != "" && !strings.HasPrefix(a.Identifier, org.Ref) {
		c.fl.add(Warning, p.or(p.identifier), "iati-identifier",
			"%q does not start with the reporting-org @ref %q", a.Identifier, org.Ref)
	}
}

func (c *checker) participatingOrgs() {
	a, p := c.a, c.p
	if len(a.ParticipatingOrgs) == 0 {
		c.fl.add(Error, p.activity, "iati-activity", "no <participating-org>; at least one is required")
	}
	for i, o := range a.ParticipatingOrgs {
		line, el := p.lineAt(p.participatingOrgs, i), indexed("participating-org", i)
		c.requiredCode(line, el, "role", "OrganisationRole", o.Role)
		if o.Type != "" {
			c.code(Warning, line, el, "type", "OrganisationType", o.Type)
		}
		if o.Ref == "" && len(o.Names) == 0 {
			c.fl.add(Error, line, el, "neither @ref nor a narrative names the organisation")
		}
		c.narratives(line, el, o.Names, false)
	}
}

func (c *checker) dates() {
	a, p := c.a, c.p
	if len(a.Dates) == 0 {
		c.fl.add(Error, p.activity, "iati-activity", "no <activity-date>; at least one is required")
	}
	var planned [2]time.Time // start, end
	for i, d := range a.Dates {
		line, el := p.lineAt(p.dates, i), indexed("activity-date", i)
		c.requiredCode(line, el, "type", "ActivityDateType", d.Type)
		c.requiredDate(line, el, "iso-date", d.Date)
		c.narratives(line, el, d.Narratives, false)
		switch d.Type {
		case DatePlannedStart:
			planned[0] = d.Date
		case DatePlannedEnd:
			planned[1] = d.Date
		}
	}
	if !planned[0].IsZero() && !planned[1].IsZero() && planned[1].Before(planned[0]) {
		c.fl.add(Warning, p.activity, "activity-date", "the planned end %s is before the planned start %s",
			planned[1].Format(time.DateOnly), planned[0].Format(time.DateOnly))
	}
}

func (c *checker) countries() {
	a, p := c.a, c.p
	var shares []string
	for i, rc := range a.Countries {
		line, el := p.lineAt(p.countries, i), indexed("recipient-country", i)
		if rc.Code == "" {
			c.fl.add(Error, line, el, "no @code; it is required")
		} else {
			c.code(Error, line, el, "code", "Country", rc.Code)
		}
		c.percentage(line, el, rc.Percentage)
		shares = append(shares, rc.Percentage)
	}
	for i, rr := range a.Regions {
		line, el := p.lineAt(p.regions, i), indexed("recipient-region", i)
		if rr.Code == "" {
			c.fl.add(Error, line, el, "no @code; it is required")
		}
		if rr.Vocabulary == "99" && rr.VocabularyURI == "" {
			c.fl.add(Warning, line, el, "vocabulary 99 has no @vocabulary-uri naming it")
		}
		c.percentage(line, el, rr.Percentage)
		shares = append(shares, rr.Percentage)
	}
	c.shares(p.activity, "recipient-country|recipient-region", shares)
}

func (c *checker) sectors() {
	a, p := c.a, c.p
	var vocabs []string // in order of first use
	byVocabulary := map[string][]string{}
	for i, s := range a.Sectors {
		line, el := p.lineAt(p.sectors, i), indexed("sector", i)
		vocab := s.Vocabulary
		if vocab == "" {
			vocab = VocabularyDAC
		} else {
			c.code(Warning, line, el, "vocabulary", "SectorVocabulary", vocab)
		}
		switch {
		case s.Code == "":
			c.fl.add(Error, line, el, "no @code; it is required")
		case vocab == VocabularyDAC:
			c.code(Warning, line, el, "code", "Sector", s.Code)
		case vocab == VocabularyDACCategory:
			c.code(Warning, line, el, "code", "SectorCategory", s.Code)
		}
		if vocab == VocabularyReportingOrg || vocab == VocabularyReportingOrg2 {
			if s.VocabularyURI == "" {
				c.fl.add(Warning, line, el, "vocabulary %s has no @vocabulary-uri naming it", vocab)
			}
			if len(s.Narratives) == 0 {
				c.fl.add(Warning, line, el, "vocabulary %s needs a narrative describing code %q", vocab, s.Code)
			}
		}
		c.narratives(line, el, s.Narratives, false)
		c.percentage(line, el, s.Percentage)
		if _, ok := byVocabulary[vocab]; !ok {
			vocabs = append(vocabs, vocab)
		}
		byVocabulary[vocab] = append(byVocabulary[vocab], s.Percentage)
	}
	for _, vocab := range vocabs {
		c.shares(p.activity, "sector[@vocabulary="+vocab+"]", byVocabulary[vocab])
	}
}

func (c *checker) budget(line int, el string, b Budget) {
	if b.Type != "" {
		c.code(Warning, line, el, "type", "BudgetType", b.Type)
	}
	if b.Status != "" {
		c.code(Warning, line, el, "status", "BudgetStatus", b.Status)
	}
	c.requiredDate(line, el+"/period-start", "iso-date", b.Start)
	c.requiredDate(line, el+"/period-end", "iso-date", b.End)
	switch {
	case b.Start.IsZero() || b.End.IsZero():
	case b.End.Before(b.Start):
		c.fl.add(Error, line, el, "the period ends before it starts")
	case b.End.After(b.Start.AddDate(1, 0, 0)):
		c.fl.add(Warning, line, el, "the period is longer than a year")
	}
	c.value(line, el+"/value", b.Value)
}

func (c *checker) transaction(line int, el string, t Transaction) {
	if t.Type == "" {
		c.fl.add(Error, line, el, "no <transaction-type>; it is required")
	} else {
		c.code(Error, line, el+"/transaction-type", "code", "TransactionType", t.Type)
	}
	c.requiredDate(line, el+"/transaction-date", "iso-date", t.Date)
	c.value(line, el+"/value", t.Value)
	c.narratives(line, el+"/description", t.Description, false)
	for _, o := range []struct {
		el  string
		org *TransactionOrg
	}{{"/provider-org", t.Provider}, {"/receiver-org", t.Receiver}} {
		if o.org == nil {
			continue
		}
		if o.org.Type != "" {
			c.code(Warning, line, el+o.el, "type", "OrganisationType", o.org.Type)
		}
		if o.org.Ref == "" && len(o.org.Names) == 0 {
			c.fl.add(Warning, line, el+o.el, "neither @ref nor a narrative names the organisation")
		}
		c.narratives(line, el+o.el, o.org.Names, false)
	}
}

func (c *checker) documentLink(line int, el string, d DocumentLink) {
	c.required(line, el, "url", d.URL)
	c.required(line, el, "format", d.Format)
	c.narratives(line, el+"/title", d.Title, true)
	c.narratives(line, el+"/description", d.Description, false)
	if len(d.Categories) == 0 {
		c.fl.add(Error, line, el, "no <category>; at least one is required")
	}
	for _, cat := range d.Categories {
		c.requiredCode(line, el+"/category", "code", "DocumentCategory", cat)
	}
	for _, l := range d.Languages {
		c.required(line, el+"/language", "code", l)
	}
}

func (c *checker) result(line int, el string, r Result) {
	c.requiredCode(line, el, "type", "ResultType", r.Type)
	c.narratives(line, el+"/title", r.Title, true)
	c.narratives(line, el+"/description", r.Description, false)
	for i, d := range r.DocumentLinks {
		c.documentLink(line, indexed(el+"/document-link", i), d)
	}
	if len(r.Indicators) == 0 {
		c.fl.add(Error, line, el, "no <indicator>; at least one is required")
	}
	for i, in := range r.Indicators {
		iel := indexed(el+"/indicator", i)
		c.requiredCode(line, iel, "measure", "IndicatorMeasure", in.Measure)
		c.narratives(line, iel+"/title", in.Title, true)
		c.narratives(line, iel+"/description", in.Description, false)
		for j, per := range in.Periods {
			pel := indexed(iel+"/period", j)
			c.requiredDate(line, pel+"/period-start", "iso-date", per.Start)
			c.requiredDate(line, pel+"/period-end", "iso-date", per.End)
			if !per.Start.IsZero() && !per.End.IsZero() && per.End.Before(per.Start) {
				c.fl.add(Error, line, pel, "the period ends before it starts")
			}
		}
	}
	if r.Output != nil {
		c.required(line, el+"/setu:output", "ref", r.Output.Ref)
	}
}

// value checks a <value>: an amount, a currency of its own or the
// activity's default, and a value-date.
func (c *checker) value(line int, el string, v Value) {
	if v == (Value{}) {
		c.fl.add(Error, line, el, "no <value>; it is required")
		return
	}
	switch {
	case v.Amount == "":
		c.fl.add(Error, line, el, "no amount")
	case !isDecimal(v.Amount):
		c.fl.add(Error, line, el, "amount %q is not a decimal number", v.Amount)
	}
	switch {
	case v.Currency != "":
		c.code(Error, line, el, "currency", "Currency", v.Currency)
	case c.a.DefaultCurrency == "":
		c.fl.add(Error, line, el, "no @currency and no default-currency on the activity")
	}
	c.requiredDate(line, el, "value-date", v.Date)
}

// narratives checks a list of narratives, of which at least one is needed if
// required is true.
func (c *checker) narratives(line int, el string, ns []Narrative, required bool) {
	if required && len(ns) == 0 {
		c.fl.add(Error, line, el, "no <narrative>; at least one is required")
	}
	for _, n := range ns {
		if n.Lang != "" && !isLanguageTag(n.Lang) {
			c.fl.add(Error, line, el, "<narrative xml:lang=%q>: not a language tag", n.Lang)
		}
		if n.Text == "" {
			c.fl.add(Warning, line, el, "empty <narrative>")
		}
		if n.Lang == "" && c.a.Lang == "" {
			c.fl.add(Warning, line, el, "<narrative> without xml:lang in an activity without a default xml:lang")
		}
	}
}

// code checks that value is in the named codelist; sev is the severity if
// it is not. A withdrawn code is a warning.
func (c *checker) code(sev Severity, line int, el, attr, list, value string) {
	known, withdrawn := lookup(list, value)
	switch {
	case !known:
		c.fl.add(sev, line, el, "@%s %q is not in the %s codelist", attr, value, list)
	case withdrawn:
		c.fl.add(Warning, line, el, "@%s %q has been withdrawn from the %s codelist", attr, value, list)
	}
}

// requiredCode checks an attribute that the schema requires, whose value
// must be in the named codelist.
func (c *checker) requiredCode(line int, el, attr, list, value string) {
	if value == "" {
		c.fl.add(Error, line, el, "no @%s; it is required", attr)
		return
	}
	c.code(Error, line, el, attr, list, value)
}

// required checks that a required attribute has a value.
func (c *checker) required(line int, el, attr, value string) {
	if value == "" {
		c.fl.add(Error, line, el, "no @%s; it is required", attr)
	}
}

// requiredDate checks that a required date is there, unless its value was
// already reported as malformed.
func (c *checker) requiredDate(line int, el, attr string, t time.Time) {
	if t.IsZero() && !c.fl.isMalformed(el, attr) {
		c.fl.add(Error, line, el, "no @%s; it is required", attr)
	}
}

// percentage checks an optional percentage.
func (c *checker) percentage(line int, el, s string) {
	if s == "" {
		return
	}
	r, ok := new(big.Rat).SetString(s)
	if !isDecimal(s) || !ok || r.Sign() < 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
		c.fl.add(Error, line, el, "@percentage %q is not a number from 0 to 100", s)
	}
}

// shares checks that the percentages of several elements of one kind are
// all given and add up to 100, as IATI's rules ask.
func (c *checker) shares(line int, el string, shares []string) {
	if len(shares) < 2 {
		return
	}
	sum := new(big.Rat)
	for _, s := range shares {
		r, ok := new(big.Rat).SetString(s)
		if s == "" || !ok {
			c.fl.add(Warning, line, el, "%d elements, not all with a @percentage", len(shares))
			return
		}
		sum.Add(sum, r)
	}
	if sum.Cmp(big.NewRat(100, 1)) != 0 {
		c.fl.add(Warning, line, el, "the percentages add up to %s, not 100", sum.FloatString(2))
	}
}

// isDecimal reports whether s is an xsd:decimal: an optional sign, digits
// and at most one decimal point, with at least one digit.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}
