package registry

import (
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/errs"
)

func validOrg() Organisation {
	return Organisation{Name: "Kaveri Vision Systems", Kind: "startup", Country: "in", City: "Bengaluru",
		Layers: []string{"application"}, Domains: []string{"computer-vision"},
		Capabilities: []Capability{{Direction: Offer, Layer: "application", Domain: "computer-vision", Text: "Visual inspection"}}}
}

func TestOrganisationValidate(t *testing.T) {
	v := DefaultVocabulary()
	tests := []struct {
		name   string
		change func(o *Organisation)
		fields []string // the fields that must be named; none for valid
	}{
		{"valid", func(o *Organisation) {}, nil},
		{"missing name", func(o *Organisation) { o.Name = "  " }, []string{"name"}},
		{"unknown kind", func(o *Organisation) { o.Kind = "guild" }, []string{"kind"}},
		{"bad country", func(o *Organisation) { o.Country = "XY" }, []string{"country"}},
		{"year", func(o *Organisation) { o.Established = 3000 }, []string{"established"}},
		{"website", func(o *Organisation) { o.Website = "ftp://x" }, []string{"website"}},
		{"layer", func(o *Organisation) { o.Layers = []string{"quantum"} }, []string{"layers[0]"}},
		{"domain", func(o *Organisation) { o.Domains = []string{"alchemy"} }, []string{"domains[0]"}},
		{"capability", func(o *Organisation) {
			o.Capabilities = []Capability{{Direction: "want", Layer: "x", Domain: "y"}}
		}, []string{"capabilities[0].direction", "capabilities[0].layer", "capabilities[0].domain", "capabilities[0].text"}},
		{"ror id", func(o *Organisation) { o.ExternalIDs = []ExternalID{{Scheme: "ror", Value: "nope"}} }, []string{"external_ids[0].value"}},
		{"scheme twice", func(o *Organisation) {
			o.ExternalIDs = []ExternalID{{Scheme: "in-cin", Value: "1"}, {Scheme: "in-cin", Value: "2"}}
		}, []string{"external_ids[1].scheme"}},
		{"name type", func(o *Organisation) { o.OtherNames = []Name{{Value: "KVS", Type: "nickname"}} }, []string{"other_names[0].type"}},
		{"relationship", func(o *Organisation) {
			o.Relationships = []Relationship{{Type: "cousin", TargetScheme: "ror", TargetValue: "057zh3y96"}}
		}, []string{"relationships[0].type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrg()
			tt.change(&o)
			o.Normalize()
			err := o.Validate(v)
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("got %v, want invalid", err)
			}
			var got []string
			for _, f := range errs.FieldsOf(err) {
				got = append(got, f.Field)
			}
			for _, f := range tt.fields {
				if !slices.Contains(got, f) {
					t.Errorf("fields %v lack %q", got, f)
				}
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	o := validOrg()
	o.Country = " jp "
	o.Description = "line one\r\nline two\rthree"
	o.Layers = []string{"model", " model", ""}
	o.Normalize()
	if o.Country != "JP" {
		t.Errorf("country = %q, want JP", o.Country)
	}
	if strings.Contains(o.Description, "\r") {
		t.Errorf("description kept CR: %q", o.Description)
	}
	if !slices.Equal(o.Layers, []string{"model"}) {
		t.Errorf("layers = %v, want [model]", o.Layers)
	}
}

func TestKindFromROR(t *testing.T) {
	tests := []struct {
		types []string
		want  string
	}{
		{[]string{"education", "funder"}, "university"},
		{[]string{"company"}, "company"},
		{[]string{"facility"}, "research-institute"},
		{[]string{"funder"}, "funder"},
		{[]string{"archive"}, "non-profit"},
		{nil, "other"},
	}
	for _, tt := range tests {
		if got := KindFromROR(tt.types); got != tt.want {
			t.Errorf("KindFromROR(%v) = %q, want %q", tt.types, got, tt.want)
		}
	}
}

func TestPersonValidate(t *testing.T) {
	p := Person{Name: "Asha Rao", HomeCountry: "IN", Email: "not-an-email", Languages: []string{"EN!"}, Layers: []string{"x"}}
	p.Normalize()
	err := p.Validate(DefaultVocabulary())
	var got []string
	for _, f := range errs.FieldsOf(err) {
		got = append(got, f.Field)
	}
	for _, f := range []string{"email", "languages[0]", "layers[0]"} {
		if !slices.Contains(got, f) {
			t.Errorf("fields %v lack %q", got, f)
		}
	}
}

func TestCountryName(t *testing.T) {
	for code, want := range map[string]string{"PH": "Philippines", "KR": "South Korea", "JP": "Japan", "NL": "Netherlands", "ZZ": "ZZ"} {
		if got := CountryName(code); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", code, got, want)
		}
	}
}
