package partners

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// explain says why s scored m.Score, in sentences for a programme officer,
// most important first.
func (r *ranking) explain(s *side, m *Match) []string {
	v := r.ctx.Vocabulary
	rs := &m.Reasons
	var out []string
	say := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	who := fmt.Sprintf("%s (%s, %s)", s.org.Name, strings.ToLower(v.KindLabel(s.org.Kind)), registry.CountryName(s.org.Country))
	mine := tally(rs.NeedsMet, "your needs", "meets %s of %s", "is in the same area as %s of %s")
	theirs := tally(rs.NeedsServed, "their needs", "your offers meet %s of %s", "your offers are in the same area as %s of %s")
	switch {
	case mine != "" && theirs != "":
		say("%s %s, and %s: useful both ways.", who, mine, theirs)
	case mine != "":
		say("%s %s.", who, mine)
	default:
		say("%s: %s; none of your needs is met by its offers.", who, theirs)
	}
	for _, p := range rs.NeedsMet {
		what := "their offer"
		if p.Profile {
			what = "their description"
		}
		say("%s (+%s points).", r.pairSentence(p, "Your need", what), num(p.Points))
	}
	for _, p := range rs.NeedsServed {
		what := "your offer"
		if p.Profile {
			what = "your description"
		}
		say("%s (+%s points; their needs count half).", r.pairSentence(p, "Their need", what), num(p.Points))
	}
	pt := rs.Points
	if pt.Reciprocity > 0 {
		how := "half the smaller side's points"
		if r.recipW >= 1 {
			how = "the smaller side's points, in full for co-creation"
		}
		say("Useful both ways: +%s points for reciprocity (%s).", num(pt.Reciprocity), how)
	}
	if len(rs.SharedLayers)+len(rs.SharedDomains) > 0 {
		var parts []string
		if len(rs.SharedDomains) > 0 {
			parts = append(parts, plural(len(rs.SharedDomains), "the domain ", "the domains ")+list(rs.SharedDomains, v.DomainLabel))
		}
		if len(rs.SharedLayers) > 0 {
			parts = append(parts, plural(len(rs.SharedLayers), "the layer ", "the layers ")+list(rs.SharedLayers, registry.LayerLabel))
		}
		say("You share %s: +%s points.", strings.Join(parts, " and "), num(pt.Shared))
	}
	if total := pt.NeedsMet + pt.NeedsServed; total > 0 {
		say("Words in common (text relevance) give %s of the %s points from needs and offers.", num(pt.Text), num(total))
	}
	if rs.Purpose != AnyPurpose {
		switch f := pt.KindFactor; {
		case f > 1:
			say("For %s, a partner that is %s counts %d%% more.", rs.Purpose, article(v.KindLabel(s.org.Kind)), pct(f-1))
		case f < 1:
			say("For %s, a partner that is %s counts %d%% less.", rs.Purpose, article(v.KindLabel(s.org.Kind)), pct(1-f))
		}
		n := 0
		for _, p := range append(append([]Pair(nil), rs.NeedsMet...), rs.NeedsServed...) {
			if p.Purpose {
				n++
			}
		}
		if n > 0 {
			say("%s %s %s and %s %d%% more.", count(n, "pair"), plural(n, "serves", "serve"), rs.Purpose, plural(n, "counts", "count"), pct(purposeBoost-1))
		}
	}
	for _, d := range rs.Discounts {
		say("Diversification: %s already holds %d%% of %s's partnerships in the %s layer, so matches in that layer count %d%% less (%s points).",
			registry.CountryName(s.org.Country), pct(d.Share), registry.CountryName(r.me.org.Country), registry.LayerLabel(d.Layer), pct(d.Discount), num(d.Points))
	}
	return out
}

// pairSentence says how need and offer fit. A pair that shares a domain
// but few words is said to be in the same area, not to meet the need, so
// that the sentence claims no more than the evidence.
func (r *ranking) pairSentence(p Pair, need, offer string) string {
	if p.Text < fewWords {
		return fmt.Sprintf("%s %s and %s %s are in the same area but share few words: %s", need, quote(p.Need.Text), offer, quote(p.Offer.Text), r.pairWhy(p))
	}
	return fmt.Sprintf("%s %s is met by %s %s: %s", need, quote(p.Need.Text), offer, quote(p.Offer.Text), r.pairWhy(p))
}

// tally says how many pairs meet a need and how many are only in the same
// area ("meets 2 of your needs, with 1 more in the same area").
func tally(ps []Pair, whose, metFormat, areaFormat string) string {
	met, area := 0, 0
	for _, p := range ps {
		if p.Text < fewWords {
			area++
		} else {
			met++
		}
	}
	switch {
	case met > 0 && area > 0:
		return fmt.Sprintf(metFormat, strconv.Itoa(met), whose) + fmt.Sprintf(", with %d more in the same area", area)
	case met > 0:
		return fmt.Sprintf(metFormat, strconv.Itoa(met), whose)
	case area > 0:
		return fmt.Sprintf(areaFormat, strconv.Itoa(area), whose)
	}
	return ""
}

// pairWhy says what makes a need and an offer fit.
func (r *ranking) pairWhy(p Pair) string {
	v := r.ctx.Vocabulary
	var parts []string
	switch p.Type {
	case "layer and domain":
		parts = append(parts, fmt.Sprintf("same layer and domain (%s, %s)", registry.LayerLabel(p.Need.Layer), v.DomainLabel(p.Need.Domain)))
	case "domain":
		parts = append(parts, fmt.Sprintf("same domain (%s)", v.DomainLabel(p.Need.Domain)))
	case "layer":
		parts = append(parts, fmt.Sprintf("same layer (%s)", registry.LayerLabel(p.Need.Layer)))
	}
	if p.Text > 0 {
		where := "offer"
		if p.Profile {
			where = "description"
		}
		parts = append(parts, fmt.Sprintf("%d%% of the need's words, weighted by rarity, in the %s", pct(p.Text), where))
	}
	if p.Place != "" {
		parts = append(parts, "and "+registry.CountryName(p.Place)+" is named")
	}
	if p.Discount > 0 {
		parts = append(parts, fmt.Sprintf("less %d%% for diversification", pct(p.Discount)))
	}
	return strings.Join(parts, ", ")
}

func quote(s string) string { return "“" + s + "”" }

func num(x float64) string { return fmt.Sprintf("%.2f", x) }

func pct(x float64) int { return int(math.Round(x * 100)) }

func count(n int, noun string) string { return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s")) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func article(label string) string {
	l := strings.ToLower(label)
	if strings.ContainsRune("aeiou", rune(l[0])) {
		return "an " + l
	}
	return "a " + l
}

func list(codes []string, label func(string) string) string {
	ls := make([]string, len(codes))
	for i, c := range codes {
		ls[i] = label(c)
	}
	if len(ls) <= 1 {
		return strings.Join(ls, "")
	}
	return strings.Join(ls[:len(ls)-1], ", ") + " and " + ls[len(ls)-1]
}
