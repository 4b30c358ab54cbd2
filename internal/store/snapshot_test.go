package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// versionedOrg is organisation i at version v: its name, city, other
// names and domains all carry v, so a record mixed from two versions
// shows.
func versionedOrg(i, v int) *registry.Organisation {
	tag := fmt.Sprintf("v%d", v)
	domains := []string{"robotics"}
	if v%2 == 1 {
		domains = []string{"green-technology"}
	}
	return &registry.Organisation{ID: fmt.Sprintf("org-snap-%04d", i), Name: fmt.Sprintf("Snapshot Org %d %s", i, tag),
		Kind: "university", Country: "IN", City: "City " + tag, Domains: domains,
		OtherNames: []registry.Name{{Value: "Alias " + tag, Type: "alias"}, {Value: "SO" + tag, Type: "acronym"}}}
}

// orgVersion returns the version o's fields and children come from, or
// an error naming the field that disagrees.
func orgVersion(o *registry.Organisation) (int, error) {
	var v int
	if _, err := fmt.Sscanf(o.City, "City v%d", &v); err != nil {
		return 0, fmt.Errorf("%s: city %q", o.ID, o.City)
	}
	tag := fmt.Sprintf("v%d", v)
	want := versionedOrg(0, v)
	switch {
	case !strings.HasSuffix(o.Name, " "+tag):
		return v, fmt.Errorf("%s: city of %s, name %q", o.ID, tag, o.Name)
	case len(o.OtherNames) != 2 || o.OtherNames[0].Value != want.OtherNames[0].Value || o.OtherNames[1].Value != want.OtherNames[1].Value:
		return v, fmt.Errorf("%s: city of %s, other names %+v", o.ID, tag, o.OtherNames)
	case len(o.Domains) != 1 || o.Domains[0] != want.Domains[0]:
		return v, fmt.Errorf("%s: city of %s, domains %v", o.ID, tag, o.Domains)
	}
	return v, nil
}

// pausedWrite runs write while a snapshot read is paused, and fails the
// test if write does not finish within a few seconds: a snapshot must not
// hold the write lock (on SQLite, BEGIN IMMEDIATE would make write wait
// for the export's end, past busy_timeout's 10 seconds).
func pausedWrite(t *testing.T, write func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- write() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("write during the export: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a write during the export still waits after 5s: the export blocks writers")
	}
}

// TestExportOrganisationsIsOneSnapshot reads every organisation through a
// snapshot that pauses after the first organisation, in the first of two
// batches of 500, while a writer updates every organisation and creates
// new ones: the export must see none of it, and the writer must not wait
// for it.
func TestExportOrganisationsIsOneSnapshot(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 520
		for i := range n {
			if err := s.CreateOrganisation(ctx, versionedOrg(i, 0)); err != nil {
				t.Fatal(err)
			}
		}
		var got []*registry.Organisation
		err := s.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
			v, err := sn.Vocabulary(ctx)
			if err != nil {
				return err
			}
			if len(v.Kinds) == 0 || len(v.Domains) == 0 {
				t.Errorf("vocabulary: %d kinds, %d domains", len(v.Kinds), len(v.Domains))
			}
			return sn.EachOrganisation(ctx, func(o *registry.Organisation) error {
				got = append(got, o)
				if len(got) == 1 {
					pausedWrite(t, func() error {
						for _, i := range []int{0, 1, 510, n - 1} {
							if err := s.UpdateOrganisation(ctx, versionedOrg(i, 1)); err != nil {
								return err
							}
						}
						if err := s.DeleteOrganisation(ctx, versionedOrg(505, 0).ID); err != nil {
							return err
						}
						for i := n; i < n+3; i++ {
							if err := s.CreateOrganisation(ctx, versionedOrg(i, 1)); err != nil {
								return err
							}
						}
						return nil
					})
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Errorf("exported %d organisations, want %d (those of the moment the export began)", len(got), n)
		}
		for _, o := range got {
			if v, err := orgVersion(o); err != nil || v != 0 {
				t.Errorf("got %s at version %d (%v), want version 0", o.ID, v, err)
			}
		}
		after := 0
		if err := s.EachOrganisation(ctx, func(*registry.Organisation) error { after++; return nil }); err != nil {
			t.Fatal(err)
		}
		if after != n+2 {
			t.Errorf("after the export: %d organisations, want %d", after, n+2)
		}
	})
}

// TestExportOrganisationsDuringWrites exports while a writer keeps
// updating and creating organisations, each in its own transaction:
// every exported organisation must be whole, of one version, and each
// export's count must be what the database held at one moment.
func TestExportOrganisationsDuringWrites(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 60
		for i := range n {
			if err := s.CreateOrganisation(ctx, versionedOrg(i, 0)); err != nil {
				t.Fatal(err)
			}
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		created := 0 // written by the writer, read after wg.Wait
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 1; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.UpdateOrganisation(ctx, versionedOrg(k%n, k)); err != nil {
					t.Errorf("update: %v", err)
					return
				}
				if k%5 == 0 {
					if err := s.CreateOrganisation(ctx, versionedOrg(n+k, k)); err != nil {
						t.Errorf("create: %v", err)
						return
					}
					created++
				}
			}
		}()
		for range 8 {
			count := 0
			err := s.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
				return sn.EachOrganisation(ctx, func(o *registry.Organisation) error {
					count++
					if _, err := orgVersion(o); err != nil {
						t.Errorf("an organisation mixed from two versions: %v", err)
					}
					time.Sleep(200 * time.Microsecond) // let the writer interleave
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			if count < n {
				t.Errorf("exported %d organisations, fewer than the %d never deleted", count, n)
			}
		}
		close(stop)
		wg.Wait()
		if created == 0 {
			t.Error("the writer created nothing during the exports")
		}
	})
}

