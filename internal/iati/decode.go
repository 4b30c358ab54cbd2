package iati

import (
	"encoding/xml"
	"strconv"
	"time"
)

// decoder turns the tokens of one <iati-activity> into the model, reporting
// values it cannot parse (dates, times, whole numbers, booleans) as
// findings. Elements of IATI outside the model are skipped; elements from
// other namespaces are kept as Element. It matches IATI elements by name in
// no namespace, as the schema declares them.
type decoder struct {
	t    *tokens
	fl   *findingList
	text []byte // scratch for character data
}

// activity decodes the activity whose start tag, on line, was just read.
func (d *decoder) activity(start xml.StartElement, line int) (Activity, positions, error) {
	var a Activity
	p := positions{activity: line}
	for _, at := range start.Attr {
		switch at.Name.Space {
		case "":
			switch v := trim(at.Value); at.Name.Local {
			case "default-currency":
				a.DefaultCurrency = v
			case "last-updated-datetime":
				a.LastUpdated = d.dateTime(line, v)
			case "hierarchy":
				a.Hierarchy = d.hierarchy(line, v)
			}
		case xmlNamespace:
			if at.Name.Local == "lang" {
				a.Lang = trim(at.Value)
			}
		case "xmlns":
		default:
			if isNCName(at.Name.Local) {
				a.ExtraAttrs = append(a.ExtraAttrs, at)
			}
		}
	}
	err := d.children(func(s xml.StartElement, line int) error {
		switch s.Name.Space {
		case "":
		case Namespace:
			switch s.Name.Local {
			case "commitment":
				a.Commitments = append(a.Commitments, CommitmentLink{Ref: attr(s, "ref"), Framework: attr(s, "framework")})
				p.commitments = append(p.commitments, line)
				return d.t.skip()
			case "milestone":
				a.Milestones = append(a.Milestones, d.milestone(s, line, len(a.Milestones)))
				p.milestones = append(p.milestones, line)
				return d.t.skip()
			}
			return d.foreign(s, &a.Extra)
		default:
			return d.foreign(s, &a.Extra)
		}
		var err error
		switch s.Name.Local {
		case "iati-identifier":
			a.Identifier, err = d.chardata()
			p.identifier = line
		case "reporting-org":
			a.ReportingOrg.Ref, a.ReportingOrg.Type = attr(s, "ref"), attr(s, "type")
			err = d.narratives(&a.ReportingOrg.Names)
			p.reportingOrg = line
		case "title":
			err = d.narratives(&a.Title)
			p.title = line
		case "description":
			desc := Description{Type: attr(s, "type")}
			err = d.narratives(&desc.Narratives)
			a.Descriptions = append(a.Descriptions, desc)
			p.descriptions = append(p.descriptions, line)
		case "participating-org":
			o := ParticipatingOrg{Ref: attr(s, "ref"), Role: attr(s, "role"), Type: attr(s, "type"), ActivityID: attr(s, "activity-id")}
			if v := attrNS(s, Namespace, "home"); v != "" {
				o.Home = d.boolean(line, v, "setu:home", func() string { return indexed("participating-org", len(a.ParticipatingOrgs)) })
			}
			err = d.narratives(&o.Names)
			a.ParticipatingOrgs = append(a.ParticipatingOrgs, o)
			p.participatingOrgs = append(p.participatingOrgs, line)
		case "activity-status":
			a.Status = attr(s, "code")
			p.status = line
			err = d.t.skip()
		case "activity-date":
			i := len(a.Dates)
			ad := ActivityDate{Type: attr(s, "type"), Date: d.date(line, attr(s, "iso-date"), "iso-date", func() string { return indexed("activity-date", i) })}
			err = d.narratives(&ad.Narratives)
			a.Dates = append(a.Dates, ad)
			p.dates = append(p.dates, line)
		case "recipient-country":
			a.Countries = append(a.Countries, RecipientCountry{Code: attr(s, "code"), Percentage: attr(s, "percentage")})
			p.countries = append(p.countries, line)
			err = d.t.skip()
		case "recipient-region":
			a.Regions = append(a.Regions, RecipientRegion{Code: attr(s, "code"), Vocabulary: attr(s, "vocabulary"),
				VocabularyURI: attr(s, "vocabulary-uri"), Percentage: attr(s, "percentage")})
			p.regions = append(p.regions, line)
			err = d.t.skip()
		case "sector":
			sec := Sector{Vocabulary: attr(s, "vocabulary"), VocabularyURI: attr(s, "vocabulary-uri"),
				Code: attr(s, "code"), Percentage: attr(s, "percentage")}
			err = d.narratives(&sec.Narratives)
			a.Sectors = append(a.Sectors, sec)
			p.sectors = append(p.sectors, line)
		case "budget":
			var b Budget
			b, err = d.budget(s, indexed("budget", len(a.Budgets)))
			a.Budgets = append(a.Budgets, b)
			p.budgets = append(p.budgets, line)
		case "transaction":
			var t Transaction
			t, err = d.transaction(s, len(a.Transactions))
			a.Transactions = append(a.Transactions, t)
			p.transactions = append(p.transactions, line)
		case "document-link":
			var dl DocumentLink
			dl, err = d.documentLink(s, indexed("document-link", len(a.DocumentLinks)))
			a.DocumentLinks = append(a.DocumentLinks, dl)
			p.documentLinks = append(p.documentLinks, line)
		case "related-activity":
			a.RelatedActivities = append(a.RelatedActivities, RelatedActivity{Ref: attr(s, "ref"), Type: attr(s, "type")})
			p.relatedActivities = append(p.relatedActivities, line)
			err = d.t.skip()
		case "result":
			var r Result
			r, err = d.result(s, indexed("result", len(a.Results)))
			a.Results = append(a.Results, r)
			p.results = append(p.results, line)
		default:
			err = d.t.skip()
		}
		return err
	})
	return a, p, err
}

