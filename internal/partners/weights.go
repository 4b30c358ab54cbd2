package partners

// The weights of the score, all in one place. docs/matching.md explains each
// with an example; change both together.
const (
	// Capability type: how a need and an offer are typed alike.
	typeBoth   = 1.0  // same layer and same domain
	typeDomain = 0.5  // same domain, other layer
	typeLayer  = 0.25 // same layer, other domain

	// textWeight multiplies text relevance (0 to 1) in a pair's score, so
	// that words in common can count up to twice a same-layer-and-domain
	// match: the layer and domain vocabularies are coarse, the words are not.
	textWeight = 2.0

	// placeBonus is added to a pair when the need names the country of the
	// organisation that offers ("from India"), or the offer names the
	// country of the one that needs ("for Indian startups").
	placeBonus = 0.5

	// minText is the text relevance at which a pair counts as met without a
	// shared domain: a quarter of the need's weighted words. With a shared
	// domain a pair counts whatever its words.
	minText = 0.25

	// fewWords is the text relevance below which need and offer are only
	// "in the same area": they share a domain but hardly a word. Such a
	// pair counts areaWeight times, and the plain-language reason does not
	// say that the offer meets the need.
	fewWords   = 0.1
	areaWeight = 0.5

	// profileWeight scales a pair in which the organisation's description
	// stands in for an offer: a description says what it does, not what it
	// offers to partners.
	profileWeight = 0.5

	// servedWeight scales the points for the partner's needs that my offers
	// meet, relative to my needs that theirs meet (1).
	servedWeight = 0.5

	// reciprocityWeight scales the bonus for a match useful both ways: the
	// smaller of the two directions' points. Co-creation doubles it.
	reciprocityWeight = 0.5

	// Shared organisation-level domains and layers, each counted up to
	// sharedMax times.
	sharedDomain = 0.1
	sharedLayer  = 0.05
	sharedMax    = 3

	// purposeBoost multiplies a pair in which either capability serves the
	// chosen purpose (a finance capability for investment, say).
	purposeBoost = 1.5

	// Diversification: a partner country's share of my ecosystem's
	// partnerships in a layer above divFloor discounts that layer's pairs,
	// linearly, up to divMax at a share of 100%.
	divFloor = 0.25
	divMax   = 0.5

	// BM25 parameters, the usual ones.
	bm25K1 = 1.2
	bm25B  = 0.75
)
