package partners

import (
	"cmp"
	"math"
	"slices"

	"github.com/setu-council/setu/internal/registry"
)

// Rank ranks candidates as partners for me, best first, with the reasons
// for each score. me is a registered organisation or a needs-only profile
// (see NeedsProfile). Candidates in my country, me itself, inactive and
// withdrawn organisations, and candidates that neither meet one of my needs
// nor have a need I meet are left out. Equal scores are ordered by id, so
// the same candidates in any order give the same ranking; candidates must
// have distinct ids.
//
// Text relevance weighs words by their rarity among the candidates'
// capability texts, so the caller decides what "rare" means by what it
// passes: all organisations, or those a store query found for my layers,
// domains and words.
func Rank(me *registry.Organisation, candidates []*registry.Organisation, f Filters, c Context) []Match {
	r := newRanking(me, candidates, f, c)
	type scored struct {
		i     int
		score float64
	}
	var found []scored
	for i := range r.cands {
		if !r.eligible(&r.cands[i]) {
			continue
		}
		if s, ok := r.evaluate(&r.cands[i], nil); ok {
			found = append(found, scored{i, s})
		}
	}
	slices.SortFunc(found, func(a, b scored) int {
		if byScore := cmp.Compare(b.score, a.score); byScore != 0 {
			return byScore
		}
		return cmp.Compare(r.cands[a.i].org.ID, r.cands[b.i].org.ID)
	})
	if f.Limit > 0 && len(found) > f.Limit {
		found = found[:f.Limit]
	}
	out := make([]Match, len(found))
	for k, s := range found {
		r.evaluate(&r.cands[s.i], &out[k])
	}
	return out
}

// capText is a capability (or an organisation's description) prepared for
// matching.
type capText struct {
	cap    registry.Capability
	doc    document
	places []string
	serves bool  // serves the ranking's purpose
	q      query // for needs, once the corpus is complete
}

// side is an organisation prepared for matching.
type side struct {
	org      *registry.Organisation
	offers   []capText
	needs    []capText
	profile  capText // the description, standing in for an offer
	profiled bool    // profile is prepared
}

type ranking struct {
	me      side
	cands   []side
	f       Filters
	ctx     Context
	rule    purposeRule
	dict    dictionary
	corpus  corpus
	avgLen  float64
	recipW  float64
	scratch []int32 // term ids of the text being prepared
}

func newRanking(me *registry.Organisation, candidates []*registry.Organisation, f Filters, c Context) *ranking {
	r := &ranking{f: f, ctx: c, rule: purposeRules[f.Purpose], dict: dictionary{}, recipW: reciprocityWeight}
	if f.Purpose != AnyPurpose {
		r.recipW *= r.rule.reciprocity
	}
	if r.ctx.Vocabulary.Kinds == nil && r.ctx.Vocabulary.Domains == nil {
		r.ctx.Vocabulary = registry.DefaultVocabulary()
	}
	r.me = r.prepare(me)
	r.cands = make([]side, 0, len(candidates))
	for _, o := range candidates {
		if o == nil || o == me || me.ID != "" && o.ID == me.ID {
			continue
		}
		s := r.prepare(o)
		for _, c := range s.offers {
			r.corpus.add(c.doc)
		}
		for _, c := range s.needs {
			r.corpus.add(c.doc)
		}
		r.cands = append(r.cands, s)
	}
	r.avgLen = r.corpus.avgLen()
	for i := range r.me.needs {
		r.me.needs[i].q = newQuery(&r.corpus, r.me.needs[i].doc)
	}
	return r
}

func (r *ranking) prepare(o *registry.Organisation) side {
	s := side{org: o}
	for _, c := range o.Capabilities {
		t := r.text(c.Text, c.Domain)
		t.cap = c
		switch c.Direction {
		case registry.Offer:
			s.offers = append(s.offers, t)
		case registry.Need:
			s.needs = append(s.needs, t)
		}
	}
	return s
}

