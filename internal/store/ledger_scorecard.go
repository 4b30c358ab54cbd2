package store

import (
	"context"
	"slices"
	"sync"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
)

// ledgerCache keeps the records of the whole ledger that the figures need
// (scorecardRecords) while nothing is written, so that the figures of the ledger and of
// each framework are computed from the records (on the day they are asked
// for) without reading 100,000 projects again. Its generation is the audit
// trail's head, as for sovereigntyCache: every write appends to the audit
// trail, so the head moves whenever the records may have changed. The
// head is read before the records, so an entry is never older than its
// generation says; at worst it is newer, and is read again once.
// The cached records are shared: nothing may change them.
type ledgerCache struct {
	mu        sync.Mutex
	gen       int64
	l         *ledger.Ledger
	countries map[string]string
}

// ScorecardQuery selects the records of a scorecard: those of one
// framework (FrameworkID) or of the whole ledger (""), and with Sample
// set, only the sample projects (true) or only the others (false).
type ScorecardQuery struct {
	FrameworkID string
	Sample      *bool
}

// Scorecard computes the figures of one framework (frameworkID) or of the
// whole ledger ("") on day today.
func (s *Store) Scorecard(ctx context.Context, frameworkID string, today ledger.Date) (*ledger.Scorecard, error) {
	return s.LedgerScorecard(ctx, ScorecardQuery{FrameworkID: frameworkID}, today)
}

// LedgerScorecard computes the figures of the records q selects on day
// today, with ledger.Scorecard, from the ledger's records as last read
// if nothing has been written since.
func (s *Store) LedgerScorecard(ctx context.Context, q ScorecardQuery, today ledger.Date) (*ledger.Scorecard, error) {
	l, countries, err := s.cachedLedger(ctx)
	if err != nil {
		return nil, err
	}
	if q.FrameworkID != "" {
		if l = frameworkLedger(l, q.FrameworkID); l == nil {
			return nil, errs.Wrap("scorecard", notFound("framework", q.FrameworkID))
		}
	}
	if q.Sample != nil {
		l = sampleLedger(l, *q.Sample)
	}
	return l.Scorecard(today, countries), nil
}

// cachedLedger returns the records of the whole ledger, read now or kept
// since the last read if nothing was written in between.
func (s *Store) cachedLedger(ctx context.Context) (*ledger.Ledger, map[string]string, error) {
	gen, err := s.generation(ctx, s.db)
	if err != nil {
		return nil, nil, err
	}
	c := &s.ledger
	c.mu.Lock()
	defer c.mu.Unlock() // one read at a time: the others wait for it rather than read too
	if c.l != nil && c.gen == gen {
		return c.l, c.countries, nil
	}
	l, countries, err := s.scorecardRecords(ctx)
	if err != nil {
		return nil, nil, err
	}
	c.gen, c.l, c.countries = gen, l, countries
	return l, countries, nil
}

// frameworkLedger returns the records of framework id in l, as
// LoadLedger(id) reads them: the framework, its commitments, the projects
// that serve one of them and their milestones and outputs; nil if l has
// no such framework. l is not changed.
func frameworkLedger(l *ledger.Ledger, id string) *ledger.Ledger {
	i := slices.IndexFunc(l.Frameworks, func(f ledger.Framework) bool { return f.ID == id })
	if i < 0 {
		return nil
	}
	out := &ledger.Ledger{Frameworks: l.Frameworks[i : i+1]}
	mine := map[string]bool{}
	for _, c := range l.Commitments {
		if c.FrameworkID == id {
			out.Commitments = append(out.Commitments, c)
			mine[c.ID] = true
		}
	}
	return withProjects(l, out, func(p *ledger.Project) bool {
		return slices.ContainsFunc(p.Commitments, func(c string) bool { return mine[c] })
	})
}

// sampleLedger returns l with only the projects whose sample flag is
// sample, and their milestones and outputs. l is not changed.
func sampleLedger(l *ledger.Ledger, sample bool) *ledger.Ledger {
	out := &ledger.Ledger{Frameworks: l.Frameworks, Commitments: l.Commitments}
	return withProjects(l, out, func(p *ledger.Project) bool { return p.Sample == sample })
}

// withProjects adds to out the projects of l that keep selects, with their
// milestones and outputs, in l's order.
func withProjects(l, out *ledger.Ledger, keep func(*ledger.Project) bool) *ledger.Ledger {
	kept := map[string]bool{}
	for i := range l.Projects {
		if keep(&l.Projects[i]) {
			out.Projects = append(out.Projects, l.Projects[i])
			kept[l.Projects[i].ID] = true
		}
	}
	for _, m := range l.Milestones {
		if kept[m.ProjectID] {
			out.Milestones = append(out.Milestones, m)
		}
	}
	for _, o := range l.Outputs {
		if kept[o.ProjectID] {
			out.Outputs = append(out.Outputs, o)
		}
	}
	return out
}
