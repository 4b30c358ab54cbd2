package main

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/iati"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
)

// How Setu's projects map to IATI activities (setu export iati and setu
// import iati):
//
//   - participants are participating-org elements; an organisation with a
//     ROR id has the ref XI-ROR-<ror id> (IATI's registration agency for
//     ROR), any other the ref XI-SETU-<setu id>; the home participant has
//     setu:home;
//   - layers and domains are sectors of vocabularies 99 and 98 with
//     Setu's vocabulary URIs;
//   - commitments served and milestones are Setu extension elements;
//   - outputs are results of type 1 (output) with a setu:output; the link
//     is a document link, the people trained an indicator;
//   - what IATI has no place for at all (an output's date and count, the
//     sample flag and the provenance) are elements in ledgerNS.
const (
	layerVocabURI  = "https://setu.example/vocab/ai-stack-layer"
	domainVocabURI = "https://setu.example/vocab/domain"
	ledgerNS       = "https://setu.example/ns/ledger/1"
	rorPrefix      = "XI-ROR-"
	setuOrgPrefix  = "XI-SETU-"
)

// orgRef is the IATI organisation identifier of a registry organisation.
func orgRef(id string) string {
	if rest, ok := strings.CutPrefix(id, "ror-"); ok {
		return rorPrefix + rest
	}
	return setuOrgPrefix + id
}

// orgIDOfRef is the registry id an IATI organisation identifier names, if
// it is one of the two forms orgRef writes.
func orgIDOfRef(ref string) (string, bool) {
	if rest, ok := strings.CutPrefix(ref, rorPrefix); ok && rest != "" {
		return "ror-" + strings.ToLower(rest), true
	}
	if rest, ok := strings.CutPrefix(ref, setuOrgPrefix); ok && rest != "" {
		return rest, true
	}
	return "", false
}

// iatiOrgType maps a registry kind to an IATI OrganisationType code.
func iatiOrgType(kind string) string {
	switch kind {
	case "government":
		return "10"
	case "university", "research-institute":
		return "80"
	case "startup", "company", "industrial-lab", "investor":
		return "70"
	case "non-profit", "tech-hub":
		return "22"
	case "funder":
		return "60"
	}
	return "90"
}

func narr(s string) []iati.Narrative {
	if s == "" {
		return nil
	}
	return []iati.Narrative{{Text: s}}
}

func ledgerElem(local, text string, attrs ...xml.Attr) iati.Element {
	return iati.Element{Name: xml.Name{Space: ledgerNS, Local: local}, Text: text, Attrs: attrs}
}

func attr(name, value string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: value} }

