package web

import (
	"slices"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// facetTopN is how many values of a facet show before "more".
const facetTopN = 8

// facetTitles names the facets on the page.
var facetTitles = map[string]string{
	"country": "Country",
	"kind":    "Kind",
	"layer":   "AI-stack layer",
	"domain":  "Domain",
}

// facetGroup is one facet: its values with counts, the first few shown
// and the rest folded away.
type facetGroup struct {
	Name, Title string
	Top, More   []facetValue
}

// facetValue is one value of a facet with the link that toggles it.
type facetValue struct {
	Label    string
	Count    int
	Selected bool
	URL      string
}

// facetGroups turns the store's counts into facets to show. Selected
// values always show, with a count of 0 if nothing has them; layers keep
// stack order, other facets go by count.
func facetGroups(q registryQuery, counts map[string][]store.Facet, vocab registry.Vocabulary) []facetGroup {
	var groups []facetGroup
	for _, name := range store.FacetNames {
		fs := slices.Clone(counts[name])
		for _, val := range q.Filters[name] {
			if !slices.ContainsFunc(fs, func(f store.Facet) bool { return f.Value == val }) {
				fs = append(fs, store.Facet{Value: val})
			}
		}
		if name == "layer" {
			slices.SortStableFunc(fs, func(a, b store.Facet) int { return layerRank(a.Value) - layerRank(b.Value) })
		}
		g := facetGroup{Name: name, Title: facetTitles[name]}
		for i, f := range fs {
			fv := facetValue{
				Label:    facetLabel(name, f.Value, vocab),
				Count:    f.Count,
				Selected: q.selected(name, f.Value),
				URL:      q.toggled(name, f.Value),
			}
			if i < facetTopN || fv.Selected {
				g.Top = append(g.Top, fv)
			} else {
				g.More = append(g.More, fv)
			}
		}
		groups = append(groups, g)
	}
	return groups
}

// facetLabel returns the label of a facet value.
func facetLabel(name, val string, vocab registry.Vocabulary) string {
	switch name {
	case "country":
		return registry.CountryName(val)
	case "kind":
		return vocab.KindLabel(val)
	case "layer":
		return registry.LayerLabel(val)
	case "domain":
		return vocab.DomainLabel(val)
	}
	return val
}

// layerRank is a layer's place in the stack, application first.
func layerRank(code string) int {
	i := slices.IndexFunc(registry.Layers, func(t registry.Term) bool { return t.Code == code })
	if i < 0 {
		return len(registry.Layers)
	}
	return i
}
