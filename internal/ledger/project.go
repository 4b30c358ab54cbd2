package ledger

import (
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// Project is a cooperation activity that serves one or more commitments,
// described as an IATI activity is: identifier, participating organisations
// and their roles, status, dates, budgets and transactions.
type Project struct {
	// ID is the IATI activity identifier: the reporting organisation's IATI
	// organisation identifier, a hyphen and the reporter's own id for the
	// activity, e.g. "XM-DAC-41114-PROJECT-00123".
	ID string `json:"id"`
	// ReportingOrg is the IATI organisation identifier of the organisation
	// that reports the activity, e.g. "XM-DAC-41114"; ID starts with it.
	ReportingOrg string         `json:"reporting_org"`
	Title        string         `json:"title"`
	Description  string         `json:"description"`
	Participants []Participant  `json:"participants"`
	Countries    []string       `json:"countries"` // ISO 3166-1 alpha-2, where the work happens
	Layers       []string       `json:"layers"`
	Domains      []string       `json:"domains"`
	Status       ActivityStatus `json:"status"`
	PlannedStart Date           `json:"planned_start,omitzero"`
	PlannedEnd   Date           `json:"planned_end,omitzero"`
	ActualStart  Date           `json:"actual_start,omitzero"`
	ActualEnd    Date           `json:"actual_end,omitzero"`
	Budgets      []Budget       `json:"budgets"`
	Transactions []Transaction  `json:"transactions"`
	// Commitments lists the ids of the commitments the project serves. A
	// project may serve several commitments, of one framework or of
	// several, and a commitment may be served by many projects.
	Commitments []string `json:"commitments"`
	// ParentID is the IATI identifier of the project this one is part of.
	// A child does not inherit its parent's commitments.
	ParentID   string              `json:"parent_id,omitempty"`
	Sample     bool                `json:"sample"`
	Provenance registry.Provenance `json:"provenance"`
}

// Participant is an organisation of the registry taking part in a project
// in an IATI role. The home participant is the one whose country's
// ecosystem the project is to strengthen: for a placement of Indian
// engineers in a Japanese lab, the Indian organisation that sends them.
type Participant struct {
	OrgID string `json:"org_id"`
	Role  Role   `json:"role"`
	Home  bool   `json:"home,omitempty"`
}

// Budget is money planned for a period, in one currency.
type Budget struct {
	PeriodStart Date   `json:"period_start"`
	PeriodEnd   Date   `json:"period_end"`
	Value       Amount `json:"value"`
	Currency    string `json:"currency"` // ISO 4217
}

// Transaction is money that moved or was committed on a day.
type Transaction struct {
	Type     TransactionType `json:"type"`
	Date     Date            `json:"date"`
	Value    Amount          `json:"value"` // may be negative, to correct an earlier transaction
	Currency string          `json:"currency"`
}

// HomeOrg returns the id of the home participant, or "" if none is marked.
func (p *Project) HomeOrg() string {
	for _, pt := range p.Participants {
		if pt.Home {
			return pt.OrgID
		}
	}
	return ""
}

// Normalize trims text, upper-cases country and currency codes and drops
// empty and repeated list entries.
func (p *Project) Normalize() {
	p.ID = strings.TrimSpace(p.ID)
	p.ReportingOrg = strings.TrimSpace(p.ReportingOrg)
	p.Title = strings.TrimSpace(p.Title)
	p.Description = strings.TrimSpace(p.Description)
	for i := range p.Participants {
		p.Participants[i].OrgID = strings.TrimSpace(p.Participants[i].OrgID)
	}
	p.Countries = upperList(p.Countries)
	p.Layers = cleanList(p.Layers)
	p.Domains = cleanList(p.Domains)
	for i := range p.Budgets {
		p.Budgets[i].Currency = strings.ToUpper(strings.TrimSpace(p.Budgets[i].Currency))
	}
	for i := range p.Transactions {
		p.Transactions[i].Currency = strings.ToUpper(strings.TrimSpace(p.Transactions[i].Currency))
	}
	p.Commitments = cleanList(p.Commitments)
	p.ParentID = strings.TrimSpace(p.ParentID)
	p.Provenance.Source = strings.TrimSpace(p.Provenance.Source)
	p.Provenance.Licence = strings.TrimSpace(p.Provenance.Licence)
}
