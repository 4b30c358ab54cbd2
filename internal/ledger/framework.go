package ledger

import (
	"fmt"
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Framework is an agreement or programme that frames the council's work: a
// joint statement, memorandum, plan of action, dialogue, initiative or
// programme. What it promises is recorded as Commitments.
type Framework struct {
	ID      string  `json:"id"` // a slug, e.g. "jai"
	Title   string  `json:"title"`
	Kind    string  `json:"kind"`
	Parties []Party `json:"parties"`
	// Date is when the framework was signed, launched or held, at the
	// precision the source gives ("2025-08"); zero when the source gives
	// none.
	Date Date `json:"date,omitzero"`
	// PeriodStart and PeriodEnd bound the years a plan covers, when it
	// names them (a 2026-2030 plan of action).
	PeriodStart Date `json:"period_start,omitzero"`
	PeriodEnd   Date `json:"period_end,omitzero"`
	// Implements lists the ids of frameworks this one implements or
	// operationalises, e.g. a dialogue that operationalises an initiative.
	Implements []string `json:"implements,omitempty"`
	Source     Source   `json:"source"`
	Summary    string   `json:"summary"`
}

// The kinds of framework.
const (
	KindJointStatement = "joint-statement"
	KindMemorandum     = "memorandum"
	KindPlanOfAction   = "plan-of-action"
	KindDialogue       = "dialogue"
	KindInitiative     = "initiative"
	KindProgramme      = "programme"
)

// FrameworkKinds lists the kinds of framework, in the order forms show them.
var FrameworkKinds = []string{KindJointStatement, KindMemorandum, KindPlanOfAction, KindDialogue, KindInitiative, KindProgramme}

// Party is a party to a framework or the party responsible for a
// commitment: a country (ISO 3166-1 alpha-2) or an organisation of the
// registry (by id), exactly one of the two.
type Party struct {
	Country string `json:"country,omitempty"`
	OrgID   string `json:"org_id,omitempty"`
}

// IsZero reports whether p names no party.
func (p Party) IsZero() bool { return p.Country == "" && p.OrgID == "" }

// String returns the country code or the organisation id.
func (p Party) String() string { return p.Country + p.OrgID }

func (p *Party) normalize() {
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	p.OrgID = strings.TrimSpace(p.OrgID)
}

func (p Party) check(pr *errs.Problems, field string) {
	switch {
	case p.Country != "" && p.OrgID != "":
		pr.Add(field, "names both a country and an organisation; give one")
	case p.Country != "":
		if !registry.IsCountry(p.Country) {
			pr.Add(field+".country", "%q is not an ISO 3166-1 alpha-2 code", p.Country)
		}
	case p.OrgID != "":
		checkOrgID(pr, field+".org_id", p.OrgID)
	default:
		pr.Add(field, "names neither a country nor an organisation")
	}
}

// Source cites where a record's facts come from.
type Source struct {
	Citation string `json:"citation"`          // e.g. "Opinion article on AI diplomacy in India's Act East Policy (2026)"
	URL      string `json:"url,omitempty"`     // a link, when the source has one
	Locator  string `json:"locator,omitempty"` // where in the source: section, paragraph, page
	Note     string `json:"note,omitempty"`    // what the source does not say, or how it was read
}

func (s Source) check(p *errs.Problems, field string) {
	checkText(p, field+".citation", s.Citation, MaxTitleLen, true)
	checkURL(p, field+".url", s.URL)
	checkText(p, field+".locator", s.Locator, MaxTitleLen, false)
	checkText(p, field+".note", s.Note, MaxTextLen, false)
}

func (s *Source) normalize() {
	s.Citation = strings.TrimSpace(s.Citation)
	s.URL = strings.TrimSpace(s.URL)
	s.Locator = strings.TrimSpace(s.Locator)
	s.Note = strings.TrimSpace(s.Note)
}

// Normalize trims text, upper-cases country codes and drops repeated
// parties, so validation and storage see one spelling of a record.
func (f *Framework) Normalize() {
	f.ID = strings.TrimSpace(f.ID)
	f.Title = strings.TrimSpace(f.Title)
	f.Kind = strings.TrimSpace(f.Kind)
	parties := f.Parties[:0:0]
	for _, p := range f.Parties {
		p.normalize()
		if !slices.Contains(parties, p) {
			parties = append(parties, p)
		}
	}
	f.Parties = parties
	f.Implements = cleanList(f.Implements)
	f.Source.normalize()
	f.Summary = strings.TrimSpace(f.Summary)
}

// Validate returns an errs.Invalid error naming every field of f that is
// wrong. Whether Implements and the parties' organisations exist is checked
// by Ledger.Validate and the store.
func (f *Framework) Validate() error {
	var p errs.Problems
	checkSlug(&p, "id", f.ID)
	checkText(&p, "title", f.Title, MaxTitleLen, true)
	switch {
	case f.Kind == "":
		p.Add("kind", "is required")
	case !slices.Contains(FrameworkKinds, f.Kind):
		p.Add("kind", "%q is not one of %s", f.Kind, strings.Join(FrameworkKinds, ", "))
	}
	switch {
	case len(f.Parties) == 0:
		p.Add("parties", "name at least one party")
	case len(f.Parties) > MaxListLen:
		checkLen(&p, "parties", len(f.Parties))
	}
	for i, pt := range f.Parties {
		pt.check(&p, fmt.Sprintf("parties[%d]", i))
	}
	checkOrder(&p, "period_end", f.PeriodStart, f.PeriodEnd)
	checkLen(&p, "implements", len(f.Implements))
	for i, id := range f.Implements {
		field := fmt.Sprintf("implements[%d]", i)
		checkSlug(&p, field, id)
		if id == f.ID {
			p.Add(field, "a framework cannot implement itself")
		}
	}
	f.Source.check(&p, "source")
	checkText(&p, "summary", f.Summary, MaxTextLen, false)
	return p.Err("validate framework")
}
