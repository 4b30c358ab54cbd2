package dataset_test

import (
	"context"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/dataset"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestLoadShipped(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		results, err := dataset.Load(ctx, s, dataset.Shipped())
		if err != nil {
			t.Fatalf("first load: %v", err)
		}
		for _, r := range results {
			t.Logf("%s: %v in %v", r.Name, r.Stats, r.Duration)
			if r.Skipped || r.Stats.Created == 0 || r.Stats.Updated != 0 || r.Stats.Unchanged != 0 {
				t.Errorf("first load of %s: got %+v, want only created", r.Name, r)
			}
		}
		if got := results[0].Stats.Created; got != 11342 {
			t.Errorf("ROR: got %d created, want 11342", got)
		}
		total, samples, err := s.CountOrganisations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := 11342 + results[1].Stats.Created; total != want || samples != results[1].Stats.Created {
			t.Errorf("after load: %d organisations, %d samples; want %d, %d", total, samples, want, results[1].Stats.Created)
		}

		again, err := dataset.Load(ctx, s, dataset.Shipped())
		if err != nil {
			t.Fatalf("second load: %v", err)
		}
		for _, r := range again {
			if !r.Skipped {
				t.Errorf("second load of %s: got %+v, want skipped", r.Name, r)
			}
		}
		if t2, _, _ := s.CountOrganisations(ctx); t2 != total {
			t.Errorf("second load: %d organisations, want %d", t2, total)
		}
	})
}

const (
	orgsV1 = `{"id":"org-a","name":"A Labs","kind":"startup","country":"JP","sample":true,"provenance":{"source":"setu-sample"}}
{"id":"org-b","name":"B Works","kind":"company","country":"IN","layers":["model"],"sample":true}
`
	orgsV2 = `{"id":"org-a","name":"A Labs","kind":"startup","country":"JP","sample":true,"provenance":{"source":"setu-sample"}}
{"id":"org-b","name":"B Works Ltd","kind":"company","country":"IN","layers":["model"],"sample":true}
`
	people = `{"id":"per-1","name":"Asha","home_country":"IN","home_org_id":"org-b","skills":["RTL"],"languages":["en"],"sample":true}
`
)

func fixtures(orgs, ppl string) []dataset.Set {
	return []dataset.Set{
		{Name: "orgs", File: "orgs.jsonl", Format: dataset.Organisations, Data: []byte(orgs)},
		{Name: "people", File: "people.jsonl", Format: dataset.People, Data: []byte(ppl)},
	}
}

func TestLoadChangedSet(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := dataset.Load(ctx, s, fixtures(orgsV1, people)); err != nil {
			t.Fatal(err)
		}
		changed := fixtures(orgsV2, strings.Replace(people, "Asha", "Asha R", 1))
		results, err := dataset.Load(ctx, s, changed)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.ImportStats{{Updated: 1, Unchanged: 1}, {Updated: 1}}
		for i, r := range results {
			if r.Skipped || r.Stats != want[i] {
				t.Errorf("reload of %s: got %+v, want %v", r.Name, r, want[i])
			}
		}
		if sha, _ := s.DatasetSHA(ctx, "orgs"); sha != changed[0].SHA256() {
			t.Errorf("recorded sha %s, want %s", sha, changed[0].SHA256())
		}
		if o, err := s.Organisation(ctx, "org-b"); err != nil || o.Name != "B Works Ltd" {
			t.Errorf("org-b after reload: %v, %v", o, err)
		}
		if p, err := s.Person(ctx, "per-1"); err != nil || p.Name != "Asha R" || p.HomeOrgID != "org-b" {
			t.Errorf("per-1 after reload: %+v, %v", p, err)
		}
	})
}

func TestLoadBadSetWritesNothing(t *testing.T) {
	tests := []struct {
		name, orgs, people, want string
	}{
		{"malformed line", orgsV1 + "{\"id\":\n", people, `load data set orgs: orgs.jsonl:3: the JSON object is cut short`},
		{"invalid record", orgsV1 + `{"id":"org-c","name":"C","kind":"spaceship","country":"JP"}`, people,
			`load data set orgs: orgs.jsonl:3: validate organisation: invalid input: kind: "spaceship" is not a known kind`},
		{"unknown home", orgsV1, `{"id":"per-2","name":"Ravi","home_country":"IN","home_org_id":"org-z"}`,
			`load data set people: people.jsonl:1: invalid input: home_org_id: no organisation "org-z"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storetest.MustOpenSQLite(t)
			ctx := context.Background()
			sets := fixtures(tt.orgs, tt.people)
			_, err := dataset.Load(ctx, s, sets)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			failed := sets[0]
			if strings.Contains(tt.want, "data set people") {
				failed = sets[1]
			}
			if sha, _ := s.DatasetSHA(ctx, failed.Name); sha != "" {
				t.Errorf("%s recorded as loaded after failing", failed.Name)
			}
			if p, _, _ := s.ListPeople(ctx, store.PeopleQuery{}); len(p) != 0 {
				t.Errorf("got %d people after a failed load, want 0", len(p))
			}
		})
	}
}
