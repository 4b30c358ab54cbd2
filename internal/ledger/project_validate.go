package ledger

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// iatiOrgRe is the form of an IATI organisation identifier: a registration
// agency prefix that starts with two letters, then the organisation's id in
// that register, joined by hyphens. IATI forbids whitespace and / & | ? in
// identifiers.
var (
	iatiOrgRe = regexp.MustCompile(`^[A-Za-z]{2}-[^\s/&|?]+$`)
	iatiBadRe = regexp.MustCompile(`[\s/&|?]`)
)

// maxIATILen bounds the length of IATI identifiers.
const maxIATILen = 250

// Validate returns an errs.Invalid error naming every field of p that is
// wrong. Besides the form of each field it checks that the dates agree with
// the status: a project that has started (status 2, 3, 4 or 6) has an
// actual start; a completed one (3 or 4) has an actual end; only completed
// or cancelled projects have an actual end; a pipeline project has no
// actual start. Whether commitments, the parent and the participants'
// organisations exist is checked by Ledger.Validate and the store.
func (p *Project) Validate(v registry.Vocabulary) error {
	var pr errs.Problems
	switch {
	case p.ReportingOrg == "":
		pr.Add("reporting_org", "is required")
	case !iatiOrgRe.MatchString(p.ReportingOrg) || len(p.ReportingOrg) > maxIATILen:
		pr.Add("reporting_org", "%q is not an IATI organisation identifier (e.g. XM-DAC-41114)", p.ReportingOrg)
	}
	checkIATIActivity(&pr, "id", p.ID, true)
	if p.ReportingOrg != "" && p.ID != "" && !strings.HasPrefix(p.ID, p.ReportingOrg+"-") {
		pr.Add("id", "%q must start with the reporting organisation's identifier and a hyphen (%s-...)", p.ID, p.ReportingOrg)
	} else if p.ID == p.ReportingOrg+"-" {
		pr.Add("id", "needs the activity's own id after %q", p.ReportingOrg+"-")
	}
	checkText(&pr, "title", p.Title, MaxTitleLen, true)
	checkText(&pr, "description", p.Description, MaxTextLen, false)
	p.checkParticipants(&pr)
	checkCountries(&pr, "countries", p.Countries)
	checkLayers(&pr, "layers", p.Layers)
	checkDomains(&pr, "domains", p.Domains, v)
	p.checkDates(&pr)
	p.checkMoney(&pr)
	checkLen(&pr, "commitments", len(p.Commitments))
	seen := map[string]bool{}
	for i, id := range p.Commitments {
		f := fmt.Sprintf("commitments[%d]", i)
		checkSlug(&pr, f, id)
		if seen[id] {
			pr.Add(f, "%q is listed twice", id)
		}
		seen[id] = true
	}
	if p.ParentID != "" {
		checkIATIActivity(&pr, "parent_id", p.ParentID, false)
		if p.ParentID == p.ID {
			pr.Add("parent_id", "a project cannot be its own parent")
		}
	}
	checkText(&pr, "provenance.source", p.Provenance.Source, MaxTitleLen, false)
	checkLicence(&pr, "provenance.licence", p.Provenance.Licence)
	return pr.Err("validate project")
}

func checkIATIActivity(p *errs.Problems, field, id string, required bool) {
	switch {
	case id == "":
		if required {
			p.Add(field, "is required")
		}
	case len(id) > maxIATILen:
		p.Add(field, "is longer than %d characters", maxIATILen)
	case iatiBadRe.MatchString(id):
		p.Add(field, "%q contains whitespace or one of / & | ?, which IATI identifiers may not", id)
	}
}

func (p *Project) checkParticipants(pr *errs.Problems) {
	if len(p.Participants) > MaxRecordList {
		pr.Add("participants", "has %d entries; at most %d are allowed", len(p.Participants), MaxRecordList)
	}
	homes := 0
	seen := map[Participant]bool{}
	for i, pt := range p.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		checkOrgID(pr, f+".org_id", pt.OrgID)
		if !pt.Role.Valid() {
			pr.Add(f+".role", "%d is not an IATI organisation role (1 funding, 2 accountable, 3 extending, 4 implementing)", pt.Role)
		}
		if pt.Home {
			homes++
			if homes == 2 {
				pr.Add(f+".home", "only one participant can be the home participant")
			}
		}
		key := Participant{OrgID: pt.OrgID, Role: pt.Role}
		if seen[key] {
			pr.Add(f, "%s is listed twice in role %d", pt.OrgID, pt.Role)
		}
		seen[key] = true
	}
}

func (p *Project) checkDates(pr *errs.Problems) {
	if !p.Status.Valid() {
		pr.Add("status", "%d is not an IATI activity status (1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended)", p.Status)
	}
	checkDay(pr, "planned_start", p.PlannedStart, false)
	checkDay(pr, "planned_end", p.PlannedEnd, false)
	checkDay(pr, "actual_start", p.ActualStart, p.Status.Started())
	checkDay(pr, "actual_end", p.ActualEnd, p.Status.Completed())
	checkOrder(pr, "planned_end", p.PlannedStart, p.PlannedEnd)
	checkOrder(pr, "actual_end", p.ActualStart, p.ActualEnd)
	if p.Status == StatusPipeline && !p.ActualStart.IsZero() {
		pr.Add("actual_start", "is set, but a pipeline project has not started; change the status to 2 (implementation)")
	}
	if !p.ActualEnd.IsZero() && !p.Status.Completed() && p.Status != StatusCancelled && p.Status.Valid() {
		pr.Add("actual_end", "is set, but the status %d (%s) says the project has not ended", p.Status, p.Status)
	}
}

func (p *Project) checkMoney(pr *errs.Problems) {
	if len(p.Budgets) > MaxRecordList {
		pr.Add("budgets", "has %d entries; at most %d are allowed", len(p.Budgets), MaxRecordList)
	}
	for i, b := range p.Budgets {
		f := fmt.Sprintf("budgets[%d]", i)
		checkDay(pr, f+".period_start", b.PeriodStart, true)
		checkDay(pr, f+".period_end", b.PeriodEnd, true)
		checkOrder(pr, f+".period_end", b.PeriodStart, b.PeriodEnd)
		checkMoney(pr, f, b.Value, b.Currency, false)
		for j, o := range p.Budgets[:i] {
			if o.Currency == b.Currency && !b.PeriodStart.After(o.PeriodEnd) && !o.PeriodStart.After(b.PeriodEnd) {
				pr.Add(f+".period_start", "the period overlaps budgets[%d] in %s; give one budget per period", j, b.Currency)
				break
			}
		}
	}
	if len(p.Transactions) > MaxRecordList {
		pr.Add("transactions", "has %d entries; at most %d are allowed", len(p.Transactions), MaxRecordList)
	}
	for i, t := range p.Transactions {
		f := fmt.Sprintf("transactions[%d]", i)
		if !t.Type.Valid() {
			pr.Add(f+".type", "%d is not an IATI transaction type (1-13)", t.Type)
		}
		checkDay(pr, f+".date", t.Date, true)
		checkMoney(pr, f, t.Value, t.Currency, true)
	}
}
