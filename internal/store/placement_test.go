package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// placementT0 is the fixture's "now": applications are open.
var placementT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// placementFixture stores organisations, three people and an open round
// with a cap of one placement in Japan and three positions: two in Japan,
// one in Singapore. It sets the store's clock to placementT0.
func placementFixture(t *testing.T, s *store.Store) *store.Round {
	t.Helper()
	partnerFixture(t, s)
	clock := placementT0
	s.SetClock(func() time.Time { return clock })
	ctx := context.Background()
	for _, p := range []registry.Person{{ID: "per-a", Name: "Asha", HomeCountry: "IN"}, {ID: "per-b", Name: "Bala", HomeCountry: "IN"},
		{ID: "per-c", Name: "Chitra", HomeCountry: "IN"}} {
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	r := &store.Round{ID: "rnd-1", Title: "Semiconductor fellows 2026", Programme: "Setu fellows", Seed: 7,
		Caps: []store.Cap{{Country: "jp", Cap: 1}}, PositionsOpen: placementT0.Add(-time.Hour), ApplicationsClose: placementT0.Add(24 * time.Hour),
		RankingClose: placementT0.Add(48 * time.Hour), ResultsDue: placementT0.Add(72 * time.Hour)}
	if err := s.CreateRound(ctx, r); err != nil {
		t.Fatalf("create round: %v", err)
	}
	for _, p := range []store.Position{
		{ID: "p1", RoundID: "rnd-1", HostOrg: "jp-lab", Title: "Chip design", City: "Nagoya", Country: "JP", Capacity: 1, Layers: []string{"semiconductor"}, DurationMonths: 6},
		{ID: "p2", RoundID: "rnd-1", HostOrg: "sg-words", Title: "Wafer runs", City: "Singapore", Country: "SG", Capacity: 1},
		{ID: "p3", RoundID: "rnd-1", HostOrg: "jp-lab", Title: "Layout", City: "Nagoya", Country: "JP", Capacity: 1},
	} {
		if err := s.CreatePosition(ctx, &p); err != nil {
			t.Fatalf("create position %s: %v", p.ID, err)
		}
	}
	return r
}

func setClock(s *store.Store, at time.Time) { s.SetClock(func() time.Time { return at }) }

func TestPlacementRound(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		r := placementFixture(t, s)
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-sec", Role: auth.Secretariat})
		if r.Status != store.RoundOpen || r.Seed != 7 || len(r.Caps) != 1 || r.Caps[0].Country != "JP" {
			t.Fatalf("round: got %+v", r)
		}
		for _, bad := range []store.Round{
			{Title: "", Programme: "x"},
			{Title: "t", Programme: "x", PositionsOpen: placementT0, ApplicationsClose: placementT0.Add(-time.Hour), RankingClose: placementT0, ResultsDue: placementT0},
			{Title: "t", Programme: "x", Caps: []store.Cap{{Country: "XX", Cap: -1}}},
		} {
			if err := s.CreateRound(ctx, &bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("create %+v: got %v, want invalid", bad, err)
			}
		}
		over := 2
		if err := s.CreatePosition(ctx, &store.Position{RoundID: "rnd-1", HostOrg: "jp-lab", Title: "x", Country: "JP", Capacity: 2, Target: &over}); !errs.Is(err, errs.Invalid) {
			t.Errorf("target above cap: got %v, want invalid", err)
		}

		apply := func(person string, rk store.Ranking) error {
			return s.SetApplication(ctx, &store.Application{RoundID: "rnd-1", PersonID: person, Ranking: rk})
		}
		for person, rk := range map[string]store.Ranking{"per-a": {{"p1"}, {"p2"}}, "per-b": {{"p1"}, {"p3"}}, "per-c": {{"p2", "p3"}}} {
			if err := apply(person, rk); err != nil {
				t.Fatalf("apply %s: %v", person, err)
			}
		}
		err := apply("per-a", store.Ranking{{"p1"}, {"p9"}, {"p1"}})
		if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), `ranking[1]`) || !strings.Contains(err.Error(), `ranking[2]`) {
			t.Errorf("bad ranking: got %v, want ranking[1] and ranking[2]", err)
		}
		if _, err := s.SetHostRanking(ctx, "p1", store.Ranking{{"per-c"}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("ranking someone who did not apply: got %v, want invalid", err)
		}
		if ok, _ := s.AppliedToHost(ctx, "rnd-1", "per-c", []string{"jp-lab"}); !ok {
			t.Error("per-c applied to jp-lab's p3: want true")
		}
		if ok, _ := s.AppliedToHost(ctx, "rnd-1", "per-a", []string{"tw-pack"}); ok {
			t.Error("per-a did not apply to tw-pack: want false")
		}
		if _, err := s.RunRound(ctx, "rnd-1"); !errs.Is(err, errs.Conflict) {
			t.Errorf("run while open: got %v, want conflict", err)
		}

		setClock(s, placementT0.Add(30*time.Hour)) // applications closed, ranking open
		if err := apply("per-a", store.Ranking{{"p2"}}); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "ranking") {
			t.Errorf("apply after the deadline: got %v, want conflict naming the status", err)
		}
		for pos, rk := range map[string]store.Ranking{"p1": {{"per-b"}, {"per-a"}}, "p2": {{"per-a"}, {"per-c"}}, "p3": {{"per-b", "per-c"}}} {
			if _, err := s.SetHostRanking(ctx, pos, rk); err != nil {
				t.Fatalf("rank %s: %v", pos, err)
			}
		}
		apps, err := s.PositionApplicants(ctx, "p1")
		if err != nil || len(apps) != 2 || apps[0].PersonID != "per-b" || apps[0].Rank != 1 {
			t.Errorf("applicants of p1: got %+v, %v", apps, err)
		}

		setClock(s, placementT0.Add(50*time.Hour)) // ranking closed
		if _, err := s.SetHostRanking(ctx, "p1", store.Ranking{{"per-a"}}); !errs.Is(err, errs.Conflict) {
			t.Errorf("rank after the deadline: got %v, want conflict", err)
		}
		export, err := s.ExportRound(ctx, "rnd-1")
		if err != nil {
			t.Fatal(err)
		}
		run, err := s.RunRound(ctx, "rnd-1")
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		sum := sha256.Sum256(export)
		if run.Number != 1 || !run.VerdictOK || run.Seed != 7 || run.InputSHA256 != hex.EncodeToString(sum[:]) || run.Assigned != 2 || run.Applicants != 3 {
			t.Errorf("run: got %+v", run)
		}
		// b takes p1 and with it Japan's one place; a goes to Singapore; c
		// loses p2 to a and p3 to Japan's cap.
		want := map[string]string{"per-a": "p2", "per-b": "p1", "per-c": ""}
		for person, pos := range want {
			o, err := s.Outcome(ctx, "rnd-1", person, false)
			if err != nil {
				t.Fatalf("outcome %s: %v", person, err)
			}
			got := ""
			if o.Position != nil {
				got = o.Position.ID
			}
			if got != pos || o.Published {
				t.Errorf("%s: got %q (published %v), want %q", person, got, o.Published, pos)
			}
		}
		c, _ := s.Outcome(ctx, "rnd-1", "per-c", false)
		// c tied p2 and p3: the lottery orders them; both are explained.
		reasons := map[string]store.Why{}
		for _, w := range c.Explanation {
			reasons[w.Position] = w
		}
		if len(c.Explanation) != 2 || reasons["p2"].Reason != "full" || reasons["p3"].Reason != "region_full" || reasons["p3"].Country != "JP" ||
			!strings.Contains(reasons["p3"].Text, "Japan's cap of 1 placement was reached") || !strings.Contains(reasons["p2"].Text, "all 1 seat went") {
			t.Errorf("c's explanation: got %+v", c.Explanation)
		}
		if _, err := s.Outcome(ctx, "rnd-1", "per-a", true); !errs.Is(err, errs.NotFound) {
			t.Errorf("published outcome before publishing: got %v, want not found", err)
		}

		again, err := s.RunRound(ctx, "rnd-1")
		if err != nil || again.Number != 2 || again.ID == run.ID || again.InputSHA256 != run.InputSHA256 || again.Assigned != run.Assigned {
			t.Errorf("second run: got %+v, %v; want a new run with the same digest", again, err)
		}
		runs, _ := s.Runs(ctx, "rnd-1")
		if len(runs) != 2 || runs[0].ID != run.ID {
			t.Errorf("runs: got %d, want both kept", len(runs))
		}
		if err := s.UpdateRound(ctx, r); !errs.Is(err, errs.Conflict) {
			t.Errorf("update after a run: got %v, want conflict", err)
		}
		if _, err := s.ImportRound(ctx, "rnd-1", export); !errs.Is(err, errs.Conflict) {
			t.Errorf("import after a run: got %v, want conflict", err)
		}

		pub, err := s.PublishRound(ctx, "rnd-1")
		if err != nil || pub.Status != store.RoundPublished || pub.PublishedRun != again.ID {
			t.Fatalf("publish: got %+v, %v", pub, err)
		}
		if _, err := s.PublishRound(ctx, "rnd-1"); !errs.Is(err, errs.Conflict) {
			t.Errorf("publish twice: got %v, want conflict", err)
		}
		if _, err := s.RunRound(ctx, "rnd-1"); !errs.Is(err, errs.Conflict) {
			t.Errorf("run after publishing: got %v, want conflict", err)
		}
		if o, err := s.Outcome(ctx, "rnd-1", "per-a", true); err != nil || !o.Published || o.Position.ID != "p2" {
			t.Errorf("published outcome: got %+v, %v", o, err)
		}
		host, err := s.HostOutcome(ctx, "rnd-1", "p2")
		if err != nil || len(host) != 0 {
			t.Errorf("p2 got its first choice: got %+v, %v", host, err)
		}
		host, _ = s.HostOutcome(ctx, "rnd-1", "p3")
		if len(host) != 2 || host[0].Reason != "region_full" || host[1].Reason != "preferred" || host[1].PlacedAt != "p1" {
			t.Errorf("p3's explanation: got %+v", host)
		}

		ps, err := s.Placements(ctx, "rnd-1", []string{"jp-lab"})
		if err != nil || len(ps) != 1 || ps[0].PersonID != "per-b" || ps[0].Status != store.PlacementPlaced {
			t.Fatalf("jp-lab's placements: got %+v, %v", ps, err)
		}
		if all, _ := s.Placements(ctx, "rnd-1", nil); len(all) != 2 {
			t.Errorf("all placements: got %d, want 2", len(all))
		}
		id := ps[0].ID
		if _, err := s.UpdatePlacement(ctx, id, store.Progress{Status: store.PlacementCompleted}); !errs.Is(err, errs.Invalid) {
			t.Errorf("skip a stage: got %v, want invalid", err)
		}
		outputFixture(t, s)
		steps := []store.Progress{{Status: "started", On: "2026-04-01"}, {Status: "completed", On: "2026-10-01"},
			{Status: "returned_home", On: "2026-10-15", Outputs: []string{"o-home", "o-away"}}}
		for _, st := range steps {
			if _, err := s.UpdatePlacement(ctx, id, st); err != nil {
				t.Fatalf("progress %s: %v", st.Status, err)
			}
		}
		p, _ := s.Placement(ctx, id)
		if p.Status != store.PlacementReturned || p.StartedOn != "2026-04-01" || p.ReturnedOn != "2026-10-15" || len(p.Outputs) != 2 {
			t.Errorf("placement: got %+v", p)
		}
		if _, err := s.UpdatePlacement(ctx, id, store.Progress{Status: "started"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("move back: got %v, want invalid", err)
		}
		if _, err := s.UpdatePlacement(ctx, id, store.Progress{Status: "returned_home", Outputs: []string{"nope"}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("unknown output: got %v, want invalid", err)
		}
		f, err := s.Figures(ctx, "rnd-1")
		if err != nil {
			t.Fatal(err)
		}
		wantF := store.RoundFigures{Positions: 3, Seats: 3, Applicants: 3, Placed: 2, Started: 1, Completed: 1, ReturnedHome: 1,
			Outputs: 2, OutputsByKind: map[string]int{"software": 2}, IPHome: 1, IPHomeShare: 0.5}
		if g, w := mustJSON(f), mustJSON(wantF); g != w {
			t.Errorf("figures: got %s, want %s", g, w)
		}
		log, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditRun})
		if err != nil || len(log) != 2 {
			t.Errorf("audit of runs: got %d, %v, want 2", len(log), err)
		}

		// Erasing a person (issue 5) takes their application, outcomes and
		// placement with them.
		if err := s.ErasePerson(ctx, "per-b"); err != nil {
			t.Fatalf("erase: %v", err)
		}
		if _, err := s.Application(ctx, "rnd-1", "per-b"); !errs.Is(err, errs.NotFound) {
			t.Errorf("application after erasure: got %v, want not found", err)
		}
		if _, err := s.Outcome(ctx, "rnd-1", "per-b", true); !errs.Is(err, errs.NotFound) {
			t.Errorf("outcome after erasure: got %v, want not found", err)
		}
		if ps, _ := s.Placements(ctx, "rnd-1", nil); len(ps) != 1 || ps[0].PersonID != "per-a" {
			t.Errorf("placements after erasure: got %+v, want per-a's only", ps)
		}
	})
}

