package iati

import (
	"bufio"
	"encoding/xml"
	"strconv"
	"unicode/utf8"
)

// encoder writes the elements of an activity in the order that the 2.03
// schema's sequences require, indented by one space per level.
type encoder struct {
	w     *bufio.Writer
	depth int
	err   error
}

// activity writes <iati-activity>. The order of its children follows the
// xsd:sequence of iati-activity in iati-activities-schema.xsd; the elements
// the model leaves out would sit between them.
func (e *encoder) activity(a *Activity) {
	e.depth = 1
	e.indent()
	e.w.WriteString("<iati-activity")
	e.attr("xml:lang", a.Lang)
	e.attr("default-currency", a.DefaultCurrency)
	if !a.LastUpdated.IsZero() {
		e.attr("last-updated-datetime", formatDateTime(a.LastUpdated))
	}
	if a.Hierarchy != 0 {
		e.attr("hierarchy", strconv.Itoa(a.Hierarchy))
	}
	var scope nsScope
	e.foreignAttrs(a.ExtraAttrs, &scope)
	e.w.WriteString(">\n")
	e.depth++

	e.textElement("iati-identifier", a.Identifier)
	e.open("reporting-org", "ref", a.ReportingOrg.Ref, "type", a.ReportingOrg.Type)
	e.narratives(a.ReportingOrg.Names)
	e.close("reporting-org")
	e.textBlock("title", a.Title)
	for _, d := range a.Descriptions {
		e.textBlock("description", d.Narratives, "type", d.Type)
	}
	for _, o := range a.ParticipatingOrgs {
		home := ""
		if o.Home {
			home = "true"
		}
		e.textBlock("participating-org", o.Names, "ref", o.Ref, "role", o.Role, "type", o.Type,
			"activity-id", o.ActivityID, "setu:home", home)
	}
	e.empty("activity-status", "code", a.Status)
	for _, d := range a.Dates {
		e.textBlock("activity-date", d.Narratives, "type", d.Type, "iso-date", formatDate(d.Date))
	}
	for _, c := range a.Countries {
		e.empty("recipient-country", "code", c.Code, "percentage", c.Percentage)
	}
	for _, r := range a.Regions {
		e.empty("recipient-region", "code", r.Code, "vocabulary", r.Vocabulary,
			"vocabulary-uri", r.VocabularyURI, "percentage", r.Percentage)
	}
	for _, s := range a.Sectors {
		e.textBlock("sector", s.Narratives, "vocabulary", s.Vocabulary, "vocabulary-uri", s.VocabularyURI,
			"code", s.Code, "percentage", s.Percentage)
	}
	for _, b := range a.Budgets {
		e.open("budget", "type", b.Type, "status", b.Status)
		e.empty("period-start", "iso-date", formatDate(b.Start))
		e.empty("period-end", "iso-date", formatDate(b.End))
		e.value(b.Value)
		e.close("budget")
	}
	for _, t := range a.Transactions {
		e.transaction(&t)
	}
	for _, d := range a.DocumentLinks {
		e.documentLink(&d)
	}
	for _, r := range a.RelatedActivities {
		e.empty("related-activity", "ref", r.Ref, "type", r.Type)
	}
	for _, r := range a.Results {
		e.result(&r)
	}
	for _, c := range a.Commitments {
		e.empty("setu:commitment", "ref", c.Ref, "framework", c.Framework)
	}
	for _, m := range a.Milestones {
		e.empty("setu:milestone", "ref", m.Ref, "title", m.Title, "due", optionalDate(m.Due),
			"completed", optionalDate(m.Completed), "evidence", m.Evidence)
	}
	for _, x := range a.Extra {
		e.element(&x, scope)
	}
	e.close("iati-activity")
}

