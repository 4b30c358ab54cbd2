package registry

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/errs"
)

// Limits on the size of free-text fields.
const (
	MaxNameLen        = 300
	MaxDescriptionLen = 10000
	MaxCapabilityLen  = 2000
	MaxListLen        = 200
	MaxRelationships  = 5000
)

var (
	langRe   = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	schemeRe = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
	rorRe    = regexp.MustCompile(`^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$`)
	emailRe  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// Normalize trims every text field, removes empty and repeated entries from
// lists and upper-cases the country, so that validation and storage see one
// spelling of the same record.
func (o *Organisation) Normalize() {
	o.Name = strings.TrimSpace(o.Name)
	o.Kind = strings.TrimSpace(o.Kind)
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	o.City = strings.TrimSpace(o.City)
	o.Website = strings.TrimSpace(o.Website)
	o.Description = normalizeNewlines(strings.TrimSpace(o.Description))
	if o.Status == "" {
		o.Status = "active"
	}
	names := o.OtherNames[:0:0]
	for _, n := range o.OtherNames {
		n.Value = strings.TrimSpace(n.Value)
		n.Type = strings.TrimSpace(n.Type)
		n.Lang = strings.TrimSpace(n.Lang)
		if n.Value == "" && n.Type == "" {
			continue
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	o.OtherNames = names
	ids := o.ExternalIDs[:0:0]
	for _, x := range o.ExternalIDs {
		x.Scheme = strings.ToLower(strings.TrimSpace(x.Scheme))
		x.Value = strings.TrimSpace(x.Value)
		if !slices.Contains(ids, x) {
			ids = append(ids, x)
		}
	}
	o.ExternalIDs = ids
	o.Layers = cleanList(o.Layers)
	o.Domains = cleanList(o.Domains)
	caps := o.Capabilities[:0:0]
	for _, c := range o.Capabilities {
		c.Direction = strings.TrimSpace(c.Direction)
		c.Layer = strings.TrimSpace(c.Layer)
		c.Domain = strings.TrimSpace(c.Domain)
		c.Text = normalizeNewlines(strings.TrimSpace(c.Text))
		if !slices.Contains(caps, c) {
			caps = append(caps, c)
		}
	}
	o.Capabilities = caps
	rels := o.Relationships[:0:0]
	for _, r := range o.Relationships {
		r.TargetScheme = strings.ToLower(strings.TrimSpace(r.TargetScheme))
		r.TargetValue = strings.TrimSpace(r.TargetValue)
		r.TargetID, r.TargetName = "", ""
		if !slices.Contains(rels, r) {
			rels = append(rels, r)
		}
	}
	o.Relationships = rels
}

// normalizeNewlines turns CR LF and lone CR into LF, so that text typed in
// a browser (which sends CR LF) is stored, exported and compared as one
// spelling.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

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

// Validate checks an organisation against the vocabulary and returns an
// errs.Invalid error naming every field that is wrong. Call Normalize first.
func (o *Organisation) Validate(v Vocabulary) error {
	var p errs.Problems
	checkText(&p, "name", o.Name, MaxNameLen, true)
	switch {
	case o.Kind == "":
		p.Add("kind", "is required")
	case !v.HasKind(o.Kind):
		p.Add("kind", "%q is not a known kind", o.Kind)
	}
	switch {
	case o.Country == "":
		p.Add("country", "is required")
	case !IsCountry(o.Country):
		p.Add("country", "%q is not an ISO 3166-1 alpha-2 code", o.Country)
	}
	checkText(&p, "city", o.City, MaxNameLen, false)
	if o.Established != 0 && (o.Established < 1000 || o.Established > 2100) {
		p.Add("established", "%d is not a plausible year", o.Established)
	}
	if o.Website != "" {
		checkURL(&p, "website", o.Website)
	}
	checkText(&p, "description", o.Description, MaxDescriptionLen, false)
	if !slices.Contains(Statuses, o.Status) {
		p.Add("status", "%q is not one of %s", o.Status, strings.Join(Statuses, ", "))
	}
	checkLen(&p, "other_names", len(o.OtherNames))
	for i, n := range o.OtherNames {
		f := fmt.Sprintf("other_names[%d]", i)
		checkText(&p, f+".value", n.Value, MaxNameLen, true)
		if n.Type != NameAlias && n.Type != NameAcronym && n.Type != NameLabel {
			p.Add(f+".type", "%q is not one of alias, acronym, label", n.Type)
		}
		if n.Lang != "" && !langRe.MatchString(n.Lang) {
			p.Add(f+".lang", "%q is not a language tag", n.Lang)
		}
	}
	checkLen(&p, "external_ids", len(o.ExternalIDs))
	seen := map[string]bool{}
	for i, x := range o.ExternalIDs {
		f := fmt.Sprintf("external_ids[%d]", i)
		if !schemeRe.MatchString(x.Scheme) {
			p.Add(f+".scheme", "%q is not a scheme name (lower-case letters, digits, hyphens)", x.Scheme)
		}
		checkText(&p, f+".value", x.Value, MaxNameLen, true)
		if x.Scheme == SchemeROR && x.Value != "" && !rorRe.MatchString(x.Value) {
			p.Add(f+".value", "%q is not a ROR id (e.g. 057zh3y96)", x.Value)
		}
		if seen[x.Scheme] {
			p.Add(f+".scheme", "%q is given twice", x.Scheme)
		}
		seen[x.Scheme] = true
	}
	checkLayers(&p, "layers", o.Layers)
	checkDomains(&p, "domains", o.Domains, v)
	checkLen(&p, "capabilities", len(o.Capabilities))
	for i, c := range o.Capabilities {
		f := fmt.Sprintf("capabilities[%d]", i)
		if c.Direction != Offer && c.Direction != Need {
			p.Add(f+".direction", "%q is not offer or need", c.Direction)
		}
		if c.Layer != "" && !IsLayer(c.Layer) {
			p.Add(f+".layer", "%q is not an AI-stack layer", c.Layer)
		}
		if c.Domain != "" && !v.HasDomain(c.Domain) {
			p.Add(f+".domain", "%q is not a known domain", c.Domain)
		}
		checkText(&p, f+".text", c.Text, MaxCapabilityLen, true)
	}
	if len(o.Relationships) > MaxRelationships {
		p.Add("relationships", "has %d entries; at most %d are allowed", len(o.Relationships), MaxRelationships)
	}
	for i, r := range o.Relationships {
		f := fmt.Sprintf("relationships[%d]", i)
		if !slices.Contains(RelationshipTypes, r.Type) {
			p.Add(f+".type", "%q is not one of %s", r.Type, strings.Join(RelationshipTypes, ", "))
		}
		if !schemeRe.MatchString(r.TargetScheme) {
			p.Add(f+".target_scheme", "%q is not a scheme name", r.TargetScheme)
		}
		checkText(&p, f+".target_value", r.TargetValue, MaxNameLen, true)
	}
	checkText(&p, "provenance.source", o.Provenance.Source, MaxNameLen, false)
	checkText(&p, "provenance.licence", o.Provenance.Licence, MaxNameLen, false)
	return p.Err("validate organisation")
}

// Normalize trims every text field and removes repeated list entries.
func (p *Person) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.HomeCountry = strings.ToUpper(strings.TrimSpace(p.HomeCountry))
	p.HomeOrgID = strings.TrimSpace(p.HomeOrgID)
	p.Email = strings.TrimSpace(p.Email)
	p.Skills = cleanList(p.Skills)
	p.Languages = cleanList(p.Languages)
	p.Layers = cleanList(p.Layers)
	p.Domains = cleanList(p.Domains)
}

// Validate checks a person against the vocabulary and returns an
// errs.Invalid error naming every field that is wrong. Whether HomeOrgID
// names a stored organisation is the store's to check.
func (p *Person) Validate(v Vocabulary) error {
	var pr errs.Problems
	checkText(&pr, "name", p.Name, MaxNameLen, true)
	switch {
	case p.HomeCountry == "":
		pr.Add("home_country", "is required")
	case !IsCountry(p.HomeCountry):
		pr.Add("home_country", "%q is not an ISO 3166-1 alpha-2 code", p.HomeCountry)
	}
	if p.Email != "" && (!emailRe.MatchString(p.Email) || len(p.Email) > 254) {
		pr.Add("email", "%q is not an email address", p.Email)
	}
	checkLen(&pr, "skills", len(p.Skills))
	for i, s := range p.Skills {
		checkText(&pr, fmt.Sprintf("skills[%d]", i), s, MaxNameLen, true)
	}
	checkLen(&pr, "languages", len(p.Languages))
	for i, l := range p.Languages {
		if !langRe.MatchString(l) {
			pr.Add(fmt.Sprintf("languages[%d]", i), "%q is not a language tag (e.g. en, ja, hi)", l)
		}
	}
	checkLayers(&pr, "layers", p.Layers)
	checkDomains(&pr, "domains", p.Domains, v)
	return pr.Err("validate person")
}

func checkText(p *errs.Problems, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		p.Add(field, "is required")
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		p.Add(field, "is longer than %d characters", max)
	case strings.ContainsAny(s, "\x00\r\n") && max <= MaxNameLen:
		p.Add(field, "must be one line")
	}
}

func checkLen(p *errs.Problems, field string, n int) {
	if n > MaxListLen {
		p.Add(field, "has %d entries; at most %d are allowed", n, MaxListLen)
	}
}

func checkURL(p *errs.Problems, field, s string) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add(field, "%q is not an http(s) URL", s)
	}
}

func checkLayers(p *errs.Problems, field string, layers []string) {
	for i, l := range layers {
		if !IsLayer(l) {
			p.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not an AI-stack layer (application, model, semiconductor, infrastructure, energy)", l)
		}
	}
}

func checkDomains(p *errs.Problems, field string, domains []string, v Vocabulary) {
	checkLen(p, field, len(domains))
	for i, d := range domains {
		if !v.HasDomain(d) {
			p.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not a known domain", d)
		}
	}
}
