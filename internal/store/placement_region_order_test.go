package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/placement"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestImportRegionOrder imports rounds whose region order differs from
// the order the positions were published in, and checks that the stored
// round keeps the order: its export lists it, and its run gives the
// assignments placement.Match gives on the file. Japan has room for one
// placement and no targets, so the region's order decides who gets it.
func TestImportRegionOrder(t *testing.T) {
	const file = `{"applicants":[{"id":"per-a","prefs":["p1"]},{"id":"per-b","prefs":["p3"]},{"id":"per-c","prefs":["p2"]}],
		"positions":[{"id":"p1","capacity":1,"region":"JP","prefs":["per-a"]},{"id":"p2","capacity":1,"prefs":["per-c"]},
		{"id":"p3","capacity":1,"region":"JP","prefs":["per-b"]}],
		"regions":[{"id":"JP","cap":1%s}],"seed":5}`
	tests := []struct {
		name, order, wantOrder string
		want                   map[string]string // person -> position, "" unplaced
	}{
		{"order against publication", `,"order":["p3","p1"]`, `"order": ["p3","p1"]`, map[string]string{"per-a": "", "per-b": "p3", "per-c": "p2"}},
		{"order as published", `,"order":["p1","p3"]`, `"order": ["p1","p3"]`, map[string]string{"per-a": "p1", "per-b": "", "per-c": "p2"}},
		{"no order: the file's position order", ``, `"order": ["p1","p3"]`, map[string]string{"per-a": "p1", "per-b": "", "per-c": "p2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
				placementFixture(t, s) // p1 (JP), p2 (SG), p3 (JP), published in that order
				ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-sec", Role: auth.Secretariat})
				data := []byte(strings.Replace(file, "%s", tc.order, 1))
				in, problems := placement.ReadRound(data)
				if problems != nil {
					t.Fatalf("read the file: %v", problems)
				}
				res, err := placement.Match(in)
				if err != nil {
					t.Fatal(err)
				}
				fromFile := map[string]string{}
				for i, a := range in.Applicants {
					fromFile[a.ID] = ""
					if p := res.Assignment[i]; p >= 0 {
						fromFile[a.ID] = in.Positions[p].ID
					}
				}
				for person, want := range tc.want {
					if fromFile[person] != want {
						t.Fatalf("placement.Match: %s got %q, want %q (the case is wrong)", person, fromFile[person], want)
					}
				}

				if _, err := s.ImportRound(ctx, "rnd-1", data); err != nil {
					t.Fatalf("import: %v", err)
				}
				out, err := s.ExportRound(ctx, "rnd-1")
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(out), tc.wantOrder) {
					t.Errorf("export: got\n%s\nwant the region's %s", out, tc.wantOrder)
				}
				if _, err := s.ImportRound(ctx, "rnd-1", out); err != nil {
					t.Fatalf("import of the export: %v", err)
				}
				if again, _ := s.ExportRound(ctx, "rnd-1"); string(again) != string(out) {
					t.Errorf("export, import, export: got\n%s\nwant\n%s", again, out)
				}

				setClock(s, placementT0.Add(50*time.Hour)) // ranking closed
				run, err := s.RunRound(ctx, "rnd-1")
				if err != nil || !run.VerdictOK {
					t.Fatalf("run: got %+v, %v", run, err)
				}
				for person, want := range fromFile {
					o, err := s.Outcome(ctx, "rnd-1", person, false)
					if err != nil {
						t.Fatalf("outcome of %s: %v", person, err)
					}
					got := ""
					if o.Position != nil {
						got = o.Position.ID
					}
					if got != want {
						t.Errorf("%s: run gives %q, setu match on the file %q", person, got, want)
					}
				}
			})
		})
	}
}

// TestImportRegionMembership: a position in a country the file caps must
// be in that region, or the stored round (which caps by country) would
// not match the file.
func TestImportRegionMembership(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		placementFixture(t, s)
		ctx := context.Background()
		data := `{"applicants":[],"positions":[{"id":"p1","capacity":1,"region":"JP","prefs":[]},{"id":"p3","capacity":1,"prefs":[]}],"regions":[{"id":"JP","cap":1}]}`
		_, err := s.ImportRound(ctx, "rnd-1", []byte(data))
		if !errs.Is(err, errs.Invalid) || !strings.Contains(mustJSON(errs.FieldsOf(err)), `positions[1].region`) {
			t.Errorf("a capped country's position outside its region: got %v %s, want invalid naming positions[1].region", err, mustJSON(errs.FieldsOf(err)))
		}
	})
}
