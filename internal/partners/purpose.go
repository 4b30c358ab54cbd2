package partners

import (
	"slices"

	"github.com/setu-council/setu/internal/errs"
)

// Purpose is what a partnership is for. It shifts the ranking towards the
// kinds of organisation and the capabilities that serve it.
type Purpose string

// The purposes. AnyPurpose, the zero value, changes nothing.
const (
	AnyPurpose Purpose = ""
	CoCreation Purpose = "co-creation" // building a product or technology together
	Research   Purpose = "research"    // joint research, data, evaluation
	Investment Purpose = "investment"  // money in either direction
	Talent     Purpose = "talent"      // people: placements, training, hiring
)

// Purposes lists the purposes a caller may choose.
var Purposes = []Purpose{CoCreation, Research, Investment, Talent}

// ParsePurpose returns the purpose named s; "" is AnyPurpose.
func ParsePurpose(s string) (Purpose, error) {
	p := Purpose(s)
	if p == AnyPurpose || slices.Contains(Purposes, p) {
		return p, nil
	}
	var pr errs.Problems
	pr.Add("purpose", "%q is not one of co-creation, research, investment, talent", s)
	return AnyPurpose, pr.Err("parse purpose")
}

// purposeRule says how a purpose weighs kinds and capabilities.
type purposeRule struct {
	// words and domains mark a capability that serves the purpose; a pair
	// with such a capability on either side counts purposeBoost times.
	words   map[string]bool
	domains []string
	// kinds multiplies the whole score by the partner's kind; kinds not
	// listed count 1.
	kinds map[string]float64
	// investorKinds replaces kinds when I am an investor or funder myself:
	// then I look for companies to back and co-investors.
	investorKinds map[string]float64
	// reciprocity multiplies reciprocityWeight.
	reciprocity float64
}

var purposeRules = map[Purpose]purposeRule{
	CoCreation: {
		words: setOf("joint", "co", "pilot", "prototyping", "prototype", "integration", "trial",
			"development", "develop", "partner"),
		kinds: map[string]float64{"startup": 1.1, "company": 1.1, "industrial-lab": 1.1,
			"investor": 0.7, "funder": 0.7, "government": 0.8},
		reciprocity: 2,
	},
	Research: {
		words: setOf("research", "researcher", "joint", "dataset", "corpus", "corpora", "benchmark",
			"study", "evaluation", "validation", "postdoctoral", "trial", "characterisation"),
		kinds: map[string]float64{"research-institute": 1.3, "university": 1.3, "industrial-lab": 1.2,
			"non-profit": 1.1, "healthcare": 1.1, "investor": 0.6},
		reciprocity: 1,
	},
	Investment: {
		words: setOf("investment", "investor", "invest", "fund", "funding", "grant", "capital",
			"cheque", "deal", "series", "seed", "round", "equity", "venture"),
		domains:       []string{"finance"},
		kinds:         map[string]float64{"investor": 1.5, "funder": 1.3, "government": 1.1},
		investorKinds: map[string]float64{"investor": 1.3, "funder": 1.2, "startup": 1.3},
		reciprocity:   1,
	},
	Talent: {
		words: setOf("engineer", "placement", "secondment", "training", "train", "technician",
			"researcher", "postdoctoral", "graduate", "mentor", "annotator", "cohort", "course",
			"curriculum", "curricula", "talent", "hiring", "visiting", "internship", "skill",
			"fellowship", "team", "expert", "expertise"),
		domains:     []string{"education"},
		kinds:       map[string]float64{"university": 1.2, "research-institute": 1.1, "investor": 0.5, "funder": 0.8},
		reciprocity: 1,
	},
}

// kindFactor is the multiplier for a partner of kind, when I am of kind mine.
func (r purposeRule) kindFactor(mine, kind string) float64 {
	kinds := r.kinds
	if r.investorKinds != nil && (mine == "investor" || mine == "funder") {
		kinds = r.investorKinds
	}
	if f, ok := kinds[kind]; ok {
		return f
	}
	return 1
}