func (e *encoder) transaction(t *Transaction) {
	e.open("transaction", "ref", t.Ref)
	e.empty("transaction-type", "code", t.Type)
	e.empty("transaction-date", "iso-date", formatDate(t.Date))
	e.value(t.Value)
	if len(t.Description) > 0 {
		e.textBlock("description", t.Description)
	}
	if o := t.Provider; o != nil {
		e.textBlock("provider-org", o.Names, "ref", o.Ref, "provider-activity-id", o.ActivityID, "type", o.Type)
	}
	if o := t.Receiver; o != nil {
		e.textBlock("receiver-org", o.Names, "ref", o.Ref, "receiver-activity-id", o.ActivityID, "type", o.Type)
	}
	e.close("transaction")
}

func (e *encoder) documentLink(d *DocumentLink) {
	e.open("document-link", "url", d.URL, "format", d.Format)
	e.textBlock("title", d.Title)
	if len(d.Description) > 0 {
		e.textBlock("description", d.Description)
	}
	for _, c := range d.Categories {
		e.empty("category", "code", c)
	}
	for _, l := range d.Languages {
		e.empty("language", "code", l)
	}
	if !d.Date.IsZero() {
		e.empty("document-date", "iso-date", formatDate(d.Date))
	}
	e.close("document-link")
}

func (e *encoder) result(r *Result) {
	e.open("result", "type", r.Type)
	e.textBlock("title", r.Title)
	if len(r.Description) > 0 {
		e.textBlock("description", r.Description)
	}
	for _, d := range r.DocumentLinks {
		e.documentLink(&d)
	}
	for _, in := range r.Indicators {
		e.open("indicator", "measure", in.Measure)
		e.textBlock("title", in.Title)
		if len(in.Description) > 0 {
			e.textBlock("description", in.Description)
		}
		for _, p := range in.Periods {
			e.open("period")
			e.empty("period-start", "iso-date", formatDate(p.Start))
			e.empty("period-end", "iso-date", formatDate(p.End))
			if p.Target != "" {
				e.empty("target", "value", p.Target)
			}
			if p.Actual != "" {
				e.empty("actual", "value", p.Actual)
			}
			e.close("period")
		}
		e.close("indicator")
	}
	if o := r.Output; o != nil {
		e.empty("setu:output", "ref", o.Ref, "kind", o.Kind, "ip-holder", o.IPHolder, "licence", o.Licence,
			"licensed-home", strconv.FormatBool(o.LicensedHome), "returned-home", strconv.FormatBool(o.ReturnedHome))
	}
	for _, x := range r.Extra {
		e.element(&x, nsScope{})
	}
	e.close("result")
}

// value writes <value currency value-date>amount</value>.
func (e *encoder) value(v Value) {
	e.indent()
	e.w.WriteString("<value")
	e.attr("currency", v.Currency)
	e.attr("value-date", formatDate(v.Date))
	e.w.WriteByte('>')
	e.escape(v.Amount, false)
	e.w.WriteString("</value>\n")
}

// textBlock writes an element holding narratives, with the given
// attributes (name, value pairs; empty values are left out).
func (e *encoder) textBlock(name string, ns []Narrative, attrs ...string) {
	if len(ns) == 0 {
		e.empty(name, attrs...)
		return
	}
	e.open(name, attrs...)
	e.narratives(ns)
	e.close(name)
}

func (e *encoder) narratives(ns []Narrative) {
	for _, n := range ns {
		e.indent()
		e.w.WriteString("<narrative")
		e.attr("xml:lang", n.Lang)
		e.w.WriteByte('>')
		e.escape(n.Text, false)
		e.w.WriteString("</narrative>\n")
	}
}

// textElement writes <name>text</name>.
func (e *encoder) textElement(name, text string) {
	e.indent()
	e.w.WriteString("<" + name + ">")
	e.escape(text, false)
	e.w.WriteString("</" + name + ">\n")
}

// open writes a start tag on a line of its own and indents what follows.
func (e *encoder) open(name string, attrs ...string) {
	e.startTag(name, attrs)
	e.w.WriteString(">\n")
	e.depth++
}

// close writes an end tag.
func (e *encoder) close(name string) {
	e.depth--
	e.indent()
	e.w.WriteString("</" + name + ">\n")
}

// empty writes an empty element.
func (e *encoder) empty(name string, attrs ...string) {
	e.startTag(name, attrs)
	e.w.WriteString("/>\n")
}

