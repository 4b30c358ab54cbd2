package web

import (
	"net/http"
	"slices"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// fuzzBody checks what FuzzDecodeOrganisation checks, for any body type:
// no panic, a bad body answered with 400, 413, 415 or 422 and named
// fields, and what is accepted validated without panicking and kept by
// a round trip.
func fuzzBody[T any](t *testing.T, body []byte, validate func(*T)) {
	allowed := []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}
	var v T
	if err := decodeBody(body, &v); err != nil {
		if code := statusOf(err); !slices.Contains(allowed, code) {
			t.Fatalf("got status %d for %q, want one of %v: %v", code, body, allowed, err)
		}
		for _, fe := range errs.FieldsOf(err) {
			if fe.Field == "" {
				t.Fatalf("got a problem with no field name for %q: %v", body, err)
			}
		}
		return
	}
	validate(&v)
	again := []byte(toJSON(v))
	var v2 T
	if err := decodeBody(again, &v2); err != nil {
		t.Fatalf("re-decoding %s: %v", again, err)
	}
	if toJSON(v2) != string(again) {
		t.Fatalf("got %s after a round trip, want %s", toJSON(v2), again)
	}
}

// FuzzDecodePerson feeds the decoder arbitrary person bodies.
func FuzzDecodePerson(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Ananya Raghavan","home_country":"IN","email":"a@example.org","skills":["RTL"],"languages":["en","ta"]}`,
		`{"name":"A","layers":["model",{"x":1}],"sample":"no"}`,
		`{"home_org_id":null,"domains":[null]}`, `[]`, `null`, `{"email":"\ud800"}`,
	} {
		f.Add([]byte(seed))
	}
	vocab := registry.DefaultVocabulary()
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(p *registry.Person) { p.Normalize(); p.Validate(vocab) })
	})
}

// FuzzDecodeTerm feeds the decoder arbitrary vocabulary terms.
func FuzzDecodeTerm(f *testing.F) {
	for _, seed := range []string{`{"code":"lab","label":"Laboratory"}`, `{"code":1}`, `{"code":"a","label":"b","x":[]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzBody(t, body, func(term *registry.Term) { term.Validate() })
	})
}
