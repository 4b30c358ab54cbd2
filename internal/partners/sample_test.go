package partners

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/setu-council/setu/data"
	"github.com/setu-council/setu/internal/registry"
)

// sampleOrganisations decodes the embedded sample organisations.
func sampleOrganisations(tb testing.TB) []*registry.Organisation {
	tb.Helper()
	var out []*registry.Organisation
	sc := bufio.NewScanner(bytes.NewReader(data.SampleOrganisations))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		o := new(registry.Organisation)
		if err := json.Unmarshal(sc.Bytes(), o); err != nil {
			tb.Fatalf("organisations.jsonl line %d: %v", n, err)
		}
		o.Normalize()
		out = append(out, o)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("no sample organisations")
	}
	return out
}

// byID returns the organisation with id, or fails the test.
func byID(tb testing.TB, orgs []*registry.Organisation, id string) *registry.Organisation {
	tb.Helper()
	for _, o := range orgs {
		if o.ID == id {
			return o
		}
	}
	tb.Fatalf("no sample organisation %s", id)
	return nil
}
