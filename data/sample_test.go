package data_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"strings"
	"testing"

	"github.com/setu-council/setu/data"
	"github.com/setu-council/setu/internal/registry"
)

// decodeLines decodes every line of a JSON Lines file into a new T,
// rejecting unknown fields, and returns them in order.
func decodeLines[T any](t *testing.T, name string, b []byte) []T {
	t.Helper()
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			t.Errorf("%s line %d: blank line", name, n)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var v T
		if err := dec.Decode(&v); err != nil {
			t.Errorf("%s line %d: %v", name, n, err)
			continue
		}
		if dec.More() {
			t.Errorf("%s line %d: more than one JSON value", name, n)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

func sampleOrganisations(t *testing.T) []registry.Organisation {
	t.Helper()
	orgs := decodeLines[registry.Organisation](t, "organisations.jsonl", data.SampleOrganisations)
	if len(orgs) < 50 {
		t.Fatalf("sample organisations: got %d, want at least 50", len(orgs))
	}
	return orgs
}

func samplePeople(t *testing.T) []registry.Person {
	t.Helper()
	people := decodeLines[registry.Person](t, "people.jsonl", data.SamplePeople)
	if len(people) < 30 {
		t.Fatalf("sample people: got %d, want at least 30", len(people))
	}
	return people
}

func checkProvenance(t *testing.T, id string, p registry.Provenance) {
	t.Helper()
	want := registry.Provenance{Source: "setu-sample", SourceID: id, Release: "2026-11", Licence: "CC0-1.0"}
	if p != want {
		t.Errorf("%s: provenance: got %+v, want %+v", id, p, want)
	}
}

func TestSampleOrganisations(t *testing.T) {
	vocab := registry.DefaultVocabulary()
	ids := map[string]bool{}
	names := map[string]string{}
	for _, o := range sampleOrganisations(t) {
		o.Normalize()
		if err := o.Validate(vocab); err != nil {
			t.Errorf("%s: %v", o.ID, err)
		}
		if !strings.HasPrefix(o.ID, "sample-") {
			t.Errorf("%s: id does not start with sample-", o.ID)
		}
		if ids[o.ID] {
			t.Errorf("%s: id is repeated", o.ID)
		}
		ids[o.ID] = true
		key := strings.ToLower(o.Name)
		if other, ok := names[key]; ok {
			t.Errorf("%s: name %q is also used by %s", o.ID, o.Name, other)
		}
		names[key] = o.ID
		if !o.Sample {
			t.Errorf("%s: sample: got false, want true", o.ID)
		}
		checkProvenance(t, o.ID, o.Provenance)
		if len(o.ExternalIDs) != 0 {
			t.Errorf("%s: external_ids: got %v, want none", o.ID, o.ExternalIDs)
		}
		if o.Website != "" && !strings.HasPrefix(o.Website, "https://example.org/") {
			t.Errorf("%s: website %q is not under https://example.org/", o.ID, o.Website)
		}
		if o.Description == "" {
			t.Errorf("%s: description is empty", o.ID)
		}
		var offers, needs int
		for i, c := range o.Capabilities {
			if c.Layer == "" || c.Domain == "" {
				t.Errorf("%s: capabilities[%d]: layer %q, domain %q: want both set", o.ID, i, c.Layer, c.Domain)
			}
			switch c.Direction {
			case registry.Offer:
				offers++
			case registry.Need:
				needs++
			}
		}
		if offers == 0 || needs == 0 {
			t.Errorf("%s: got %d offers and %d needs, want at least one of each", o.ID, offers, needs)
		}
	}
}

func TestSamplePeople(t *testing.T) {
	vocab := registry.DefaultVocabulary()
	orgIDs := map[string]bool{}
	for _, o := range sampleOrganisations(t) {
		orgIDs[o.ID] = true
	}
	ids := map[string]bool{}
	names := map[string]string{}
	for _, p := range samplePeople(t) {
		p.Normalize()
		if err := p.Validate(vocab); err != nil {
			t.Errorf("%s: %v", p.ID, err)
		}
		if !strings.HasPrefix(p.ID, "sample-person-") {
			t.Errorf("%s: id does not start with sample-person-", p.ID)
		}
		if ids[p.ID] {
			t.Errorf("%s: id is repeated", p.ID)
		}
		ids[p.ID] = true
		key := strings.ToLower(p.Name)
		if other, ok := names[key]; ok {
			t.Errorf("%s: name %q is also used by %s", p.ID, p.Name, other)
		}
		names[key] = p.ID
		if !p.Sample {
			t.Errorf("%s: sample: got false, want true", p.ID)
		}
		checkProvenance(t, p.ID, p.Provenance)
		if p.HomeOrgID != "" && !orgIDs[p.HomeOrgID] {
			t.Errorf("%s: home_org_id %q is not a sample organisation", p.ID, p.HomeOrgID)
		}
		if p.Email != "" && !strings.HasSuffix(p.Email, "@example.org") {
			t.Errorf("%s: email %q is not under @example.org", p.ID, p.Email)
		}
		if len(p.Skills) == 0 || len(p.Languages) == 0 || len(p.Layers) == 0 || len(p.Domains) == 0 {
			t.Errorf("%s: skills, languages, layers and domains must all be set", p.ID)
		}
	}
}

// rorNames is the part of a compact ROR line that holds names.
type rorNames struct {
	Names struct {
		Display  string   `json:"display"`
		Aliases  []string `json:"aliases"`
		Acronyms []string `json:"acronyms"`
		Labels   []struct {
			Value string `json:"value"`
		} `json:"labels"`
	} `json:"names"`
}

// TestSampleNamesAreNotROR checks that no sample organisation shares a name,
// alias, acronym or label with a record of the shipped ROR extract, so a
// sample can never be mistaken for a real organisation.
func TestSampleNamesAreNotROR(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(data.RORAsia))
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	real := map[string]string{} // lower-case name -> ROR display name
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for sc.Scan() {
		var r rorNames
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("ror line: %v", err)
		}
		add := func(s string) {
			if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
				real[s] = r.Names.Display
			}
		}
		add(r.Names.Display)
		for _, s := range r.Names.Aliases {
			add(s)
		}
		for _, s := range r.Names.Acronyms {
			add(s)
		}
		for _, l := range r.Names.Labels {
			add(l.Value)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	if len(real) < 10000 {
		t.Fatalf("ROR names: got %d, want at least 10000", len(real))
	}
	for _, o := range sampleOrganisations(t) {
		if r, ok := real[strings.ToLower(strings.TrimSpace(o.Name))]; ok {
			t.Errorf("%s: name %q matches ROR record %q", o.ID, o.Name, r)
		}
		for _, n := range o.OtherNames {
			if r, ok := real[strings.ToLower(strings.TrimSpace(n.Value))]; ok {
				t.Errorf("%s: other name %q matches ROR record %q", o.ID, n.Value, r)
			}
		}
	}
}