// activityOf maps a project, its milestones and outputs to an IATI
// activity. orgs holds the registry organisations the project names;
// commitmentFramework maps commitment ids to their frameworks.
func activityOf(p *ledger.Project, ms []ledger.Milestone, os []ledger.Output, orgs map[string]*registry.Organisation,
	v registry.Vocabulary, commitmentFramework map[string]string) iati.Activity {
	a := iati.Activity{Identifier: p.ID, Lang: "en", Hierarchy: 1,
		ReportingOrg: iati.ReportingOrg{Ref: p.ReportingOrg, Type: "90", Names: narr("Setu")},
		Title:        narr(p.Title), Status: strconv.Itoa(int(p.Status))}
	if p.ParentID != "" {
		a.Hierarchy = 2
		a.RelatedActivities = append(a.RelatedActivities, iati.RelatedActivity{Ref: p.ParentID, Type: iati.RelatedParent})
	}
	if p.Description != "" {
		a.Descriptions = []iati.Description{{Type: "1", Narratives: narr(p.Description)}}
	}
	for _, pt := range p.Participants {
		po := iati.ParticipatingOrg{Ref: orgRef(pt.OrgID), Role: strconv.Itoa(int(pt.Role)), Home: pt.Home}
		if o := orgs[pt.OrgID]; o != nil {
			po.Type, po.Names = iatiOrgType(o.Kind), narr(o.Name)
		}
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, po)
	}
	for _, d := range []struct {
		typ  string
		date ledger.Date
	}{{iati.DatePlannedStart, p.PlannedStart}, {iati.DateActualStart, p.ActualStart}, {iati.DatePlannedEnd, p.PlannedEnd}, {iati.DateActualEnd, p.ActualEnd}} {
		if !d.date.IsZero() {
			a.Dates = append(a.Dates, iati.ActivityDate{Type: d.typ, Date: d.date.Time()})
		}
	}
	// IATI wants the percentages of several recipient countries, and of
	// several sectors of one vocabulary, to add up to 100; Setu records no
	// split, so it declares an equal one.
	countryShares := equalShares(len(p.Countries))
	for i, c := range p.Countries {
		a.Countries = append(a.Countries, iati.RecipientCountry{Code: c, Percentage: countryShares[i]})
	}
	layerShares := equalShares(len(p.Layers))
	for i, l := range p.Layers {
		a.Sectors = append(a.Sectors, iati.Sector{Vocabulary: iati.VocabularyReportingOrg, VocabularyURI: layerVocabURI, Code: l,
			Percentage: layerShares[i], Narratives: narr(registry.LayerLabel(l))})
	}
	domainShares := equalShares(len(p.Domains))
	for i, d := range p.Domains {
		a.Sectors = append(a.Sectors, iati.Sector{Vocabulary: iati.VocabularyReportingOrg2, VocabularyURI: domainVocabURI, Code: d,
			Percentage: domainShares[i], Narratives: narr(v.DomainLabel(d))})
	}
	for _, b := range p.Budgets {
		a.Budgets = append(a.Budgets, iati.Budget{Type: "1", Status: "1", Start: b.PeriodStart.Time(), End: b.PeriodEnd.Time(),
			Value: iati.Value{Amount: b.Value.String(), Currency: b.Currency, Date: b.PeriodStart.Time()}})
	}
	for _, t := range p.Transactions {
		a.Transactions = append(a.Transactions, iati.Transaction{Type: strconv.Itoa(int(t.Type)), Date: t.Date.Time(),
			Value: iati.Value{Amount: t.Value.String(), Currency: t.Currency, Date: t.Date.Time()}})
	}
	for _, c := range p.Commitments {
		a.Commitments = append(a.Commitments, iati.CommitmentLink{Ref: c, Framework: commitmentFramework[c]})
	}
	for _, m := range ms {
		a.Milestones = append(a.Milestones, iati.Milestone{Ref: m.ID, Title: m.Title, Due: m.Due.Time(), Completed: m.Completed.Time(), Evidence: m.Evidence})
	}
	homeCountry := ""
	if o := orgs[p.HomeOrg()]; o != nil {
		homeCountry = o.Country
	}
	for _, o := range os {
		a.Results = append(a.Results, resultOf(&o, orgs, homeCountry))
	}
	if p.Sample {
		a.Extra = append(a.Extra, ledgerElem("sample", "true"))
	}
	if pv := p.Provenance; pv != (registry.Provenance{}) {
		a.Extra = append(a.Extra, ledgerElem("provenance", "", attr("source", pv.Source), attr("source-id", pv.SourceID),
			attr("release", pv.Release), attr("licence", pv.Licence)))
	}
	return a
}

func resultOf(o *ledger.Output, orgs map[string]*registry.Organisation, homeCountry string) iati.Result {
	r := iati.Result{Type: iati.ResultOutput, Title: narr(o.Title),
		Output: &iati.Output{Ref: o.ID, Kind: o.Kind, Licence: o.Licence, LicensedHome: o.LicensedHome}}
	if o.IPHolder != "" {
		r.Output.IPHolder = orgRef(o.IPHolder)
		holderCountry := ""
		if h := orgs[o.IPHolder]; h != nil {
			holderCountry = h.Country
		}
		r.Output.ReturnedHome = ledger.CarriesIP(o.Kind) && o.ReturnedHome(holderCountry, homeCountry)
	}
	if o.Link != "" {
		r.DocumentLinks = []iati.DocumentLink{{URL: o.Link, Format: "text/html", Title: narr(o.Title), Categories: []string{"A01"}}}
	}
	// The schema wants an indicator per result: the count of what was
	// produced (people, for people trained), on the output's date.
	ind := iati.Indicator{Measure: "1", Title: narr("Outputs produced: " + o.Kind)}
	if !o.Date.IsZero() {
		r.Extra = append(r.Extra, ledgerElem("date", o.Date.String()))
		d := o.Date.Time()
		ind.Periods = []iati.Period{{Start: d, End: d, Actual: strconv.Itoa(max(o.Count, 1))}}
	}
	r.Indicators = []iati.Indicator{ind}
	if o.Count > 0 {
		r.Extra = append(r.Extra, ledgerElem("count", strconv.Itoa(o.Count)))
	}
	return r
}

// dateOf is the ledger date of an IATI date; zero for the zero time.
func dateOf(t time.Time) ledger.Date {
	if t.IsZero() {
		return ledger.Date{}
	}
	return ledger.DateOf(t.UTC())
}

// equalShares splits 100% equally between n elements, as IATI percentages
// with two decimals that add up to exactly 100 (the last takes the
// remainder): none for a single element, which needs no percentage.
func equalShares(n int) []string {
	out := make([]string, n)
	if n < 2 {
		return out
	}
	each := 10000 / n // hundredths of a percent
	for i := range out {
		h := each
		if i == n-1 {
			h = 10000 - each*(n-1)
		}
		out[i] = strconv.Itoa(h/100) + "." + fmt.Sprintf("%02d", h%100)
	}
	return out
}