func (d *decoder) budget(s xml.StartElement, el string) (Budget, error) {
	b := Budget{Type: attr(s, "type"), Status: attr(s, "status")}
	err := d.children(func(c xml.StartElement, line int) error {
		if c.Name.Space != "" {
			return d.t.skip()
		}
		switch c.Name.Local {
		case "period-start":
			b.Start = d.date(line, attr(c, "iso-date"), "iso-date", func() string { return el + "/period-start" })
		case "period-end":
			b.End = d.date(line, attr(c, "iso-date"), "iso-date", func() string { return el + "/period-end" })
		case "value":
			var err error
			b.Value, err = d.value(c, line, func() string { return el + "/value" })
			return err
		}
		return d.t.skip()
	})
	return b, err
}

func (d *decoder) transaction(s xml.StartElement, i int) (Transaction, error) {
	t := Transaction{Ref: attr(s, "ref")}
	el := func() string { return indexed("transaction", i) }
	err := d.children(func(c xml.StartElement, line int) error {
		if c.Name.Space != "" {
			return d.t.skip()
		}
		var err error
		switch c.Name.Local {
		case "transaction-type":
			t.Type = attr(c, "code")
		case "transaction-date":
			t.Date = d.date(line, attr(c, "iso-date"), "iso-date", func() string { return el() + "/transaction-date" })
		case "value":
			t.Value, err = d.value(c, line, func() string { return el() + "/value" })
			return err
		case "description":
			return d.narratives(&t.Description)
		case "provider-org":
			t.Provider = &TransactionOrg{Ref: attr(c, "ref"), Type: attr(c, "type"), ActivityID: attr(c, "provider-activity-id")}
			return d.narratives(&t.Provider.Names)
		case "receiver-org":
			t.Receiver = &TransactionOrg{Ref: attr(c, "ref"), Type: attr(c, "type"), ActivityID: attr(c, "receiver-activity-id")}
			return d.narratives(&t.Receiver.Names)
		}
		return d.t.skip()
	})
	return t, err
}

