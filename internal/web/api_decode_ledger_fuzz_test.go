package web

import (
	"testing"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// The fuzz targets below feed the decoder arbitrary bodies for the
// ledger's records and the matchmaking requests, with the checks of
// fuzzBody: no panic, a bad body answered with a client error that names
// its fields, and what is accepted validated and kept by a round trip.

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

func FuzzDecodeFramework(f *testing.F) {
	addSeeds(f,
		`{"id":"jai","title":"Japan-India AI Cooperation Initiative","kind":"initiative","parties":["IN","JP"],"signed":"2025-08-29","source":{"citation":"x","url":"https://example.org"}}`,
		`{"id":"","parties":[1],"signed":"29/08/2025"}`, `{"kind":null,"organisations":[""]}`, `[]`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *ledger.Framework) { v.Normalize(); v.Validate() })
	})
}

func FuzzDecodeCommitment(f *testing.F) {
	addSeeds(f,
		`{"id":"jai.c1","framework_id":"jai","text":"Joint lab","layers":["model"],"domains":["robotics"],"target":"2027-03-31"}`,
		`{"layers":["nope"],"target":"2027-02-30"}`, `{"text":"\u0000"}`)
	vocab := registry.DefaultVocabulary()
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *ledger.Commitment) { v.Normalize(); v.Validate(vocab) })
	})
}

func FuzzDecodeProject(f *testing.F) {
	addSeeds(f,
		`{"id":"XI-SETU-P1","title":"Edge vision","status":2,"countries":["IN","JP"],"participants":[{"org_id":"a","role":1}],"budgets":[{"amount":1000,"currency":"JPY","start":"2026-01-01","end":"2026-12-31"}]}`,
		`{"status":"2","budgets":[{"amount":-1e309}]}`, `{"transactions":[{"type":99}],"commitments":[null]}`)
	vocab := registry.DefaultVocabulary()
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *ledger.Project) { v.Normalize(); v.Validate(vocab) })
	})
}

func FuzzDecodeMilestone(f *testing.F) {
	addSeeds(f, `{"id":"m1","project_id":"p","title":"Pilot line","due":"2026-06-30","evidence":"https://example.org/e"}`,
		`{"due":"tomorrow","completed":""}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *ledger.Milestone) { v.Normalize(); v.Validate() })
	})
}

func FuzzDecodeOutput(f *testing.F) {
	addSeeds(f, `{"id":"o1","project_id":"p","kind":"patent","title":"Wafer inspection","licence":"Apache-2.0","ip_holder":"org","returned_home":true}`,
		`{"kind":"poem","licence":"not spdx","returned_home":"yes"}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(v *ledger.Output) { v.Normalize(); v.Validate() })
	})
}

func FuzzDecodeIntroduction(f *testing.F) {
	addSeeds(f, `{"from":"a","to":"b","purpose":"co-creation","message":"Hello"}`, `{"from":1}`, `{"answer":"x"}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(*introductionRequest) {})
		fuzzBody(t, body, func(*introductionAnswer) {})
	})
}

func FuzzDecodeContact(f *testing.F) {
	addSeeds(f, `{"name":"Desk","email":"desk@example.org","phone":"+81 3 0000 0000"}`, `{"email":"no at sign"}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(c *store.Contact) { c.Validate() })
	})
}

func FuzzDecodePartnerSearch(f *testing.F) {
	addSeeds(f, `{"needs":"wafer inspection","countries":["JP"],"layers":["semiconductor"],"purpose":"research","limit":20}`,
		`{"limit":-1,"kinds":[null]}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(*partnerSearch) {})
	})
}
