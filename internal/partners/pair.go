package partners

import "slices"

// pairScore is a need scored against one offer.
type pairScore struct {
	typ      string
	text     float64
	place    string
	purpose  bool
	met      bool
	raw      float64 // type + text + place, before weights
	weighted float64 // raw x profile weight x purpose boost
	textPart float64 // the text's share of weighted
}

// pair scores need (of the organisation needer) against offer (of offerer).
func (r *ranking) pair(need *capText, needer *side, offer *capText, offerer *side, profile bool) pairScore {
	var p pairScore
	sameLayer, sameDomain := false, false
	if profile {
		sameLayer = need.cap.Layer != "" && slices.Contains(offerer.org.Layers, need.cap.Layer)
		sameDomain = need.cap.Domain != "" && slices.Contains(offerer.org.Domains, need.cap.Domain)
	} else {
		sameLayer = need.cap.Layer != "" && need.cap.Layer == offer.cap.Layer
		sameDomain = need.cap.Domain != "" && need.cap.Domain == offer.cap.Domain
	}
	var typ float64
	switch {
	case sameLayer && sameDomain:
		p.typ, typ = "layer and domain", typeBoth
	case sameDomain:
		p.typ, typ = "domain", typeDomain
	case sameLayer:
		p.typ, typ = "layer", typeLayer
	}
	p.text = relevance(need.q, offer.doc, r.avgLen)
	switch {
	case names(need.places, offerer.org.Country):
		p.place = offerer.org.Country
	case names(offer.places, needer.org.Country):
		p.place = needer.org.Country
	}
	p.met = p.text >= minText || sameDomain && !profile
	p.raw = typ + textWeight*p.text
	if p.place != "" {
		p.raw += placeBonus
	}
	w := 1.0
	if profile {
		w = profileWeight
	}
	if p.text < fewWords {
		w *= areaWeight
	}
	if need.serves || offer.serves {
		p.purpose = true
		w *= purposeBoost
	}
	p.weighted = p.raw * w
	p.textPart = textWeight * p.text * w
	return p
}

// best is the best offer found for one need.
type best struct {
	need, offer *capText
	profile     bool
	p           pairScore
	discount    float64
	share       float64
	layer       string // the layer of my capability, for the discount
}

func (b best) points() float64 { return b.p.weighted * (1 - b.discount) }

// bestOffer finds the offer (or description) of offerer that best meets
// need, or ok false if none meets it. partner is the candidate; mineIsNeed
// says whether the need is mine. The layer of my own capability in the pair
// decides its diversification discount.
func (r *ranking) bestOffer(need *capText, needer, offerer, partner *side, mineIsNeed bool) (b best, ok bool) {
	consider := func(offer *capText, profile bool) {
		if mineIsNeed {
			// The partner offers: the filters apply to its offer.
			if profile && !r.f.keepsProfile(offerer.org) || !profile && !r.f.keepsCapability(offer.cap.Layer, offer.cap.Domain) {
				return
			}
		}
		p := r.pair(need, needer, offer, offerer, profile)
		if !p.met {
			return
		}
		c := best{need: need, offer: offer, profile: profile, p: p}
		c.layer = need.cap.Layer // my need's, or their need's when my description meets it
		if !mineIsNeed && !profile {
			c.layer = offer.cap.Layer // my offer's
		}
		c.share, c.discount = r.ctx.Concentration.Discount(r.me.org.Country, c.layer, partner.org.Country)
		if !ok || c.points() > b.points() {
			b, ok = c, true
		}
	}
	for i := range offerer.offers {
		consider(&offerer.offers[i], false)
	}
	if p := r.profileOf(offerer); p.doc.length > 0 {
		consider(p, true)
	}
	return b, ok
}
