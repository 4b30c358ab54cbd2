package web

import (
	"testing"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/errs"
)

// The desk's bodies through the checks of fuzzBody, then the domain's
// validation, which must name a field for every problem it finds.

func checkNamed(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		t.Fatalf("got %v, want invalid input or a conflict", err)
	}
	for _, fe := range errs.FieldsOf(err) {
		if fe.Field == "" {
			t.Fatalf("a problem with no field name: %v", err)
		}
	}
}

func FuzzDecodeLead(f *testing.F) {
	addSeeds(f, deskLeadBody, `{"investor":"x","origin_country":"jp","segment":"memory","layers":[" model","model"],"amount":-1,"currency":"yen"}`,
		`{"next_action_due":"2026-02-30","officer":"a@b@c"}`, `{"amount":1e30}`, `{"layers":null}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *leadRequest) {
			l := v.lead()
			l.Normalize()
			checkNamed(t, l.Check())
		})
	})
}

func FuzzDecodeBarrier(f *testing.F) {
	addSeeds(f, deskBarrierBody, `{"lead_id":"lead-x","category":"tax","jurisdiction":" NATIONAL "}`, `{"description":"\u0000"}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *barrierRequest) {
			b := &desk.Barrier{LeadID: v.LeadID, Org: v.Org, Category: v.Category, Jurisdiction: v.Jurisdiction, Description: v.Description, Agency: v.Agency}
			b.Normalize()
			checkNamed(t, b.Check())
		})
	})
}

func FuzzDecodeStage(f *testing.F) {
	addSeeds(f, `{"stage":"lost","lost_reason":"other","lost_text":""}`, `{"stage":"engaged","lost_reason":"land"}`, `{"stage":7}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *stageRequest) {
			checkNamed(t, desk.CheckStageChange(desk.Prospect, v.Stage, v.LostReason, v.LostText))
		})
	})
}
