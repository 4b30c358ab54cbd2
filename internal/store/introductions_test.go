package store_test

import (
	"context"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func TestIntroductionLifecycle(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		partnerFixture(t, s)
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "usr-a", Role: auth.Member, OrgIDs: []string{"in-me"}})
		in := &store.Introduction{From: "in-me", To: "jp-lab", Purpose: "research", Message: "  Shuttle runs?  "}
		if err := s.RequestIntroduction(ctx, in); err != nil {
			t.Fatalf("request: %v", err)
		}
		if in.ID == "" || in.Status != store.IntroRequested || in.Message != "Shuttle runs?" || in.ToCountry != "JP" {
			t.Errorf("requested: got %+v", in)
		}
		for _, bad := range []store.Introduction{
			{From: "in-me", To: "in-me"},
			{From: "in-me", To: "jp-lab", Purpose: "fun"},
		} {
			if err := s.RequestIntroduction(ctx, &bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("request %+v: got %v, want invalid", bad, err)
			}
		}
		if err := s.RequestIntroduction(ctx, &store.Introduction{From: "in-me", To: "nobody"}); !errs.Is(err, errs.NotFound) {
			t.Errorf("request to nobody: got %v, want not found", err)
		}
		if ok, _ := s.HasAcceptedIntroduction(ctx, []string{"in-me"}, "jp-lab"); ok {
			t.Error("contact disclosed before acceptance")
		}
		got, err := s.AnswerIntroduction(ctx, in.ID, true, "ignored")
		if err != nil {
			t.Fatalf("accept: %v", err)
		}
		if got.Status != store.IntroAccepted || got.AnsweredAt == nil || len(got.Events) != 2 || got.Events[1].Actor != "user:usr-a" {
			t.Errorf("accepted: got %+v", got)
		}
		if _, err := s.AnswerIntroduction(ctx, in.ID, false, ""); !errs.Is(err, errs.Conflict) {
			t.Errorf("second answer: got %v, want conflict", err)
		}
		if ok, err := s.HasAcceptedIntroduction(ctx, []string{"in-me"}, "jp-lab"); !ok || err != nil {
			t.Errorf("accepted introduction: got %v, %v, want true", ok, err)
		}
		declined := &store.Introduction{From: "in-me", To: "tw-pack"}
		if err := s.RequestIntroduction(ctx, declined); err != nil {
			t.Fatal(err)
		}
		if d, err := s.AnswerIntroduction(ctx, declined.ID, false, "Not now"); err != nil || d.DeclineReason != "Not now" {
			t.Errorf("decline: got %+v, %v", d, err)
		}
		list, err := s.Introductions(ctx, "in-me")
		if err != nil || len(list) != 2 {
			t.Fatalf("list: got %d, %v, want 2", len(list), err)
		}
		fig, err := s.IntroductionFigures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fig.Total.Requested != 2 || fig.Total.Accepted != 1 || fig.Total.Declined != 1 || fig.Total.MedianHoursToAnswer == nil {
			t.Errorf("figures total: got %+v", fig.Total)
		}
		if len(fig.ByCountryPair) != 2 || fig.ByCountryPair[0].Key != "IN-JP" || len(fig.ByLayer) != 1 || fig.ByLayer[0].Requested != 2 {
			t.Errorf("figures: got %+v", fig)
		}
		log, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditIntroduction, EntityID: in.ID})
		if err != nil || len(log) != 2 || log[1].Action != "accept" {
			t.Errorf("audit: got %+v, %v", log, err)
		}
		if _, err := s.Introduction(ctx, "intro-none"); !errs.Is(err, errs.NotFound) {
			t.Errorf("get missing: got %v, want not found", err)
		}
	})
}

func TestOrganisationContact(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		partnerFixture(t, s)
		ctx := context.Background()
		if _, err := s.OrganisationContact(ctx, "in-me"); !errs.Is(err, errs.NotFound) {
			t.Errorf("no contact: got %v, want not found", err)
		}
		if err := s.SetOrganisationContact(ctx, "in-me", &store.Contact{Email: "not an address"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad email: got %v, want invalid", err)
		}
		for _, email := range []string{"a@example.org", "b@example.org"} {
			if err := s.SetOrganisationContact(ctx, "in-me", &store.Contact{Name: "Asha", Email: email}); err != nil {
				t.Fatalf("set: %v", err)
			}
		}
		c, err := s.OrganisationContact(ctx, "in-me")
		if err != nil || c.Email != "b@example.org" || c.Name != "Asha" {
			t.Errorf("get: got %+v, %v", c, err)
		}
		if err := s.SetOrganisationContact(ctx, "nobody", &store.Contact{Email: "a@example.org"}); !errs.Is(err, errs.NotFound) {
			t.Errorf("set for nobody: got %v, want not found", err)
		}
		log, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditContact, EntityID: "in-me"})
		if err != nil || len(log) != 2 {
			t.Errorf("audit: got %d entries, %v, want 2", len(log), err)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n == 0 {
			t.Errorf("verify audit: %d, %v", n, err)
		}
	})
}
