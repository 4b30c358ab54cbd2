package synth

import (
	"reflect"
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

func TestOrganisationsValid(t *testing.T) {
	g := New(1)
	v := registry.DefaultVocabulary()
	scripts := map[string]int{}
	for i := range 5000 {
		o := g.Next()
		o.Normalize()
		if err := o.Validate(v); err != nil {
			t.Fatalf("organisation %d (%s): %v", i, o.Name, err)
		}
		for _, n := range o.OtherNames {
			scripts[n.Lang]++
		}
	}
	for _, lang := range []string{"ja", "ko", "th", "hi", "vi", "zh"} {
		if scripts[lang] == 0 {
			t.Errorf("no %s label in 5000 organisations", lang)
		}
	}
}

func TestSeeded(t *testing.T) {
	a, b := New(7), New(7)
	for i := range 100 {
		if got, want := a.Next(), b.Organisation(i); !reflect.DeepEqual(got, want) {
			t.Fatalf("organisation %d differs between two generators of one seed:\n%+v\n%+v", i, got, want)
		}
	}
	if reflect.DeepEqual(New(1).Organisation(3), New(2).Organisation(3)) {
		t.Errorf("seeds 1 and 2 make the same organisation 3")
	}
}

func TestRORID(t *testing.T) {
	seen := map[string]bool{}
	for _, i := range []int{0, 1, 31, 32, 999_999, 1 << 29} {
		id := RORID(i)
		if seen[id] {
			t.Errorf("RORID(%d) = %s repeats", i, id)
		}
		seen[id] = true
		o := registry.Organisation{Name: "x", Kind: "other", Country: "JP", Status: "active",
			ExternalIDs: []registry.ExternalID{{Scheme: registry.SchemeROR, Value: id}}}
		if err := o.Validate(registry.DefaultVocabulary()); err != nil {
			t.Errorf("RORID(%d) = %s: %v", i, id, err)
		}
	}
}
