package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// TestWithdrawApplication withdraws an application while applications
// are open: it is gone, its hosts no longer see or rank the person, the
// withdrawal is audited, and after the deadline it is a conflict naming
// the status and the deadline.
func TestWithdrawApplication(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		placementFixture(t, s)
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-sec", Role: auth.Secretariat})
		for person, rk := range map[string]store.Ranking{"per-a": {{"p1"}, {"p3"}}, "per-b": {{"p1"}}} {
			if err := s.SetApplication(ctx, &store.Application{RoundID: "rnd-1", PersonID: person, Ranking: rk}); err != nil {
				t.Fatalf("apply %s: %v", person, err)
			}
		}
		if _, err := s.SetHostRanking(ctx, "p1", store.Ranking{{"per-a", "per-b"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetHostRanking(ctx, "p3", store.Ranking{{"per-a"}}); err != nil {
			t.Fatal(err)
		}

		if err := s.WithdrawApplication(ctx, "rnd-1", "per-c"); !errs.Is(err, errs.NotFound) {
			t.Errorf("withdraw without an application: got %v, want not found", err)
		}
		if err := s.WithdrawApplication(ctx, "rnd-9", "per-a"); !errs.Is(err, errs.NotFound) {
			t.Errorf("withdraw from no round: got %v, want not found", err)
		}
		if err := s.WithdrawApplication(ctx, "rnd-1", "per-a"); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		if _, err := s.Application(ctx, "rnd-1", "per-a"); !errs.Is(err, errs.NotFound) {
			t.Errorf("application after withdrawal: got %v, want not found", err)
		}
		tests := []struct {
			position string
			want     string
			ranking  string
		}{
			{"p1", "per-b", `["per-b"]`},
			{"p3", "", `[]`},
		}
		for _, tc := range tests {
			as, err := s.PositionApplicants(ctx, tc.position)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range as {
				got = append(got, a.PersonID)
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("%s's applicants: got %v, want %q", tc.position, got, tc.want)
			}
			rk, err := s.HostRanking(ctx, tc.position)
			if err != nil {
				t.Fatal(err)
			}
			if got := mustJSON(rk); got != tc.ranking {
				t.Errorf("%s's ranking: got %s, want %s", tc.position, got, tc.ranking)
			}
		}
		if ok, _ := s.AppliedToHost(ctx, "rnd-1", "per-a", []string{"jp-lab"}); ok {
			t.Error("per-a withdrew: AppliedToHost got true, want false")
		}
		f, err := s.Figures(ctx, "rnd-1")
		if err != nil || f.Applicants != 1 {
			t.Errorf("figures: got %+v, %v, want 1 applicant", f, err)
		}
		log, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditApplication, EntityID: "rnd-1/per-a"})
		if err != nil || len(log) == 0 || log[len(log)-1].Action != "withdraw" || string(log[len(log)-1].After) != "null" {
			t.Errorf("audit of the application: got %+v, %v, want a withdrawal last", log, err)
		}
		log, err = s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditRanking, EntityID: "p1"})
		if err != nil || len(log) == 0 || log[len(log)-1].Action != "withdraw" {
			t.Errorf("audit of p1's ranking: got %+v, %v, want a withdrawal last", log, err)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n == 0 {
			t.Errorf("verify audit: %d, %v", n, err)
		}

		// Applying again after a withdrawal is a new application.
		if err := s.SetApplication(ctx, &store.Application{RoundID: "rnd-1", PersonID: "per-a", Ranking: store.Ranking{{"p2"}}}); err != nil {
			t.Errorf("apply again: %v", err)
		}

		setClock(s, placementT0.Add(30*time.Hour)) // applications closed
		err = s.WithdrawApplication(ctx, "rnd-1", "per-b")
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "ranking") || !strings.Contains(err.Error(), placementT0.Add(24*time.Hour).Format(time.RFC3339)) {
			t.Errorf("withdraw after the deadline: got %v, want conflict naming the status and the deadline", err)
		}
		if _, err := s.Application(ctx, "rnd-1", "per-b"); err != nil {
			t.Errorf("per-b's application after a refused withdrawal: %v", err)
		}
	})
}
