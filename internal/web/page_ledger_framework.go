package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
)

// frameworkView is the data of a framework's scorecard: what the
// framework is, its figures, and each commitment with its derived status
// and the projects that serve it.
type frameworkView struct {
	layout
	F           ledger.Framework
	KindLabel   string
	Parties     []partyLink
	Implements  []partyLink // the frameworks this one implements
	AsOf        string
	Figures     figuresView
	Commitments []commitmentRow
	Overdue     []overdueMilestone
	Vocab       registry.Vocabulary
}

// partyLink is a party (a country, or an organisation linked to its page)
// or another framework.
type partyLink struct{ Label, URL string }

// commitmentRow is one commitment of a scorecard.
type commitmentRow struct {
	ledger.Commitment
	Status      ledger.Status
	StatusLabel string
	Responsible string
	Projects    []projectLink
}

// projectLink is a project named in a list, with its IATI status.
type projectLink struct {
	ID, Title   string
	StatusLabel string
	Sample      bool
}

// overdueMilestone is an open milestone past its due date.
type overdueMilestone struct {
	ledger.Milestone
	ProjectTitle string
}

// frameworkPage serves GET /frameworks/{id}: the framework's scorecard,
// computed by the store's Scorecard as the API's is, and its records.
func (s *Server) frameworkPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, _, err := s.store.LoadLedger(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if len(l.Frameworks) != 1 {
		return errs.E("framework page", errs.NotFound, "no framework %q", r.PathValue("id"))
	}
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	day := today()
	f := l.Frameworks[0]
	sc, err := s.store.Scorecard(ctx, f.ID, day) // as the API's scorecard
	if err != nil {
		return err
	}
	states := map[string]ledger.Status{}
	for _, st := range sc.Commitments {
		states[st.ID] = st.Status
	}
	v := frameworkView{layout: layout{Title: f.Title, Nav: "ledger"}, F: f, KindLabel: frameworkKindLabel(f.Kind),
		AsOf: day.String(), Figures: figuresOf(sc.Frameworks[0].Figures), Vocab: vocab}
	for _, p := range f.Parties {
		v.Parties = append(v.Parties, s.partyLink(ctx, p))
	}
	for _, id := range f.Implements {
		pl := partyLink{Label: id, URL: "/frameworks/" + id}
		if o, err := s.store.Framework(ctx, id); err == nil {
			pl.Label = o.Title
		}
		v.Implements = append(v.Implements, pl)
	}
	byCommitment := map[string][]projectLink{}
	titles := map[string]string{}
	for _, p := range l.Projects {
		titles[p.ID] = p.Title
		for _, c := range p.Commitments {
			byCommitment[c] = append(byCommitment[c], projectLink{ID: p.ID, Title: p.Title, StatusLabel: activityStatusLabel(p.Status), Sample: p.Sample})
		}
	}
	for _, c := range l.Commitments {
		st := states[c.ID]
		row := commitmentRow{Commitment: c, Status: st, StatusLabel: statusLabel(st), Projects: byCommitment[c.ID]}
		if !c.Responsible.IsZero() {
			row.Responsible = s.partyLink(ctx, c.Responsible).Label
		}
		v.Commitments = append(v.Commitments, row)
	}
	for _, m := range l.Milestones {
		if m.Overdue(day) {
			v.Overdue = append(v.Overdue, overdueMilestone{Milestone: m, ProjectTitle: titles[m.ProjectID]})
		}
	}
	slices.SortStableFunc(v.Overdue, func(a, b overdueMilestone) int { return a.Due.Compare(b.Due) })
	return s.render(w, r, http.StatusOK, "framework", &v)
}

// partyLink names a party: a country by name, an organisation by its
// registry name linked to its page (or by its id if it is not found).
func (s *Server) partyLink(ctx context.Context, p ledger.Party) partyLink {
	if p.Country != "" {
		return partyLink{Label: registry.CountryName(p.Country)}
	}
	pl := partyLink{Label: p.OrgID, URL: "/organisations/" + p.OrgID}
	if o, err := s.store.Organisation(ctx, p.OrgID); err == nil {
		pl.Label = o.Name
	}
	return pl
}
