package partners

import "github.com/setu-council/setu/internal/registry"

// HomeLayer names one ecosystem's dependence: a home country and a layer of
// the AI stack.
type HomeLayer struct {
	Home  string // ISO 3166-1 alpha-2
	Layer string
}

// Concentration gives, for each home country and layer, the share (0 to 1)
// of that ecosystem's partnerships held by each partner country: for
// {IN, semiconductor}, {"JP": 0.6, "TW": 0.25, ...}. The caller computes it
// from the ledger; a nil Concentration discounts nothing.
type Concentration map[HomeLayer]map[string]float64

// Discount returns the share partner holds of home's partnerships in layer
// and the fraction by which a match in that layer counts less: nothing up
// to a share of 25%, then linearly more, to half at a share of 100%.
func (c Concentration) Discount(home, layer, partner string) (share, discount float64) {
	share = c[HomeLayer{home, layer}][partner]
	share = min(1, max(0, share))
	if share <= divFloor {
		return share, 0
	}
	return share, divMax * (share - divFloor) / (1 - divFloor)
}

// Context is what a ranking knows beyond the organisations themselves.
type Context struct {
	// Concentration discounts partners in countries where my ecosystem is
	// already concentrated; nil makes no adjustment.
	Concentration Concentration
	// Vocabulary gives the labels of kinds and domains in plain-language
	// reasons; the zero value uses registry.DefaultVocabulary.
	Vocabulary registry.Vocabulary
}
