package store_test

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// peopleSource yields copies of people, as if read from people.jsonl.
func peopleSource(people ...registry.Person) store.PersonSource {
	i := 0
	return func() (*registry.Person, string, error) {
		if i == len(people) {
			return nil, "", io.EOF
		}
		p := people[i]
		i++
		return &p, "people.jsonl:" + strconv.Itoa(i), nil
	}
}

func TestImportPeople(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CreateOrganisation(ctx, tokyo()); err != nil {
			t.Fatal(err)
		}
		asha := registry.Person{ID: "per-asha", Name: "Asha", HomeCountry: "in", HomeOrgID: "ror-057zh3y96", Skills: []string{"RTL"}, Languages: []string{"en"}}
		ravi := registry.Person{ID: "per-ravi", Name: "Ravi", HomeCountry: "IN", Layers: []string{"model"}}
		steps := []struct {
			name   string
			people []registry.Person
			want   store.ImportStats
		}{
			{"create", []registry.Person{asha, ravi}, store.ImportStats{Created: 2}},
			{"again", []registry.Person{asha, ravi}, store.ImportStats{Unchanged: 2}},
			{"change one", []registry.Person{asha, {ID: "per-ravi", Name: "Ravi K", HomeCountry: "IN", Layers: []string{"model"}}}, store.ImportStats{Updated: 1, Unchanged: 1}},
			{"no id", []registry.Person{{Name: "Mei", HomeCountry: "SG"}}, store.ImportStats{Created: 1}},
		}
		for _, step := range steps {
			st, err := s.ImportPeople(ctx, peopleSource(step.people...), nil)
			if err != nil || st != step.want {
				t.Errorf("%s: got %v, %v; want %v", step.name, st, err, step.want)
			}
		}
		p, err := s.Person(ctx, "per-ravi")
		if err != nil || p.Name != "Ravi K" || !p.UpdatedAt.After(p.CreatedAt) {
			t.Errorf("per-ravi: got %+v, %v; want renamed, updated after created", p, err)
		}
		if _, total, _ := s.ListPeople(ctx, store.PeopleQuery{}); total != 3 {
			t.Errorf("got %d people, want 3", total)
		}
	})
}

func TestImportPeopleAbortsWholly(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	ctx := context.Background()
	good := registry.Person{ID: "per-1", Name: "Asha", HomeCountry: "IN"}
	tests := []struct {
		name string
		bad  registry.Person
		kind errs.Kind
		want string
	}{
		{"invalid", registry.Person{ID: "per-2", Name: "", HomeCountry: "IN"}, errs.Invalid, "people.jsonl:2: validate person: invalid input: name: is required"},
		{"unknown home", registry.Person{ID: "per-2", Name: "Ravi", HomeCountry: "IN", HomeOrgID: "org-x"}, errs.Invalid, `people.jsonl:2: invalid input: home_org_id: no organisation "org-x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ImportPeopleDataset(ctx, "people", "sha", peopleSource(good, tt.bad), nil)
			if err == nil || err.Error() != tt.want || errs.KindOf(err) != tt.kind {
				t.Errorf("got %v (%v), want %s (%v)", err, errs.KindOf(err), tt.want, tt.kind)
			}
			if _, total, _ := s.ListPeople(ctx, store.PeopleQuery{}); total != 0 {
				t.Errorf("got %d people after a failed import, want 0", total)
			}
			if sha, _ := s.DatasetSHA(ctx, "people"); sha != "" {
				t.Errorf("data set recorded after a failed import")
			}
		})
	}
}

func TestRestoreOrganisationsKeepsTimes(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := tokyo()
		o.ID = "ror-057zh3y96"
		o.CreatedAt = mustTime(t, "2021-03-04T05:06:07.123456Z")
		o.UpdatedAt = mustTime(t, "2023-01-02T03:04:05.654321Z")
		plain := &registry.Organisation{ID: "org-plain", Name: "Plain", Kind: "startup", Country: "SG"}
		src := func(orgs ...*registry.Organisation) store.ImportSource {
			i := 0
			return func() (*registry.Organisation, string, error) {
				if i == len(orgs) {
					return nil, "", io.EOF
				}
				c := *orgs[i]
				i++
				return &c, "orgs.jsonl:" + strconv.Itoa(i), nil
			}
		}
		st, err := s.RestoreOrganisations(ctx, src(o, plain), nil)
		if err != nil || st != (store.ImportStats{Created: 2}) {
			t.Fatalf("restore: got %v, %v; want created 2", st, err)
		}
		got, err := s.Organisation(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(o.CreatedAt) || !got.UpdatedAt.Equal(o.UpdatedAt) {
			t.Errorf("times: got %v, %v; want %v, %v", got.CreatedAt, got.UpdatedAt, o.CreatedAt, o.UpdatedAt)
		}
		if p, _ := s.Organisation(ctx, "org-plain"); p.CreatedAt.IsZero() || p.CreatedAt.Year() < 2025 {
			t.Errorf("a record without times: got created %v, want now", p.CreatedAt)
		}
		// Restoring again changes nothing; an invalid record changes nothing.
		if st, err := s.RestoreOrganisations(ctx, src(o, plain), nil); err != nil || st != (store.ImportStats{Unchanged: 2}) {
			t.Errorf("restore again: got %v, %v; want unchanged 2", st, err)
		}
		changed := *o
		changed.UpdatedAt = mustTime(t, "2024-01-01T00:00:00Z")
		bad := &registry.Organisation{ID: "org-bad", Name: "Bad", Kind: "spaceship", Country: "SG"}
		_, err = s.RestoreOrganisations(ctx, src(&changed, bad), nil)
		if err == nil || !strings.HasPrefix(err.Error(), "orgs.jsonl:2: ") {
			t.Errorf("invalid record: got %v, want an error at orgs.jsonl:2", err)
		}
		if got, _ := s.Organisation(ctx, o.ID); !got.UpdatedAt.Equal(o.UpdatedAt) {
			t.Errorf("a failed restore changed updated_at to %v", got.UpdatedAt)
		}
	})
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
