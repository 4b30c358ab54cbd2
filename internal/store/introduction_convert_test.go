package store_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestConvertIntroduction(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		partnerFixture(t, s)
		ctx := context.Background()
		in := &store.Introduction{From: "in-me", To: "jp-lab", Purpose: "co-creation"}
		if err := s.RequestIntroduction(ctx, in); err != nil {
			t.Fatal(err)
		}
		project := func() *ledger.Project {
			return &ledger.Project{ID: "XI-SETU-INTRO1", ReportingOrg: "XI-SETU", Title: "Shuttle pilot", Status: ledger.StatusPipeline}
		}
		if _, err := s.ConvertIntroduction(ctx, in.ID, project()); !errs.Is(err, errs.Conflict) {
			t.Errorf("convert before acceptance: got %v, want conflict", err)
		}
		if _, err := s.AnswerIntroduction(ctx, in.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		got, err := s.ConvertIntroduction(ctx, in.ID, project())
		if err != nil {
			t.Fatalf("convert: %v", err)
		}
		if got.Status != store.IntroConverted || got.ProjectID != "XI-SETU-INTRO1" || got.ConvertedAt == nil || len(got.Events) != 3 {
			t.Errorf("converted: got %+v", got)
		}
		p, err := s.Project(ctx, "XI-SETU-INTRO1")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Participants) != 2 || p.Participants[0].OrgID != "in-me" || p.Participants[1].OrgID != "jp-lab" {
			t.Errorf("participants: got %+v", p.Participants)
		}
		if _, err := s.ConvertIntroduction(ctx, in.ID, project()); !errs.Is(err, errs.Conflict) {
			t.Errorf("second conversion: got %v, want conflict", err)
		}
		if ok, _ := s.HasAcceptedIntroduction(ctx, []string{"in-me"}, "jp-lab"); !ok {
			t.Error("a converted introduction no longer discloses the contact")
		}
	})
}
