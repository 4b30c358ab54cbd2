package store_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestProjectImport writes an import record by record and commits it,
// then checks that a repeated id, stored or written earlier in the same
// import, is a conflict that undoes the whole import.
func TestProjectImport(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ledgerFixture(t, s)
		project := func(id, org string) *ledger.Project {
			return &ledger.Project{ID: id, ReportingOrg: "XI-SETU", Title: "Imported",
				Participants: []ledger.Participant{{OrgID: org, Role: ledger.RoleImplementing, Home: true}, {OrgID: "org-away", Role: ledger.RoleFunding}},
				Countries:    []string{"KR"}, Layers: []string{"model"}, Domains: []string{}, Status: ledger.StatusImplementation,
				ActualStart:  ledger.MakeDate(2026, 2, 1),
				Budgets:      []ledger.Budget{{PeriodStart: ledger.MakeDate(2026, 1, 1), PeriodEnd: ledger.MakeDate(2026, 12, 31), Value: 500000, Currency: "KRW"}},
				Transactions: []ledger.Transaction{{Type: ledger.TxOutgoingCommitment, Date: ledger.MakeDate(2026, 1, 10), Value: 400000, Currency: "KRW"}, {Type: ledger.TxDisbursement, Date: ledger.MakeDate(2026, 2, 10), Value: 100000, Currency: "KRW"}},
				Commitments:  []string{"fw.c1"}}
		}

		im, err := s.BeginProjectImport(ctx, "good.xml")
		if err != nil {
			t.Fatal(err)
		}
		if err := im.AddOrganisation(ctx, &registry.Organisation{ID: "org-new", Name: "New Works", Kind: "other", Country: "KR"}); err != nil {
			t.Fatal(err)
		}
		if err := im.AddProject(ctx, project("XI-SETU-P2", "org-new")); err != nil {
			t.Fatal(err)
		}
		if err := im.AddMilestone(ctx, &ledger.Milestone{ID: "p2-m1", ProjectID: "XI-SETU-P2", Title: "Step", Due: ledger.MakeDate(2026, 9, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := im.AddOutput(ctx, &ledger.Output{ID: "p2-o1", ProjectID: "XI-SETU-P2", Kind: ledger.OutputDataset, Title: "Data", IPHolder: "org-new"}); err != nil {
			t.Fatal(err)
		}
		stats, err := im.Commit(ctx)
		if err != nil || stats.Created != 4 {
			t.Fatalf("commit: got %+v, %v; want 4 created", stats, err)
		}
		p, err := s.Project(ctx, "XI-SETU-P2")
		if err != nil || len(p.Transactions) != 2 || p.Participants[0].OrgID != "org-new" || p.Commitments[0] != "fw.c1" {
			t.Fatalf("imported project: got %+v, %v", p, err)
		}
		if entries, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditImport, EntityID: "good.xml"}); err != nil || len(entries) != 1 {
			t.Errorf("audit entries of the import: got %d (%v), want 1", len(entries), err)
		}

		for _, tc := range []struct {
			name  string
			steps func(im *store.ProjectImport) error
		}{
			{"stored id", func(im *store.ProjectImport) error {
				if err := im.AddProject(ctx, project("XI-SETU-P3", "org-home")); err != nil {
					return err
				}
				return im.AddProject(ctx, project("XI-SETU-P1", "org-home"))
			}},
			{"id of the same import", func(im *store.ProjectImport) error {
				if err := im.AddProject(ctx, project("XI-SETU-P3", "org-home")); err != nil {
					return err
				}
				return im.AddProject(ctx, project("XI-SETU-P3", "org-home"))
			}},
			{"milestone id stored", func(im *store.ProjectImport) error {
				if err := im.AddProject(ctx, project("XI-SETU-P3", "org-home")); err != nil {
					return err
				}
				return im.AddMilestone(ctx, &ledger.Milestone{ID: "p2-m1", ProjectID: "XI-SETU-P3", Title: "Step", Due: ledger.MakeDate(2026, 9, 1)})
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				im, err := s.BeginProjectImport(ctx, "bad.xml")
				if err != nil {
					t.Fatal(err)
				}
				defer im.Rollback()
				if err := tc.steps(im); !errs.Is(err, errs.Conflict) {
					t.Fatalf("got %v, want a conflict", err)
				}
				if _, err := im.Commit(ctx); err == nil {
					t.Errorf("commit after a conflict: got success, want an error")
				}
				if _, err := s.Project(ctx, "XI-SETU-P3"); !errs.Is(err, errs.NotFound) {
					t.Errorf("project written before the conflict: got %v, want not found", err)
				}
			})
		}
	})
}
