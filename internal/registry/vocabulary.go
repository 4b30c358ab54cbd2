package registry

import (
	"regexp"

	"github.com/setu-council/setu/internal/errs"
	"slices"
	"sort"
	"strings"
)

// Term is one entry of a controlled vocabulary.
type Term struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Layers are the five layers of the AI stack, in order from top to bottom.
var Layers = []Term{
	{"application", "Application"},
	{"model", "Model"},
	{"semiconductor", "Semiconductor"},
	{"infrastructure", "Infrastructure"},
	{"energy", "Energy"},
}

// DefaultKinds are the kinds of organisation the registry starts with. The
// vocabulary is extensible: the store keeps it in a table.
var DefaultKinds = []Term{
	{"startup", "Startup"},
	{"company", "Company"},
	{"research-institute", "Research institute"},
	{"university", "University"},
	{"industrial-lab", "Industrial lab"},
	{"government", "Government body"},
	{"investor", "Investor"},
	{"tech-hub", "Tech hub"},
	{"non-profit", "Non-profit"},
	{"healthcare", "Healthcare provider"},
	{"funder", "Research funder"},
	{"other", "Other"},
}

// DefaultDomains are the application and technology domains the registry
// starts with. The vocabulary is extensible: the store keeps it in a table.
var DefaultDomains = []Term{
	{"smart-manufacturing", "Smart manufacturing"},
	{"robotics", "Robotics"},
	{"supply-chain", "Supply-chain optimisation"},
	{"green-technology", "Green technology"},
	{"digital-twins", "Digital twins"},
	{"urban-infrastructure", "Urban infrastructure"},
	{"healthcare", "Healthcare"},
	{"agriculture", "Agriculture"},
	{"finance", "Finance"},
	{"language-technology", "Language technology"},
	{"chip-design", "Chip design"},
	{"packaging-atmp", "Packaging / ATMP"},
	{"memory", "Memory"},
	{"data-centres", "Data centres"},
	{"foundation-models", "Foundation models"},
	{"computer-vision", "Computer vision"},
	{"cybersecurity", "Cybersecurity"},
	{"education", "Education"},
	{"mobility", "Mobility and transport"},
	{"climate-energy", "Climate and energy systems"},
	{"materials", "Materials science"},
	{"telecommunications", "Telecommunications"},
	{"public-services", "Public services"},
}

// RelationshipTypes are the kinds of link between organisations (from ROR).
var RelationshipTypes = []string{"parent", "child", "related", "successor", "predecessor"}

// Statuses are the lifecycle states of an organisation record.
var Statuses = []string{"active", "inactive", "withdrawn"}

// Vocabulary is the set of codes a record may use for its kind and domains.
// Layers and countries are fixed; kinds and domains grow with the registry.
type Vocabulary struct {
	Kinds   []Term
	Domains []Term
}

// DefaultVocabulary returns the vocabulary the registry starts with.
func DefaultVocabulary() Vocabulary {
	return Vocabulary{Kinds: slices.Clone(DefaultKinds), Domains: slices.Clone(DefaultDomains)}
}

// HasKind reports whether code is a known kind.
func (v Vocabulary) HasKind(code string) bool { return hasTerm(v.Kinds, code) }

// HasDomain reports whether code is a known domain.
func (v Vocabulary) HasDomain(code string) bool { return hasTerm(v.Domains, code) }

// KindLabel returns the label of a kind, or the code itself.
func (v Vocabulary) KindLabel(code string) string { return termLabel(v.Kinds, code) }

// DomainLabel returns the label of a domain, or the code itself.
func (v Vocabulary) DomainLabel(code string) string { return termLabel(v.Domains, code) }

// IsLayer reports whether code is one of the five AI-stack layers.
func IsLayer(code string) bool { return hasTerm(Layers, code) }

// LayerLabel returns the label of a layer, or the code itself.
func LayerLabel(code string) string { return termLabel(Layers, code) }

func hasTerm(ts []Term, code string) bool {
	for _, t := range ts {
		if t.Code == code {
			return true
		}
	}
	return false
}

func termLabel(ts []Term, code string) string {
	for _, t := range ts {
		if t.Code == code {
			return t.Label
		}
	}
	return code
}

// displayCountryNames shortens the ISO names of the council's partners to
// the names people use.
var displayCountryNames = map[string]string{
	"KR": "South Korea",
	"TW": "Taiwan",
	"VN": "Vietnam",
	"GB": "United Kingdom",
	"US": "United States",
	"LA": "Laos",
	"BN": "Brunei",
	"CN": "China",
	"KP": "North Korea",
	"RU": "Russia",
	"IR": "Iran",
}

// IsCountry reports whether code is an ISO 3166-1 alpha-2 code.
func IsCountry(code string) bool {
	_, ok := countryNames[code]
	return ok
}

// CountryName returns the common English name of an ISO 3166-1 alpha-2
// code, or the code itself if it is unknown.
func CountryName(code string) string {
	if n, ok := displayCountryNames[code]; ok {
		return n
	}
	if n, ok := countryNames[code]; ok {
		// ISO writes "Philippines (the)"; people write "Philippines".
		return strings.TrimSuffix(n, " (the)")
	}
	return code
}

// CountryCodes returns every ISO 3166-1 alpha-2 code, sorted.
func CountryCodes() []string {
	codes := make([]string, 0, len(countryNames))
	for c := range countryNames {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// KindFromROR maps ROR organisation types to a registry kind. A record may
// carry several ROR types; the most specific one wins.
func KindFromROR(types []string) string {
	has := func(t string) bool { return slices.Contains(types, t) }
	switch {
	case has("education"):
		return "university"
	case has("company"):
		return "company"
	case has("facility"):
		return "research-institute"
	case has("government"):
		return "government"
	case has("healthcare"):
		return "healthcare"
	case has("nonprofit"), has("archive"):
		return "non-profit"
	case has("funder"):
		return "funder"
	default:
		return "other"
	}
}

// Validate checks that a new vocabulary term has a code of lower-case
// letters, digits and hyphens and a label.
func (t Term) Validate() error {
	var p errs.Problems
	if !codeRe.MatchString(t.Code) {
		p.Add("code", "%q must be 2-40 lower-case letters, digits or hyphens", t.Code)
	}
	checkText(&p, "label", t.Label, MaxNameLen, true)
	return p.Err("validate term")
}

var codeRe = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)
