package partners

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

// TestDeterministic ranks the same candidates in shuffled orders: the
// rankings, scores and reasons must not change, nor the candidates.
func TestDeterministic(t *testing.T) {
	orgs := sampleOrganisations(t)
	queries := []string{"sample-dhruvika-silicon", "sample-nagoya-cobot-works", "sample-pasir-panjang-ai-assurance-institute", "sample-chandrika-deeptech-ventures", "sample-cendana-battery-materials"}
	conc := Concentration{{"IN", "semiconductor"}: {"TW": 0.5, "JP": 0.4}, {"JP", "application"}: {"IN": 0.7}}
	filters := []Filters{{}, {Purpose: Research}, {Layers: []string{"semiconductor"}, Limit: 5}}
	before := cloneAll(orgs)
	for _, id := range queries {
		me := byID(t, orgs, id)
		for _, f := range filters {
			want := Rank(me, orgs, f, Context{Concentration: conc})
			for seed := range uint64(5) {
				shuffled := append([]*registry.Organisation(nil), orgs...)
				r := rand.New(rand.NewPCG(seed, 42))
				r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
				if got := Rank(me, shuffled, f, Context{Concentration: conc}); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, filters %+v, shuffle %d: got %v, want %v", id, f, seed, ids(got), ids(want))
				}
			}
		}
	}
	if !reflect.DeepEqual(cloneAll(orgs), before) {
		t.Errorf("Rank changed its candidates")
	}
}

func TestTiesByID(t *testing.T) {
	me := org("me", "IN", "startup", need("semiconductor", "packaging-atmp", "fan-out packaging pilot runs"))
	var cands []*registry.Organisation
	for _, id := range []string{"c", "a", "d", "b"} {
		cands = append(cands, org(id, "MY", "company", offer("semiconductor", "packaging-atmp", "fan-out packaging pilot runs")))
	}
	if got := ids(Rank(me, cands, Filters{}, Context{})); !reflect.DeepEqual(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("got %v, want equal scores ordered by id", got)
	}
}

func cloneAll(orgs []*registry.Organisation) []registry.Organisation {
	out := make([]registry.Organisation, len(orgs))
	for i, o := range orgs {
		c := *o
		c.Capabilities = append([]registry.Capability(nil), o.Capabilities...)
		c.Layers = append([]string(nil), o.Layers...)
		c.Domains = append([]string(nil), o.Domains...)
		out[i] = c
	}
	return out
}
