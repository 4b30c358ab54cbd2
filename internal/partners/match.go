package partners

import (
	"cmp"
	"slices"

	"github.com/setu-council/setu/internal/registry"
)

// Match is one ranked partner: who it is, its score and why.
type Match struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Country string  `json:"country"`
	Kind    string  `json:"kind"`
	Score   float64 `json:"score"`
	Reasons Reasons `json:"reasons"`
}

// Reasons explains a score twice: as structured evidence a program can
// check and show, and as sentences for a person (Plain).
type Reasons struct {
	// NeedsMet are my needs that the partner's offers meet, each paired
	// with the offer that meets it best, strongest first.
	NeedsMet []Pair `json:"needs_met"`
	// NeedsServed are the partner's needs that my offers meet.
	NeedsServed []Pair `json:"needs_served"`
	// SharedLayers and SharedDomains are the organisation-level layers and
	// domains we have in common, in my order.
	SharedLayers  []string `json:"shared_layers"`
	SharedDomains []string `json:"shared_domains"`
	// Discounts are the diversification discounts, one per layer in which
	// the partner's country already holds much of my ecosystem's
	// partnerships.
	Discounts []Discount `json:"discounts"`
	// Purpose is the purpose the ranking was asked for.
	Purpose Purpose `json:"purpose,omitempty"`
	// Points breaks the score down.
	Points Points `json:"points"`
	// Plain says all of the above in sentences, most important first.
	Plain []string `json:"plain"`
}

// Pair is a need and the offer that best meets it.
type Pair struct {
	Need  registry.Capability `json:"need"`
	Offer registry.Capability `json:"offer"`
	// Profile is set when no stated offer met the need but the offering
	// organisation's description did; Offer.Text is then the description.
	Profile bool `json:"profile,omitempty"`
	// Type says how need and offer are typed alike: "layer and domain",
	// "domain", "layer" or "" (words only).
	Type string `json:"type"`
	// Text is the text relevance, 0 to 1: the share of the need's words,
	// weighted by rarity, that the offer uses (BM25).
	Text float64 `json:"text"`
	// Place is the country (ISO code) that makes the pair a better fit:
	// the offering organisation's, when the need names it ("from Taiwan"),
	// or the needing organisation's, when the offer names it ("for Indian
	// startups"); "" if neither.
	Place string `json:"place,omitempty"`
	// Purpose is set when need or offer serves the ranking's purpose.
	Purpose bool `json:"purpose,omitempty"`
	// Discount is the diversification discount applied to the pair (0 to
	// 0.5).
	Discount float64 `json:"discount,omitempty"`
	// Points is what the pair adds to its direction's points.
	Points float64 `json:"points"`
}

// Discount is the diversification discount in one layer.
type Discount struct {
	Layer string `json:"layer"`
	// Share is the partner's country's share of my country's partnerships
	// in the layer, 0 to 1.
	Share float64 `json:"share"`
	// Discount is the fraction by which the layer's pairs count less.
	Discount float64 `json:"discount"`
	// Points is what the discount took off the layer's pairs, before the
	// reciprocity bonus and the kind factor.
	Points float64 `json:"points"`
}

// Points breaks a score down: Score = (NeedsMet + NeedsServed + Reciprocity
// + Shared) x KindFactor.
type Points struct {
	// NeedsMet adds up the pairs of Reasons.NeedsMet.
	NeedsMet float64 `json:"needs_met"`
	// NeedsServed adds up the pairs of Reasons.NeedsServed, at half weight.
	NeedsServed float64 `json:"needs_served"`
	// Reciprocity is the bonus for a match that is useful both ways.
	Reciprocity float64 `json:"reciprocity"`
	// Shared counts the shared layers and domains.
	Shared float64 `json:"shared"`
	// KindFactor is the purpose's multiplier for the partner's kind; 1
	// without a purpose.
	KindFactor float64 `json:"kind_factor"`
	// Text is the part of NeedsMet and NeedsServed that came from words in
	// common (text relevance), as opposed to layer, domain and place.
	Text float64 `json:"text"`
	// Diversification is what the diversification discount took off the
	// score, all told (zero or negative).
	Diversification float64 `json:"diversification"`
}

// pairs turns the best offers into reasons, strongest first; w and kind
// scale their points as in the score.
func pairs(bs []best, w, kind float64) []Pair {
	out := make([]Pair, 0, len(bs))
	for _, b := range bs {
		p := Pair{Need: b.need.cap, Offer: b.offer.cap, Profile: b.profile, Type: b.p.typ,
			Text: round3(b.p.text), Place: b.p.place, Purpose: b.p.purpose,
			Discount: round3(b.discount), Points: round(b.points() * w * kind)}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b Pair) int { return cmp.Compare(b.Points, a.Points) })
	return out
}

// discounts sums the diversification discounts by layer.
func discounts(met, served []best, kind float64) []Discount {
	out := []Discount{}
	add := func(b best, w float64) {
		if b.discount == 0 {
			return
		}
		lost := b.p.weighted * b.discount * w * kind
		for i := range out {
			if out[i].Layer == b.layer {
				out[i].Points -= lost
				return
			}
		}
		out = append(out, Discount{Layer: b.layer, Share: round3(b.share), Discount: round3(b.discount), Points: -lost})
	}
	for _, b := range met {
		add(b, 1)
	}
	for _, b := range served {
		add(b, servedWeight)
	}
	for i := range out {
		out[i].Points = round(out[i].Points)
	}
	slices.SortFunc(out, func(a, b Discount) int { return cmp.Compare(a.Layer, b.Layer) })
	return out
}

// common returns the items of mine also in theirs, in my order.
func common(mine, theirs []string) []string {
	out := []string{}
	for _, x := range mine {
		if slices.Contains(theirs, x) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
