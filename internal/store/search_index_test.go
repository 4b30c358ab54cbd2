package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestSearchIndexWhileWriting searches from several goroutines while
// organisations are created, renamed and deleted, then checks that the
// index agrees with the database. Run with -race, it also checks that the
// index is safe for concurrent use.
func TestSearchIndexWhileWriting(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fillSynthN(t, s, 300)
		var wg sync.WaitGroup
		done := make(chan struct{})
		errc := make(chan error, 8)
		for i := range 4 {
			wg.Go(func() {
				qs := []store.OrgQuery{{Q: "quill"}, {Q: "university", Facets: true}, {Countries: []string{"IN"}}, {Q: "qui", Kinds: []string{"startup"}}}
				for n := 0; ; n++ {
					select {
					case <-done:
						return
					default:
					}
					if _, err := s.SearchOrganisations(ctx, qs[(n+i)%len(qs)]); err != nil {
						errc <- err
						return
					}
				}
			})
		}
		for i := range 30 {
			o := &registry.Organisation{ID: fmt.Sprintf("org-quill-%d", i), Name: fmt.Sprintf("Quill Works %d", i), Kind: "startup", Country: "IN"}
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				o.Name = "Quillon Systems " + o.Name
				if err := s.UpdateOrganisation(ctx, o); err != nil {
					t.Fatal(err)
				}
			}
			if i%5 == 0 {
				if err := s.DeleteOrganisation(ctx, o.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		close(done)
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		for _, q := range []store.OrgQuery{{Q: "quill"}, {Q: "quillon"}, {Q: "qui", Kinds: []string{"startup"}}, {Countries: []string{"IN"}}} {
			if got, want := allResults(t, s.SearchOrganisations, q), allResults(t, s.SearchPlain, q); got != want {
				t.Errorf("%+v:\nindex %.400s\nplain %.400s", q, got, want)
			}
		}
		res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "quill"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 24 { // 30 created, 6 deleted
			t.Errorf("quill: got %d matches, want 24", res.Total)
		}
	})
}

// TestSearchIndexLargeChange checks that a change too large to apply in a
// search (an import elsewhere) to a large registry is answered from the
// database while the index is built again in the background, and from the
// index afterwards.
func TestSearchIndexLargeChange(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fillSynthN(t, s, 50)
		if _, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "university"}); err != nil {
			t.Fatal(err)
		}
		restore := s.SetIndexThresholds(10, 10) // 50 organisations are "large"
		defer restore()
		for i := range 20 {
			o := &registry.Organisation{ID: fmt.Sprintf("org-zephyr-%d", i), Name: fmt.Sprintf("Zephyr Lab %d", i), Kind: "startup", Country: "JP"}
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		// 20 pending changes, 10 applied at most: the database answers.
		res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "zephyr"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 20 {
			t.Fatalf("while rebuilding: got %d, want 20", res.Total)
		}
		s.WaitSearchIndexBuild()
		if docs, changed := s.SearchIndexState(); docs != 70 || changed != 0 {
			t.Errorf("after the rebuild the index holds %d organisations, %d changed; want 70, 0", docs, changed)
		}
		res, err = s.SearchOrganisations(ctx, store.OrgQuery{Q: "zephyr", Countries: []string{"JP"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 20 {
			t.Errorf("after the rebuild: got %d, want 20", res.Total)
		}
	})
}

// TestSearchIndexAfterBulkLoad checks that a bulk load into an empty
// registry, which logs one change for all its organisations, makes an
// index built before it read the registry again.
func TestSearchIndexAfterBulkLoad(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "university"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 0 {
			t.Fatalf("empty registry: got %d", res.Total)
		}
		fillSynthN(t, s, 200)
		for _, q := range []store.OrgQuery{{Q: "university"}, {Countries: []string{"JP"}}, {}} {
			if got, want := allResults(t, s.SearchOrganisations, q), allResults(t, s.SearchPlain, q); got != want {
				t.Errorf("%+v:\nindex %.400s\nplain %.400s", q, got, want)
			}
		}
		if docs, _ := s.SearchIndexState(); docs != 200 {
			t.Errorf("index holds %d organisations, want 200", docs)
		}
	})
}

// TestTermCountsFromIndex checks that partner matching's word counts from
// the search index equal the full-text index's, capped the same way,
// including a word that is also a filter tag (cjp: the full-text index
// matches it in the tags column too).
func TestTermCountsFromIndex(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	fillSynthN(t, s, 2000)
	ctx := context.Background()
	terms := []string{"university", "institute", "tokyo", "cjp", "kuniversity", "東京", "zzzzqx", "of"}
	for _, limit := range []int{5, 100, 10000} {
		got, err := s.TermCounts(ctx, terms, limit, false)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.TermCounts(ctx, terms, limit, true)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("limit %d: index %v, full-text %v", limit, got, want)
		}
		if len(got) < 6 {
			t.Errorf("limit %d: only %v found", limit, got)
		}
	}
	if docs, _ := s.SearchIndexState(); docs != 2000 {
		t.Errorf("the counts did not come from the index (it holds %d)", docs)
	}
}

// TestSearchIndexConcurrentWriters runs several writers at once while
// searches keep the index caught up, then checks the index holds every
// change: on PostgreSQL, versions must commit in order (the counter row),
// or a search that read version n+1 before n committed would skip n for
// good.
func TestSearchIndexConcurrentWriters(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fillSynthN(t, s, 100)
		done := make(chan struct{})
		var searchers, writers sync.WaitGroup
		for range 2 {
			searchers.Go(func() {
				for {
					select {
					case <-done:
						return
					default:
					}
					if _, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "vexor"}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		const perWriter = 15
		for w := range 3 {
			writers.Go(func() {
				for i := range perWriter {
					o := &registry.Organisation{ID: fmt.Sprintf("org-vexor-%d-%d", w, i), Name: fmt.Sprintf("Vexor Works %d %d", w, i), Kind: "startup", Country: "SG"}
					if err := s.CreateOrganisation(ctx, o); err != nil {
						t.Error(err)
						return
					}
					o.Name = "Vexor Systems " + o.Name
					if err := s.UpdateOrganisation(ctx, o); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		writers.Wait()
		close(done)
		searchers.Wait()
		res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: "vexor systems", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 3*perWriter || len(res.Items) != 3*perWriter {
			t.Errorf("vexor systems: got %d (%d items), want %d", res.Total, len(res.Items), 3*perWriter)
		}
		if got, want := allResults(t, s.SearchOrganisations, store.OrgQuery{Q: "vexor"}), allResults(t, s.SearchPlain, store.OrgQuery{Q: "vexor"}); got != want {
			t.Errorf("index %.300s\nplain %.300s", got, want)
		}
	})
}
