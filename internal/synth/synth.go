// Package synth makes synthetic organisations in the shape of the
// registry's real data, for benchmarks: names in Latin script with
// labels in Japanese, Chinese, Korean, Thai, Hindi and Vietnamese,
// aliases and acronyms, kinds and countries weighted like the shipped ROR
// extract, layers, domains, offers and needs, and relationships. The
// organisations of a seed are always the same, and the i-th can be made
// without the others. It does no I/O.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/registry"
)

// Source is the provenance source of synthetic organisations.
const Source = "setu-synth"

// Generator makes the synthetic organisations of one seed.
type Generator struct {
	seed      uint64
	next      int
	countries table
	kinds     table
	domains   []registry.Term
}

// New returns a generator of the organisations of seed.
func New(seed uint64) *Generator {
	return &Generator{seed: seed, countries: newTable(countryWeights), kinds: newTable(kindWeights), domains: registry.DefaultDomains}
}

// Next returns the next organisation: the first call returns
// Organisation(0), the next Organisation(1), and so on.
func (g *Generator) Next() *registry.Organisation {
	g.next++
	return g.Organisation(g.next - 1)
}

// RORID returns the synthetic ROR id of the i-th organisation. It has the
// form of a ROR id but ends in 99, a check sum no real ROR id has, so it
// never names a real organisation.
func RORID(i int) string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	var b [9]byte
	b[0] = '0'
	n := uint64(i)
	for j := 6; j >= 1; j-- {
		b[j] = alphabet[n%32]
		n /= 32
	}
	b[7], b[8] = '9', '9'
	return string(b[:])
}

// Organisation returns the i-th organisation of the generator's seed.
func (g *Generator) Organisation(i int) *registry.Organisation {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	country := g.countries.pick(r)
	kind := g.kinds.pick(r)
	pl := places[country][r.IntN(len(places[country]))]
	brand := brandName(r)
	field := fields[r.IntN(len(fields))]
	name := fill(kindPatterns[kind][r.IntN(len(kindPatterns[kind]))], pl.latin, field, brand)
	ror := RORID(i)
	o := &registry.Organisation{
		Name:        name,
		Kind:        kind,
		Country:     country,
		City:        pl.latin,
		ExternalIDs: []registry.ExternalID{{Scheme: registry.SchemeROR, Value: ror}},
		Status:      "active",
		Sample:      true,
		Provenance:  registry.Provenance{Source: Source, SourceID: ror, Release: fmt.Sprintf("seed-%d", g.seed), Licence: "CC0-1.0"},
	}
	if r.IntN(10) < 7 {
		o.Established = 1850 + r.IntN(175)
	}
	if r.IntN(10) < 6 {
		o.Website = "https://www." + slug(name) + ".example"
	}
	// Aliases, acronyms and labels, about as often as in the ROR extract.
	if r.IntN(100) < 80 {
		o.OtherNames = append(o.OtherNames, registry.Name{Type: registry.NameAlias, Value: alias(r, name, pl.latin, brand)})
	}
	if a := acronym(name); len(a) >= 2 && r.IntN(100) < 38 {
		o.OtherNames = append(o.OtherNames, registry.Name{Type: registry.NameAcronym, Value: a})
	}
	if lang, ok := labelLang[country]; ok && pl.native != "" && r.IntN(100) < 90 {
		o.OtherNames = append(o.OtherNames, registry.Name{Type: registry.NameLabel, Lang: lang, Value: label(r, lang, pl.native, kind)})
	}
	// What the registry adds to ROR: layers, domains, offers and needs.
	if r.IntN(100) < 40 {
		for range 1 + r.IntN(2) {
			o.Layers = append(o.Layers, registry.Layers[r.IntN(len(registry.Layers))].Code)
		}
	}
	if r.IntN(100) < 50 {
		for range 1 + r.IntN(3) {
			o.Domains = append(o.Domains, g.domains[r.IntN(len(g.domains))].Code)
		}
	}
	if r.IntN(100) < 30 {
		for range 1 + r.IntN(3) {
			d := g.domains[r.IntN(len(g.domains))]
			c := registry.Capability{Direction: registry.Offer, Domain: d.Code, Layer: registry.Layers[r.IntN(len(registry.Layers))].Code,
				Text: strings.Replace(capabilityTexts[r.IntN(len(capabilityTexts))], "%d", strings.ToLower(d.Label), 1)}
			if r.IntN(2) == 0 {
				c.Direction = registry.Need
			}
			o.Capabilities = append(o.Capabilities, c)
		}
	}
	if r.IntN(100) < 50 {
		o.Description = fmt.Sprintf("%s in %s, %s, working on %s.", registry.DefaultVocabulary().KindLabel(kind), pl.latin,
			registry.CountryName(country), strings.ToLower(field))
	}
	if r.IntN(100) < 35 {
		for range 1 + r.IntN(3) {
			t := i + r.IntN(2001) - 1000
			if t < 0 || t == i {
				continue
			}
			o.Relationships = append(o.Relationships, registry.Relationship{
				Type: registry.RelationshipTypes[r.IntN(len(registry.RelationshipTypes))], TargetScheme: registry.SchemeROR, TargetValue: RORID(t)})
		}
	}
	return o
}

// fill replaces %p, %f and %b in a name pattern.
func fill(pattern, place, field, brand string) string {
	return strings.NewReplacer("%p", place, "%f", field, "%b", brand).Replace(pattern)
}

// brandName makes a word of two or three syllables, capitalised.
func brandName(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(2) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// alias makes another English name: a shortened or reordered form.
func alias(r *rand.Rand, name, place, brand string) string {
	switch r.IntN(4) {
	case 0:
		return strings.Replace(strings.Replace(name, "University", "Univ.", 1), "Institute", "Inst.", 1)
	case 1:
		return brand + " " + place
	case 2:
		return place + " " + strings.Fields(name)[len(strings.Fields(name))-1]
	default:
		return "The " + name
	}
}

// acronym returns the initials of the capitalised words of name.
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// label makes a name in the script of lang: place, a qualifier and the
// word for the kind, spaced as the language spaces them.
func label(r *rand.Rand, lang, place, kind string) string {
	suffix, ok := nativeSuffix[lang][kind]
	if !ok {
		suffix = nativeSuffix[lang][""]
	}
	middle := nativeMiddle[lang][r.IntN(len(nativeMiddle[lang]))]
	switch lang {
	case "vi":
		return suffix + " " + middle + " " + place
	case "hi", "ko":
		return place + " " + middle + " " + suffix
	default:
		return place + middle + suffix
	}
}

// slug makes a host name part from a name.
func slug(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// table draws values with their weights.
type table struct {
	values []string
	cum    []int
}

func newTable(ws []weighted) table {
	var t table
	sum := 0
	for _, w := range ws {
		sum += w.weight
		t.values = append(t.values, w.value)
		t.cum = append(t.cum, sum)
	}
	return t
}

func (t table) pick(r *rand.Rand) string {
	x := r.IntN(t.cum[len(t.cum)-1])
	for i, c := range t.cum {
		if x < c {
			return t.values[i]
		}
	}
	return t.values[len(t.values)-1]
}
