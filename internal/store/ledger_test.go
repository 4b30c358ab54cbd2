package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// ledgerFixture stores two organisations, a framework, a commitment, a
// project, a milestone and an output, and returns the project.
func ledgerFixture(t *testing.T, s *store.Store) *ledger.Project {
	t.Helper()
	ctx := context.Background()
	for _, o := range []*registry.Organisation{
		{ID: "org-home", Name: "Home Labs", Kind: "startup", Country: "IN"},
		{ID: "org-away", Name: "Away Works", Kind: "company", Country: "JP"},
	} {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	f := &ledger.Framework{ID: "fw", Title: "A framework", Kind: ledger.KindInitiative,
		Parties: []ledger.Party{{Country: "IN"}, {Country: "JP"}, {OrgID: "org-away"}}, Date: ledger.MakeDate(2025, 8, 1),
		Source: ledger.Source{Citation: "A source"}, Summary: "What it is."}
	if err := s.CreateFramework(ctx, f); err != nil {
		t.Fatal(err)
	}
	c := &ledger.Commitment{ID: "fw.c1", FrameworkID: "fw", Text: "Build things.", Layers: []string{"model"}, Domains: []string{"robotics"},
		Target: mustDate(t, "2030"), Source: ledger.Source{Citation: "A source"}}
	if err := s.CreateCommitment(ctx, c); err != nil {
		t.Fatal(err)
	}
	p := &ledger.Project{ID: "XI-SETU-P1", ReportingOrg: "XI-SETU", Title: "Project one",
		Participants: []ledger.Participant{{OrgID: "org-home", Role: ledger.RoleImplementing, Home: true}, {OrgID: "org-away", Role: ledger.RoleFunding}},
		Countries:    []string{"IN"}, Layers: []string{"model"}, Domains: []string{"robotics"},
		Status: ledger.StatusImplementation, ActualStart: ledger.MakeDate(2026, 1, 5),
		Budgets:      []ledger.Budget{{PeriodStart: ledger.MakeDate(2026, 1, 1), PeriodEnd: ledger.MakeDate(2026, 12, 31), Value: 1250050, Currency: "INR"}},
		Transactions: []ledger.Transaction{{Type: ledger.TxDisbursement, Date: ledger.MakeDate(2026, 2, 1), Value: 50000, Currency: "INR"}},
		Commitments:  []string{"fw.c1"}}
	if err := s.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateMilestone(ctx, &ledger.Milestone{ID: "m1", ProjectID: p.ID, Title: "Step", Due: ledger.MakeDate(2026, 3, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOutput(ctx, &ledger.Output{ID: "o1", ProjectID: p.ID, Kind: ledger.OutputModel, Title: "A model", IPHolder: "org-home"}); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustDate(t *testing.T, s string) ledger.Date {
	t.Helper()
	d, err := ledger.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLedgerRoundTrip(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := ledgerFixture(t, s)
		got, err := s.Project(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Budgets[0].Value != 1250050 || got.Participants[0].Home != true || got.Commitments[0] != "fw.c1" || got.ActualStart != p.ActualStart {
			t.Errorf("project read back: got %+v, want %+v", got, p)
		}
		f, err := s.Framework(ctx, "fw")
		if err != nil || len(f.Parties) != 3 || f.Parties[2].OrgID != "org-away" || f.Date.String() != "2025-08-01" {
			t.Errorf("framework read back: got %+v (%v)", f, err)
		}
		got.Title = "Project one, renamed"
		got.Status = ledger.StatusClosed
		got.ActualEnd = ledger.MakeDate(2026, 6, 30)
		if err := s.UpdateProject(ctx, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.Project(ctx, p.ID); again.Title != got.Title {
			t.Errorf("after update: title %q, want %q", again.Title, got.Title)
		}
		entries, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditProject, EntityID: p.ID})
		if err != nil || len(entries) != 2 {
			t.Errorf("project audit: got %d entries (%v), want create and update", len(entries), err)
		}
	})
}

func TestLedgerChecks(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := ledgerFixture(t, s)
		for _, tc := range []struct {
			name  string
			write func() error
			kind  errs.Kind
			field string
		}{
			{"unknown participant", func() error {
				q := *p
				q.ID, q.Participants = "XI-SETU-P2", []ledger.Participant{{OrgID: "org-nobody", Role: ledger.RoleFunding}}
				return s.CreateProject(ctx, &q)
			}, errs.Invalid, "participants[0].org_id"},
			{"unknown commitment", func() error {
				q := *p
				q.ID, q.Commitments = "XI-SETU-P3", []string{"fw.c9"}
				return s.CreateProject(ctx, &q)
			}, errs.Invalid, "commitments[0]"},
			{"duplicate project", func() error { q := *p; return s.CreateProject(ctx, &q) }, errs.Conflict, "id"},
			{"framework with commitments", func() error { return s.DeleteFramework(ctx, "fw") }, errs.Conflict, ""},
			{"commitment served", func() error { return s.DeleteCommitment(ctx, "fw.c1") }, errs.Conflict, ""},
			{"unknown ip holder", func() error {
				return s.CreateOutput(ctx, &ledger.Output{ID: "o2", ProjectID: p.ID, Kind: ledger.OutputPatent, Title: "P", IPHolder: "org-nobody"})
			}, errs.Invalid, "ip_holder"},
			{"missing project", func() error {
				return s.UpdateMilestone(ctx, &ledger.Milestone{ID: "m9", ProjectID: p.ID, Title: "S", Due: ledger.MakeDate(2026, 1, 1)})
			}, errs.NotFound, ""},
			{"own ancestor", func() error {
				q := *p
				q.ID, q.ParentID = "XI-SETU-P4", p.ID
				if err := s.CreateProject(ctx, &q); err != nil {
					return err
				}
				r, _ := s.Project(ctx, p.ID)
				r.ParentID = "XI-SETU-P4"
				return s.UpdateProject(ctx, r)
			}, errs.Invalid, "parent_id"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.write()
				if !errs.Is(err, tc.kind) {
					t.Fatalf("got %v, want kind %v", err, tc.kind)
				}
				if tc.field != "" && !strings.Contains(err.Error(), tc.field) {
					t.Errorf("got %v, want it to name %s", err, tc.field)
				}
			})
		}
	})
}

func TestLedgerListsAndScorecard(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := ledgerFixture(t, s)
		today := ledger.MakeDate(2026, 11, 27)
		for _, tc := range []struct {
			name string
			q    store.LedgerQuery
			want int
		}{
			{"all", store.LedgerQuery{}, 1},
			{"country", store.LedgerQuery{Country: "IN"}, 1},
			{"other country", store.LedgerQuery{Country: "KR"}, 0},
			{"layer", store.LedgerQuery{Layer: "model"}, 1},
			{"domain", store.LedgerQuery{Domain: "health"}, 0},
			{"status", store.LedgerQuery{Status: "2"}, 1},
			{"framework", store.LedgerQuery{FrameworkID: "fw"}, 1},
			{"page 2", store.LedgerQuery{Page: 2, PerPage: 1}, 1},
		} {
			t.Run("projects "+tc.name, func(t *testing.T) {
				ps, total, err := s.ListProjects(ctx, tc.q)
				if err != nil || total != tc.want {
					t.Errorf("got %d (%v), want %d", total, err, tc.want)
				}
				if tc.q.Page == 2 && len(ps) != 0 {
					t.Errorf("page 2: got %d items, want 0", len(ps))
				}
			})
		}
		cs, total, err := s.ListCommitments(ctx, store.LedgerQuery{Status: string(ledger.InProgress)}, today)
		if err != nil || total != 1 || cs[0].ID != "fw.c1" {
			t.Errorf("in-progress commitments: got %d (%v), want fw.c1", total, err)
		}
		if _, total, _ := s.ListCommitments(ctx, store.LedgerQuery{Status: string(ledger.Delivered)}, today); total != 0 {
			t.Errorf("delivered commitments: got %d, want 0", total)
		}
		ms, total, err := s.ListMilestones(ctx, store.LedgerQuery{FrameworkID: "fw"})
		if err != nil || total != 1 || ms[0].ProjectID != p.ID {
			t.Errorf("milestones: got %d (%v)", total, err)
		}
		sc, err := s.Scorecard(ctx, "fw", today)
		if err != nil {
			t.Fatal(err)
		}
		o := sc.Overall
		if o.Projects != 1 || o.OverdueMilestones != 1 || o.ReturnedHome.N != 1 || o.Conversion.N != 1 || len(o.Money) != 1 || o.Money[0].Disbursed != 50000 {
			t.Errorf("scorecard: got %+v", o)
		}
		if _, err := s.Scorecard(ctx, "nope", today); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown framework: got %v, want not found", err)
		}
	})
}