// outputFixture stores a project with two outputs: o-home, its IP held
// by an Indian organisation, and o-away, held in Japan.
func outputFixture(t *testing.T, s *store.Store) {
	t.Helper()
	l, err := ledger.Decode(strings.NewReader(`{"frameworks":[{"id":"fw","title":"F","kind":"initiative","parties":[{"country":"IN"},{"country":"JP"}],
		"source":{"citation":"x"},"summary":"s"}],"commitments":[],
		"projects":[{"id":"XI-SETU-P","reporting_org":"XI-SETU","title":"P","participants":[{"org_id":"in-me","role":4,"home":true}],
		"countries":["IN"],"layers":["semiconductor"],"domains":[],"status":1,"budgets":[],"transactions":[],"commitments":[]}],
		"milestones":[],"outputs":[{"id":"o-home","project_id":"XI-SETU-P","kind":"software","title":"A","ip_holder":"in-me"},
		{"id":"o-away","project_id":"XI-SETU-P","kind":"software","title":"B","ip_holder":"jp-lab"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportLedgerDataset(context.Background(), "placement", "x", l); err != nil {
		t.Fatal(err)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestPlacementImport(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		placementFixture(t, s)
		ctx := context.Background()
		good := `{"applicants":[{"id":"per-a","prefs":["p1",["p2","p3"]]},{"id":"per-b","prefs":["p3"]}],
			"positions":[{"id":"p1","capacity":1,"region":"JP","target":1,"prefs":["per-a"]},{"id":"p2","capacity":1,"prefs":["per-a"]},
			{"id":"p3","capacity":1,"region":"JP","prefs":[["per-b","per-a"]]}],
			"regions":[{"id":"JP","cap":1}],"seed":99}`
		sum, err := s.ImportRound(ctx, "rnd-1", []byte(good))
		if err != nil || sum.Applications != 2 || sum.Rankings != 3 || sum.Caps != 1 {
			t.Fatalf("import: got %+v, %v", sum, err)
		}
		a, err := s.Application(ctx, "rnd-1", "per-a")
		if err != nil || mustJSON(a.Ranking) != `["p1",["p2","p3"]]` {
			t.Errorf("imported application: got %+v, %v", a, err)
		}
		r, _ := s.Round(ctx, "rnd-1")
		if r.Seed != 99 {
			t.Errorf("seed: got %d, want 99", r.Seed)
		}
		out, err := s.ExportRound(ctx, "rnd-1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportRound(ctx, "rnd-1", out); err != nil {
			t.Errorf("import of the export: %v", err)
		}
		again, _ := s.ExportRound(ctx, "rnd-1")
		if string(again) != string(out) {
			t.Errorf("export, import, export: got\n%s\nwant\n%s", again, out)
		}
		for _, tc := range []struct{ name, in, want string }{
			{"syntax", `{"applicants":[}`, "line 1"},
			{"unknown person", `{"applicants":[{"id":"per-z","prefs":["p1"]}],"positions":[{"id":"p1","capacity":1,"prefs":["per-z"]}]}`, `applicants[0].id`},
			{"unknown position", `{"applicants":[],"positions":[{"id":"p9","capacity":1,"prefs":[]}]}`, `positions[0].id`},
			{"engine check", `{"applicants":[{"id":"per-a","prefs":["p1","p9"]}],"positions":[{"id":"p1","capacity":1,"prefs":[]}]}`, `applicants[0].prefs[1]`},
			{"capacity", `{"applicants":[],"positions":[{"id":"p1","capacity":3,"prefs":[]}]}`, `positions[0].capacity`},
			{"region country", `{"applicants":[],"positions":[{"id":"p2","capacity":1,"region":"JP","prefs":[]}],"regions":[{"id":"JP","cap":1}]}`, `regions[0].order[0]`},
		} {
			_, err := s.ImportRound(ctx, "rnd-1", []byte(tc.in))
			if !errs.Is(err, errs.Invalid) || !strings.Contains(mustJSON(errs.FieldsOf(err)), tc.want) {
				t.Errorf("%s: got %v %s, want invalid naming %s", tc.name, err, mustJSON(errs.FieldsOf(err)), tc.want)
			}
		}
		if a2, _ := s.Application(ctx, "rnd-1", "per-a"); mustJSON(a2.Ranking) != `["p1",["p2","p3"]]` {
			t.Errorf("a failed import changed the round: %s", mustJSON(a2.Ranking))
		}
	})
}