func (e *encoder) startTag(name string, attrs []string) {
	e.indent()
	e.w.WriteByte('<')
	e.w.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		e.attr(attrs[i], attrs[i+1])
	}
}

// attr writes name="value", or nothing if value is empty.
func (e *encoder) attr(name, value string) {
	if value == "" {
		return
	}
	e.w.WriteByte(' ')
	e.w.WriteString(name)
	e.w.WriteString(`="`)
	e.escape(value, true)
	e.w.WriteByte('"')
}

func (e *encoder) indent() {
	for range e.depth {
		e.w.WriteByte(' ')
	}
}

// escape writes s as XML character data, or as an attribute value if attr
// is true, so that reading it back gives s: white space that attribute
// normalisation or line-end handling would change is written as character
// references. Characters that XML cannot hold are written as U+FFFD.
func (e *encoder) escape(s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' {
			i++
			continue
		}
		r, width := rune(c), 1
		if c >= utf8.RuneSelf {
			r, width = utf8.DecodeRuneInString(s[i:])
		}
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '"':
			esc = "&quot;"
		case r == '\r':
			esc = "&#xD;"
		case r == '\n' && attr:
			esc = "&#xA;"
		case r == '\t' && attr:
			esc = "&#x9;"
		case r == '\n', r == '\t':
			i += width
			continue
		case r == utf8.RuneError && width == 1, !isXMLChar(r):
			esc = "\uFFFD"
		default:
			i += width
			continue
		}
		e.w.WriteString(s[last:i])
		e.w.WriteString(esc)
		i += width
		last = i
	}
	e.w.WriteString(s[last:])
}

// isXMLChar reports whether XML 1.0 allows r in a document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// nsScope lists the namespace prefixes declared by the elements being
// written, for foreign elements and attributes.
type nsScope []struct{ uri, prefix string }

// prefix returns the prefix for uri and whether it still has to be
// declared, adding it to the scope if so.
func (s *nsScope) prefix(uri string) (string, bool) {
	switch uri {
	case Namespace:
		return "setu", false
	case xmlNamespace:
		return "xml", false
	}
	for _, d := range *s {
		if d.uri == uri {
			return d.prefix, false
		}
	}
	p := "ns" + strconv.Itoa(len(*s)+1)
	*s = append(*s, struct{ uri, prefix string }{uri, p})
	return p, true
}

// foreignAttrs writes attributes from other namespaces, declaring their
// prefixes.
func (e *encoder) foreignAttrs(attrs []xml.Attr, scope *nsScope) {
	for _, a := range attrs {
		name := a.Name.Local
		if a.Name.Space != "" {
			p, declare := scope.prefix(a.Name.Space)
			if declare {
				e.attr("xmlns:"+p, a.Name.Space)
			}
			name = p + ":" + name
		}
		e.w.WriteByte(' ')
		e.w.WriteString(name)
		e.w.WriteString(`="`)
		e.escape(a.Value, true)
		e.w.WriteByte('"')
	}
}

// element writes a foreign element and its children; scope holds the
// prefixes its ancestors declared.
func (e *encoder) element(x *Element, scope nsScope) {
	scope = scope[:len(scope):len(scope)] // children's declarations stay theirs
	name := x.Name.Local
	if x.Name.Space != "" {
		p, declare := scope.prefix(x.Name.Space)
		name = p + ":" + name
		e.indent()
		e.w.WriteString("<" + name)
		if declare {
			e.attr("xmlns:"+p, x.Name.Space)
		}
	} else {
		e.indent()
		e.w.WriteString("<" + name)
	}
	e.foreignAttrs(x.Attrs, &scope)
	if x.Text == "" && len(x.Children) == 0 {
		e.w.WriteString("/>\n")
		return
	}
	e.w.WriteByte('>')
	e.escape(x.Text, false)
	if len(x.Children) > 0 {
		e.w.WriteByte('\n')
		e.depth++
		for i := range x.Children {
			e.element(&x.Children[i], scope)
		}
		e.depth--
		e.indent()
	}
	e.w.WriteString("</" + name + ">\n")
}