// profileOf returns s's description prepared as an offer, preparing it on
// first use: only organisations that are scored need it, and it is not part
// of the corpus.
func (r *ranking) profileOf(s *side) *capText {
	if !s.profiled {
		s.profiled = true
		if d := s.org.Description; d != "" {
			s.profile = r.text(d, "")
			s.profile.cap = registry.Capability{Direction: registry.Offer, Text: d}
		}
	}
	return &s.profile
}

func (r *ranking) text(s, domain string) capText {
	purpose := r.f.Purpose != AnyPurpose
	serves := purpose && slices.Contains(r.rule.domains, domain)
	r.scratch = r.scratch[:0]
	places := eachTerm(s, func(t []byte) {
		r.scratch = append(r.scratch, r.dict.id(t))
		if purpose && !serves && r.rule.words[string(t)] {
			serves = true
		}
	})
	return capText{doc: documentOf(r.scratch), places: places, serves: serves}
}

// eligible reports whether a candidate may be ranked at all.
func (r *ranking) eligible(s *side) bool {
	o := s.org
	if o.Status == "inactive" || o.Status == "withdrawn" {
		return false
	}
	if r.me.org.Country != "" && o.Country == r.me.org.Country {
		return false
	}
	return r.f.keepsOrganisation(o)
}

// evaluate scores a candidate. With m nil it only scores; otherwise it
// fills m with the match and its reasons.
func (r *ranking) evaluate(s *side, m *Match) (float64, bool) {
	var met, served []best
	var fwd, fwd0, rev, rev0, text float64
	for i := range r.me.needs {
		if b, ok := r.bestOffer(&r.me.needs[i], &r.me, s, s, true); ok {
			fwd += b.points()
			fwd0 += b.p.weighted
			text += b.p.textPart * (1 - b.discount)
			if m != nil {
				met = append(met, b)
			}
		}
	}
	for i := range s.needs {
		n := &s.needs[i]
		if !r.f.keepsCapability(n.cap.Layer, n.cap.Domain) {
			continue
		}
		if n.q.ids == nil {
			n.q = newQuery(&r.corpus, n.doc)
		}
		if b, ok := r.bestOffer(n, s, &r.me, s, false); ok {
			rev += b.points()
			rev0 += b.p.weighted
			text += servedWeight * b.p.textPart * (1 - b.discount)
			if m != nil {
				served = append(served, b)
			}
		}
	}
	if fwd0 == 0 && rev0 == 0 {
		return 0, false
	}
	layers := common(r.me.org.Layers, s.org.Layers)
	domains := common(r.me.org.Domains, s.org.Domains)
	shared := sharedDomain*float64(min(len(domains), sharedMax)) + sharedLayer*float64(min(len(layers), sharedMax))
	kind := 1.0
	if r.f.Purpose != AnyPurpose {
		kind = r.rule.kindFactor(r.me.org.Kind, s.org.Kind)
	}
	total := func(fwd, rev float64) float64 {
		return round((fwd + servedWeight*rev + r.recipW*min(fwd, rev) + shared) * kind)
	}
	score := total(fwd, rev)
	if m == nil {
		return score, true
	}
	*m = Match{ID: s.org.ID, Name: s.org.Name, Country: s.org.Country, Kind: s.org.Kind, Score: score}
	m.Reasons = Reasons{
		NeedsMet:      pairs(met, 1, kind),
		NeedsServed:   pairs(served, servedWeight, kind),
		SharedLayers:  layers,
		SharedDomains: domains,
		Discounts:     discounts(met, served, kind),
		Purpose:       r.f.Purpose,
		Points: Points{
			NeedsMet:        round(fwd * kind),
			NeedsServed:     round(servedWeight * rev * kind),
			Reciprocity:     round(r.recipW * min(fwd, rev) * kind),
			Shared:          round(shared * kind),
			KindFactor:      kind,
			Text:            round(text * kind),
			Diversification: round(score - total(fwd0, rev0)),
		},
	}
	m.Reasons.Plain = r.explain(s, m)
	return score, true
}

// round keeps six decimals, so that scores compare equal across platforms
// that round the last bits of a float differently.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func round3(x float64) float64 { return math.Round(x*1e3) / 1e3 }