func (d *decoder) documentLink(s xml.StartElement, el string) (DocumentLink, error) {
	dl := DocumentLink{URL: attr(s, "url"), Format: attr(s, "format")}
	err := d.children(func(c xml.StartElement, line int) error {
		if c.Name.Space != "" {
			return d.t.skip()
		}
		switch c.Name.Local {
		case "title":
			return d.narratives(&dl.Title)
		case "description":
			return d.narratives(&dl.Description)
		case "category":
			dl.Categories = append(dl.Categories, attr(c, "code"))
		case "language":
			dl.Languages = append(dl.Languages, attr(c, "code"))
		case "document-date":
			dl.Date = d.date(line, attr(c, "iso-date"), "iso-date", func() string { return el + "/document-date" })
		}
		return d.t.skip()
	})
	return dl, err
}

func (d *decoder) result(s xml.StartElement, el string) (Result, error) {
	r := Result{Type: attr(s, "type")}
	err := d.children(func(c xml.StartElement, line int) error {
		switch {
		case c.Name.Space == Namespace && c.Name.Local == "output":
			where := func() string { return el + "/setu:output" }
			r.Output = &Output{
				Ref: attr(c, "ref"), Kind: attr(c, "kind"), IPHolder: attr(c, "ip-holder"), Licence: attr(c, "licence"),
				LicensedHome: d.boolean(line, attr(c, "licensed-home"), "licensed-home", where),
				ReturnedHome: d.boolean(line, attr(c, "returned-home"), "returned-home", where),
			}
			return d.t.skip()
		case c.Name.Space != "":
			return d.foreign(c, &r.Extra)
		}
		switch c.Name.Local {
		case "title":
			return d.narratives(&r.Title)
		case "description":
			return d.narratives(&r.Description)
		case "document-link":
			dl, err := d.documentLink(c, indexed(el+"/document-link", len(r.DocumentLinks)))
			r.DocumentLinks = append(r.DocumentLinks, dl)
			return err
		case "indicator":
			in, err := d.indicator(c, indexed(el+"/indicator", len(r.Indicators)))
			r.Indicators = append(r.Indicators, in)
			return err
		}
		return d.t.skip()
	})
	return r, err
}

func (d *decoder) indicator(s xml.StartElement, el string) (Indicator, error) {
	in := Indicator{Measure: attr(s, "measure")}
	err := d.children(func(c xml.StartElement, _ int) error {
		if c.Name.Space != "" {
			return d.t.skip()
		}
		switch c.Name.Local {
		case "title":
			return d.narratives(&in.Title)
		case "description":
			return d.narratives(&in.Description)
		case "period":
			per, err := d.period(indexed(el+"/period", len(in.Periods)))
			in.Periods = append(in.Periods, per)
			return err
		}
		return d.t.skip()
	})
	return in, err
}

// period decodes a result indicator's period, keeping the first target and
// the first actual value.
func (d *decoder) period(el string) (Period, error) {
	var per Period
	var target, actual bool
	err := d.children(func(c xml.StartElement, line int) error {
		if c.Name.Space != "" {
			return d.t.skip()
		}
		switch c.Name.Local {
		case "period-start":
			per.Start = d.date(line, attr(c, "iso-date"), "iso-date", func() string { return el + "/period-start" })
		case "period-end":
			per.End = d.date(line, attr(c, "iso-date"), "iso-date", func() string { return el + "/period-end" })
		case "target":
			if !target {
				per.Target, target = attr(c, "value"), true
			}
		case "actual":
			if !actual {
				per.Actual, actual = attr(c, "value"), true
			}
		}
		return d.t.skip()
	})
	return per, err
}

