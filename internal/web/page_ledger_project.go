package web

import (
	"context"
	"net/http"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// projectView is the data of a project's page.
type projectView struct {
	layout
	P            *ledger.Project
	StatusLabel  string
	Vocab        registry.Vocabulary
	Participants []participantRow
	Budgets      []moneyLine
	Transactions []moneyLine
	Milestones   []milestoneRow
	LateCount    int
	Outputs      []outputRow
	Commitments  []servedCommitment
	Parent       *projectLink
	Children     []projectLink
	History      []historyEntry // the audit trail, for the secretariat only
}

// participantRow is an organisation taking part, with its IATI role.
type participantRow struct {
	OrgID, Name, Country, Role string
	Home                       bool
}

// moneyLine is a budget or a transaction.
type moneyLine struct {
	What, When, Value, Currency string
}

// milestoneRow is a milestone with its lateness on the day of reading.
type milestoneRow struct {
	ledger.Milestone
	Late, Overdue bool
}

// outputRow is an output with its IP holder named and whether its IP
// returned home: "yes", "no", "unknown", or "" when it carries none.
type outputRow struct {
	ledger.Output
	KindLabel    string
	HolderName   string
	ReturnedHome string
}

// servedCommitment is a commitment the project serves, with its
// framework and derived status.
type servedCommitment struct {
	ID, Text, FrameworkID, FrameworkTitle string
	Status                                ledger.Status
	StatusLabel                           string
}

// iatiRoles names the IATI organisation roles.
var iatiRoles = map[ledger.Role]string{
	ledger.RoleFunding: "Funding", ledger.RoleAccountable: "Accountable",
	ledger.RoleExtending: "Extending", ledger.RoleImplementing: "Implementing",
}

// transactionLabels names the IATI transaction types the ledger shows.
var transactionLabels = map[ledger.TransactionType]string{
	ledger.TxIncomingFunds: "Incoming funds", ledger.TxOutgoingCommitment: "Outgoing commitment",
	ledger.TxDisbursement: "Disbursement", ledger.TxExpenditure: "Expenditure",
	ledger.TxInterestPayment: "Interest payment", ledger.TxLoanRepayment: "Loan repayment",
	ledger.TxReimbursement: "Reimbursement", ledger.TxPurchaseOfEquity: "Purchase of equity",
	ledger.TxSaleOfEquity: "Sale of equity", ledger.TxCreditGuarantee: "Credit guarantee",
	ledger.TxIncomingCommitment: "Incoming commitment", ledger.TxOutgoingPledge: "Outgoing pledge",
	ledger.TxIncomingPledge: "Incoming pledge",
}

// projectPage serves GET /projects/{id}.
func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.store.Project(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	day := today()
	v := projectView{layout: layout{Title: p.Title, Nav: "projects"}, P: p, StatusLabel: activityStatusLabel(p.Status), Vocab: vocab}
	countries := map[string]string{} // organisation id -> country
	names := map[string]string{}
	org := func(id string) {
		if _, ok := names[id]; ok || id == "" {
			return
		}
		names[id] = id
		if o, err := s.store.Organisation(ctx, id); err == nil {
			names[id], countries[id] = o.Name, o.Country
		}
	}
	for _, pt := range p.Participants {
		org(pt.OrgID)
		v.Participants = append(v.Participants, participantRow{OrgID: pt.OrgID, Name: names[pt.OrgID],
			Country: countries[pt.OrgID], Role: iatiRoles[pt.Role], Home: pt.Home})
	}
	for _, b := range p.Budgets {
		v.Budgets = append(v.Budgets, moneyLine{What: "Budget", When: b.PeriodStart.String() + " to " + b.PeriodEnd.String(),
			Value: formatAmount(b.Value), Currency: b.Currency})
	}
	for _, t := range p.Transactions {
		v.Transactions = append(v.Transactions, moneyLine{What: transactionLabels[t.Type], When: t.Date.String(),
			Value: formatAmount(t.Value), Currency: t.Currency})
	}
	one := store.LedgerQuery{ProjectID: p.ID, PerPage: store.MaxPerPage}
	ms, _, err := s.store.ListMilestones(ctx, one)
	if err != nil {
		return err
	}
	for _, m := range ms {
		row := milestoneRow{Milestone: m, Late: m.Late(day), Overdue: m.Overdue(day)}
		if row.Late {
			v.LateCount++
		}
		v.Milestones = append(v.Milestones, row)
	}
	outs, _, err := s.store.ListOutputs(ctx, one)
	if err != nil {
		return err
	}
	home := ""
	if h := p.HomeOrg(); h != "" {
		org(h)
		home = countries[h]
	}
	for _, o := range outs {
		org(o.IPHolder)
		row := outputRow{Output: o, KindLabel: outputKindLabel(o.Kind), HolderName: names[o.IPHolder]}
		holder := countries[o.IPHolder]
		switch {
		case !ledger.CarriesIP(o.Kind):
		case o.ReturnedHome(holder, home):
			row.ReturnedHome = "yes"
		case holder == "" || home == "":
			row.ReturnedHome = "unknown"
		default:
			row.ReturnedHome = "no"
		}
		v.Outputs = append(v.Outputs, row)
	}
	if v.Commitments, err = s.servedCommitments(ctx, p.Commitments, day); err != nil {
		return err
	}
	if p.ParentID != "" {
		v.Parent = &projectLink{ID: p.ParentID, Title: p.ParentID}
		if pp, err := s.store.Project(ctx, p.ParentID); err == nil {
			v.Parent.Title, v.Parent.StatusLabel, v.Parent.Sample = pp.Title, activityStatusLabel(pp.Status), pp.Sample
		}
	}
	children, err := s.store.ProjectChildren(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range children {
		v.Children = append(v.Children, projectLink{ID: c.ID, Title: c.Title, StatusLabel: activityStatusLabel(c.Status), Sample: c.Sample})
	}
	if v.History, err = s.ledgerHistory(r, store.AuditProject, p.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "project", &v)
}

// servedCommitments describes the commitments with ids, with their
// statuses derived from each framework's scorecard (the store's, as the
// API's).
func (s *Server) servedCommitments(ctx context.Context, ids []string, day ledger.Date) ([]servedCommitment, error) {
	var out []servedCommitment
	states := map[string]ledger.Status{}
	titles := map[string]string{}
	for _, id := range ids {
		c, err := s.store.Commitment(ctx, id)
		if err != nil {
			return nil, err
		}
		if _, ok := titles[c.FrameworkID]; !ok {
			f, err := s.store.Framework(ctx, c.FrameworkID)
			if err != nil {
				return nil, err
			}
			sc, err := s.store.Scorecard(ctx, c.FrameworkID, day)
			if err != nil {
				return nil, err
			}
			titles[c.FrameworkID] = f.Title
			for _, st := range sc.Commitments {
				states[st.ID] = st.Status
			}
		}
		st := states[c.ID]
		out = append(out, servedCommitment{ID: c.ID, Text: c.Text, FrameworkID: c.FrameworkID,
			FrameworkTitle: titles[c.FrameworkID], Status: st, StatusLabel: statusLabel(st)})
	}
	return out, nil
}

// ledgerHistory returns the audit trail of a ledger record, newest first,
// if the principal of r is the secretariat, and nil for anyone else.
func (s *Server) ledgerHistory(r *http.Request, entityType, id string) ([]historyEntry, error) {
	if auth.FromContext(r.Context()).Role != auth.Secretariat {
		return nil, nil
	}
	entries, err := s.store.AuditLog(r.Context(), store.AuditQuery{EntityType: entityType, EntityID: id})
	if err != nil {
		return nil, err
	}
	h := make([]historyEntry, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		he := historyEntry{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action}
		for _, c := range store.DiffAudit(e) {
			if c.Field != "updated_at" && c.Field != "created_at" {
				he.Changes = append(he.Changes, c)
			}
		}
		h = append(h, he)
	}
	return h, nil
}