// versionedProject is project i at version v: its title and budgets carry
// v.
func versionedProject(i, v int) *ledger.Project {
	return &ledger.Project{ID: fmt.Sprintf("XI-SETU-SNAP%d", i), ReportingOrg: "XI-SETU", Title: fmt.Sprintf("Project %d v%d", i, v),
		Participants: []ledger.Participant{{OrgID: "org-snap-0000", Role: ledger.RoleImplementing, Home: true}},
		Countries:    []string{"IN"}, Status: ledger.StatusImplementation, ActualStart: ledger.MakeDate(2026, 1, 5), Commitments: []string{"fw.c1"},
		Budgets: []ledger.Budget{
			{PeriodStart: ledger.MakeDate(2026, 1, 1), PeriodEnd: ledger.MakeDate(2026, 12, 31), Value: ledger.Amount(100*v + 1), Currency: "INR"},
			{PeriodStart: ledger.MakeDate(2027, 1, 1), PeriodEnd: ledger.MakeDate(2027, 12, 31), Value: ledger.Amount(100*v + 2), Currency: "INR"},
		}}
}

// projectVersion returns the version p's title and budgets come from.
func projectVersion(p *ledger.Project) (int, error) {
	var i, v int
	if _, err := fmt.Sscanf(p.Title, "Project %d v%d", &i, &v); err != nil {
		return 0, fmt.Errorf("%s: title %q", p.ID, p.Title)
	}
	if len(p.Budgets) != 2 || p.Budgets[0].Value != ledger.Amount(100*v+1) || p.Budgets[1].Value != ledger.Amount(100*v+2) {
		return v, fmt.Errorf("%s: title of v%d, budgets %+v", p.ID, v, p.Budgets)
	}
	return v, nil
}

// TestExportLedgerIsOneSnapshot reads the ledger, pauses while a writer
// updates projects and their budgets, creates a project and renames an
// organisation, and reads again in the same snapshot, as 'setu export
// iati' reads organisations after the ledger: both reads must be of the
// moment the export began, and the writer must not wait. A second part
// exports while a writer keeps changing projects.
func TestExportLedgerIsOneSnapshot(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CreateOrganisation(ctx, versionedOrg(0, 0)); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateFramework(ctx, &ledger.Framework{ID: "fw", Title: "A framework", Kind: ledger.KindInitiative,
			Parties: []ledger.Party{{Country: "IN"}, {Country: "JP"}}, Date: ledger.MakeDate(2025, 8, 1),
			Source: ledger.Source{Citation: "A source"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateCommitment(ctx, &ledger.Commitment{ID: "fw.c1", FrameworkID: "fw", Text: "Build things.",
			Target: mustDate(t, "2030"), Source: ledger.Source{Citation: "A source"}}); err != nil {
			t.Fatal(err)
		}
		const n = 5
		for i := range n {
			if err := s.CreateProject(ctx, versionedProject(i, 0)); err != nil {
				t.Fatal(err)
			}
		}
		err := s.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
			l, err := sn.Ledger(ctx)
			if err != nil {
				return err
			}
			pausedWrite(t, func() error {
				for i := range n {
					if err := s.UpdateProject(ctx, versionedProject(i, 1)); err != nil {
						return err
					}
				}
				if err := s.CreateProject(ctx, versionedProject(n, 1)); err != nil {
					return err
				}
				return s.UpdateOrganisation(ctx, versionedOrg(0, 1))
			})
			again, err := sn.Ledger(ctx)
			if err != nil {
				return err
			}
			for _, l := range []*ledger.Ledger{l, again} {
				if len(l.Projects) != n || len(l.Commitments) != 1 || len(l.Frameworks) != 1 {
					t.Errorf("got %d projects, %d commitments, %d frameworks, want %d, 1, 1", len(l.Projects), len(l.Commitments), len(l.Frameworks), n)
				}
				for i := range l.Projects {
					if v, err := projectVersion(&l.Projects[i]); err != nil || v != 0 {
						t.Errorf("got %s at version %d (%v), want version 0", l.Projects[i].ID, v, err)
					}
				}
			}
			o, err := sn.Organisation(ctx, versionedOrg(0, 0).ID)
			if err != nil {
				return err
			}
			if v, err := orgVersion(o); err != nil || v != 0 {
				t.Errorf("got %s at version %d (%v), want version 0", o.ID, v, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 2; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.UpdateProject(ctx, versionedProject(k%n, k)); err != nil {
					t.Errorf("update: %v", err)
					return
				}
				if k%4 == 0 {
					if err := s.CreateProject(ctx, versionedProject(n+k, k)); err != nil {
						t.Errorf("create: %v", err)
						return
					}
				}
			}
		}()
		for range 10 {
			if err := s.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
				l, err := sn.Ledger(ctx)
				if err != nil {
					return err
				}
				for i := range l.Projects {
					if _, err := projectVersion(&l.Projects[i]); err != nil {
						t.Errorf("a project mixed from two versions: %v", err)
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		close(stop)
		wg.Wait()
	})
}
