package partners

import (
	"slices"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Filters narrow and steer a ranking. Empty lists do not filter.
type Filters struct {
	// Countries keeps partners in these countries (ISO 3166-1 alpha-2).
	// Partners in my own country are left out whatever it says.
	Countries []string
	// Kinds keeps partners of these kinds.
	Kinds []string
	// Layers and Domains keep only the need-offer pairs in which the
	// partner's capability is in one of these layers and domains; a partner
	// left with no such pair is left out.
	Layers  []string
	Domains []string
	// Purpose weighs kinds and capabilities (see Purpose).
	Purpose Purpose
	// Limit is the most matches to return; 0 returns all.
	Limit int
}

// MaxLimit is the largest Limit Validate accepts.
const MaxLimit = 1000

// Validate checks the filters against the vocabulary, naming the field of
// each problem.
func (f Filters) Validate(v registry.Vocabulary) error {
	var p errs.Problems
	for _, c := range f.Countries {
		if !registry.IsCountry(c) {
			p.Add("countries", "%q is not an ISO 3166-1 alpha-2 code", c)
		}
	}
	for _, k := range f.Kinds {
		if !v.HasKind(k) {
			p.Add("kinds", "%q is not a kind", k)
		}
	}
	for _, l := range f.Layers {
		if !registry.IsLayer(l) {
			p.Add("layers", "%q is not a layer", l)
		}
	}
	for _, d := range f.Domains {
		if !v.HasDomain(d) {
			p.Add("domains", "%q is not a domain", d)
		}
	}
	if _, err := ParsePurpose(string(f.Purpose)); err != nil {
		p = append(p, errs.FieldsOf(err)...)
	}
	if f.Limit < 0 || f.Limit > MaxLimit {
		p.Add("limit", "%d is not between 0 and %d", f.Limit, MaxLimit)
	}
	return p.Err("validate partner filters")
}

// keepsOrganisation reports whether o passes the country and kind filters.
func (f Filters) keepsOrganisation(o *registry.Organisation) bool {
	return (len(f.Countries) == 0 || slices.Contains(f.Countries, o.Country)) &&
		(len(f.Kinds) == 0 || slices.Contains(f.Kinds, o.Kind))
}

// keepsCapability reports whether a partner's capability of this layer and
// domain may count.
func (f Filters) keepsCapability(layer, domain string) bool {
	return (len(f.Layers) == 0 || slices.Contains(f.Layers, layer)) &&
		(len(f.Domains) == 0 || slices.Contains(f.Domains, domain))
}

// keepsProfile reports whether a partner's description may stand in for an
// offer or need: when its organisation-level layers and domains meet the
// filters.
func (f Filters) keepsProfile(o *registry.Organisation) bool {
	return (len(f.Layers) == 0 || intersects(f.Layers, o.Layers)) &&
		(len(f.Domains) == 0 || intersects(f.Domains, o.Domains))
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