// milestone decodes a <setu:milestone>, the i-th of the activity.
func (d *decoder) milestone(s xml.StartElement, line, i int) Milestone {
	el := func() string { return indexed("setu:milestone", i) }
	return Milestone{
		Ref:       attr(s, "ref"),
		Title:     attr(s, "title"),
		Due:       d.date(line, attr(s, "due"), "due", el),
		Completed: d.date(line, attr(s, "completed"), "completed", el),
		Evidence:  attr(s, "evidence"),
	}
}

// value decodes a <value>.
func (d *decoder) value(s xml.StartElement, line int, el func() string) (Value, error) {
	v := Value{Currency: attr(s, "currency"), Date: d.date(line, attr(s, "value-date"), "value-date", el)}
	var err error
	v.Amount, err = d.chardata()
	return v, err
}

// children calls fn for each child element of the element just started,
// with the line of the child's start tag, up to the element's end. fn must
// consume the child.
func (d *decoder) children(fn func(s xml.StartElement, line int) error) error {
	depth := d.t.depth()
	for {
		line := d.t.line()
		tok, err := d.t.next()
		if err != nil {
			return err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if err := fn(e, line); err != nil {
				return err
			}
		case xml.EndElement:
			if d.t.depth() < depth {
				return nil
			}
		}
	}
}

// chardata returns the character data directly inside the element just
// started, without surrounding white space, skipping child elements.
func (d *decoder) chardata() (string, error) {
	depth := d.t.depth()
	d.text = d.text[:0]
	for {
		tok, err := d.t.next()
		if err != nil {
			return "", err
		}
		switch e := tok.(type) {
		case xml.CharData:
			if d.t.depth() == depth {
				d.text = append(d.text, e...)
			}
		case xml.EndElement:
			if d.t.depth() < depth {
				return string(trimBytes(d.text)), nil
			}
		}
	}
}

// narratives appends the <narrative> children of the element just started
// to dst.
func (d *decoder) narratives(dst *[]Narrative) error {
	return d.children(func(s xml.StartElement, _ int) error {
		if s.Name.Space != "" || s.Name.Local != "narrative" {
			return d.t.skip()
		}
		n := Narrative{Lang: xmlLang(s)}
		var err error
		n.Text, err = d.chardata()
		*dst = append(*dst, n)
		return err
	})
}

// date parses the value s of el()/@attr on line, reporting a malformed one.
func (d *decoder) date(line int, s, attr string, el func() string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, ok := parseDate(s)
	if !ok {
		d.fl.bad(line, el(), attr, s, "a date (YYYY-MM-DD)")
	}
	return t
}

// boolean parses an xsd:boolean, el()/@attr on line; "" is false.
func (d *decoder) boolean(line int, s, attr string, el func() string) bool {
	switch s {
	case "true", "1":
		return true
	case "false", "0", "":
		return false
	}
	d.fl.bad(line, el(), attr, s, "true or false")
	return false
}

// dateTime parses the activity's last-updated-datetime.
func (d *decoder) dateTime(line int, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, ok := parseDateTime(s)
	if !ok {
		d.fl.bad(line, "iati-activity", "last-updated-datetime", s, "a date and time (YYYY-MM-DDThh:mm:ssZ)")
	}
	return t
}

// hierarchy parses the activity's hierarchy.
func (d *decoder) hierarchy(line int, s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 0 {
		d.fl.bad(line, "iati-activity", "hierarchy", s, "a whole number")
		return 0
	}
	return int(n)
}

// attr returns the trimmed value of the attribute name in no namespace.
func attr(s xml.StartElement, name string) string {
	for _, a := range s.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return trim(a.Value)
		}
	}
	return ""
}

// xmlLang returns the trimmed xml:lang attribute.
func xmlLang(s xml.StartElement) string { return attrNS(s, xmlNamespace, "lang") }

// attrNS returns the trimmed value of the attribute name in namespace ns.
func attrNS(s xml.StartElement, ns, name string) string {
	for _, a := range s.Attr {
		if a.Name.Local == name && a.Name.Space == ns {
			return trim(a.Value)
		}
	}
	return ""
}
