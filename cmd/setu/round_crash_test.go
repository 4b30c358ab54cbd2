package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// seedClosedRound stores round rnd-crash, whose ranking has closed, with
// n applicants ranking three of n/4 positions each (two of them in a
// capped Japan) and hosts ranking all their applicants.
func seedClosedRound(t *testing.T, db string, n int) { t.Helper(); seedRound(t, db, n, true) }

// seedRound stores round rnd-crash with its organisations, people and
// positions; with ranked, also its caps, applications and host rankings
// (seedClosedRound), without, another seed and nothing ranked, so that
// only an import can give it seedClosedRound's round (seedEmptyRound).
func seedRound(t *testing.T, db string, n int, ranked bool) {
	t.Helper()
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	clock := now.Add(-3 * time.Hour)
	st.SetClock(func() time.Time { return clock })
	for _, o := range []*registry.Organisation{{ID: "jp-host", Name: "Tokyo Host Lab", Kind: "research-institute", Country: "JP"},
		{ID: "sg-host", Name: "Singapore Host Lab", Kind: "research-institute", Country: "SG"}} {
		if err := st.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	r := &store.Round{ID: "rnd-crash", Title: "Crash round", Programme: "Crash tests", Seed: 1,
		PositionsOpen: now.Add(-4 * time.Hour), ApplicationsClose: now.Add(-2 * time.Hour), RankingClose: now.Add(-time.Hour), ResultsDue: now.Add(time.Hour)}
	if ranked {
		r.Seed, r.Caps = 9, []store.Cap{{Country: "JP", Cap: n / 8}}
	}
	if err := st.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	np := n / 4
	for p := range np {
		host, country := "jp-host", "JP"
		if p%2 == 1 {
			host, country = "sg-host", "SG"
		}
		if err := st.CreatePosition(ctx, &store.Position{ID: fmt.Sprintf("cp%d", p), RoundID: "rnd-crash", HostOrg: host, Title: "Seat", Country: country, Capacity: 2}); err != nil {
			t.Fatal(err)
		}
	}
	applied := make([]store.Ranking, np)
	for a := range n {
		id := fmt.Sprintf("per-c%d", a)
		if err := st.CreatePerson(ctx, &registry.Person{ID: id, Name: "Applicant " + id, HomeCountry: "IN"}); err != nil {
			t.Fatal(err)
		}
		if !ranked {
			continue
		}
		var rk store.Ranking
		for k := range 3 {
			p := (a*7 + k*13) % np
			if rk.Rank(fmt.Sprintf("cp%d", p)) == 0 {
				rk = append(rk, []string{fmt.Sprintf("cp%d", p)})
				applied[p] = append(applied[p], []string{id})
			}
		}
		if err := st.SetApplication(ctx, &store.Application{RoundID: "rnd-crash", PersonID: id, Ranking: rk}); err != nil {
			t.Fatal(err)
		}
	}
	if !ranked {
		return
	}
	clock = now.Add(-90 * time.Minute)
	for p := range np {
		if _, err := st.SetHostRanking(ctx, fmt.Sprintf("cp%d", p), applied[p]); err != nil {
			t.Fatal(err)
		}
	}
}

// roundRuns returns the runs of rnd-crash and the rows of their outcomes.
func roundRuns(t *testing.T, st *store.Store) (runs, outcomes int) {
	t.Helper()
	rs, err := st.Runs(context.Background(), "rnd-crash")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DB().QueryRow(`SELECT count(*) FROM placement_run_assignments`).Scan(&outcomes); err != nil {
		t.Fatal(err)
	}
	return len(rs), outcomes
}

// TestRoundRunSurvivesSIGKILL kills 'setu round run' with SIGKILL in the
// middle of a placement run's transaction (after its run, outcome and
// explanation rows are written, before the commit) and checks that the
// database passes its integrity check, holds nothing of the run, and that
// its audit trail is intact; then that the run, started again, completes
// and stores all of it. -short skips it.
func TestRoundRunSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "setu.db")
	const n = 1200
	seedClosedRound(t, db, n)
	bin := buildSetu(t)

	hold := filepath.Join(dir, "holding")
	cmd := exec.Command(bin, "round", "run", "--db", db, "rnd-crash")
	cmd.Env = append(os.Environ(), crashHoldEnv+"="+hold)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(hold); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the run did not reach its commit in 60 s\n%s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the run was not killed mid-way: %v\n%s", cmd.ProcessState, stderr.String())
	}

	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	if res, err := st.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Errorf("integrity check: %q, %v", res, err)
	}
	if runs, outcomes := roundRuns(t, st); runs != 0 || outcomes != 0 {
		t.Errorf("after SIGKILL: %d runs and %d outcomes, want none of the killed run", runs, outcomes)
	}
	if _, err := st.VerifyAudit(ctx); err != nil {
		t.Errorf("audit trail after SIGKILL: %v", err)
	}
	if log, _ := st.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditRun}); len(log) != 0 {
		t.Errorf("audit trail holds %d runs, want none", len(log))
	}
	rd, err := st.Round(ctx, "rnd-crash")
	if err != nil || rd.Status != store.RoundClosed {
		t.Errorf("round after SIGKILL: got %+v, %v, want closed", rd, err)
	}
	st.Close()

	r := mustSetu(t, nil, "round", "run", "--db", db, "rnd-crash")
	if !strings.Contains(r.stdout, "run 1") || !strings.Contains(r.stdout, "stable") {
		t.Errorf("run again: %s", r.stdout)
	}
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if runs, outcomes := roundRuns(t, st); runs != 1 || outcomes != n {
		t.Errorf("after running again: %d runs and %d outcomes, want 1 and %d", runs, outcomes, n)
	}
	if _, err := st.VerifyAudit(ctx); err != nil {
		t.Errorf("audit trail: %v", err)
	}

	// The round exported is the input the run read: setu match on it
	// reports the run's digest and placements.
	rs, _ := st.Runs(ctx, "rnd-crash")
	exp := mustSetu(t, nil, "round", "export", "--db", db, "rnd-crash")
	in := filepath.Join(dir, "round.json")
	if err := os.WriteFile(in, []byte(exp.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	m := mustSetu(t, nil, "match", "--in", in)
	for _, want := range []string{`"input_sha256": "` + rs[0].InputSHA256 + `"`, fmt.Sprintf(`"assigned": %d`, rs[0].Assigned)} {
		if !strings.Contains(m.stdout, want) {
			t.Errorf("setu match on the export: lacks %s", want)
		}
	}
}
