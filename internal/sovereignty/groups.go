package sovereignty

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// Group is a named set of partner countries, such as the eastern
// partners. A country belongs to at most one group; countries in none
// belong to OtherGroup.
type Group struct {
	Code      string   `json:"code"`
	Label     string   `json:"label"`
	Countries []string `json:"countries"`
}

// OtherGroup is the code of the implicit group of countries in no group.
const OtherGroup = "other"

// ASEAN lists the members of the Association of Southeast Asian Nations
// (Timor-Leste joined in October 2025).
var ASEAN = []string{"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"}

// EU lists the members of the European Union.
var EU = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// DefaultGroups returns the groups Setu starts with: the eastern partners
// (Japan, Korea, Taiwan, Singapore and the ASEAN members), the traditional
// partners (the US, Canada, the UK, the EU members, Australia) and China.
// The secretariat may edit them.
func DefaultGroups() []Group {
	eastern := append([]string{"JP", "KR", "TW"}, ASEAN...)
	traditional := append([]string{"AU", "CA", "GB", "US"}, EU...)
	slices.Sort(eastern)
	slices.Sort(traditional)
	return []Group{
		{Code: "eastern", Label: "Eastern partners", Countries: eastern},
		{Code: "traditional", Label: "Traditional partners", Countries: traditional},
		{Code: "china", Label: "China", Countries: []string{"CN"}},
	}
}

var (
	groupCode   = regexp.MustCompile(`^[a-z][a-z0-9-]{2,31}$`)
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
)

// IsCountryCode reports whether s has the form of an ISO 3166-1 alpha-2
// code.
func IsCountryCode(s string) bool { return countryCode.MatchString(s) }

// Normalize trims the group's fields, upper-cases and sorts its
// countries and drops duplicates.
func (g *Group) Normalize() {
	g.Code = strings.TrimSpace(g.Code)
	g.Label = strings.TrimSpace(g.Label)
	cs := make([]string, 0, len(g.Countries))
	for _, c := range g.Countries {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	g.Countries = slices.Compact(cs)
}

// Validate checks one group on its own; ValidateGroups checks a set.
func (g Group) Validate() error {
	var p errs.Problems
	if !groupCode.MatchString(g.Code) {
		p.Add("code", "%q: want 3 to 32 lower-case letters, digits and hyphens, starting with a letter (two letters name a country)", g.Code)
	} else if g.Code == OtherGroup {
		p.Add("code", "%q is the implicit group of countries in no group", g.Code)
	}
	if g.Label == "" {
		p.Add("label", "required")
	} else if len(g.Label) > 80 {
		p.Add("label", "at most 80 bytes")
	}
	if len(g.Countries) == 0 {
		p.Add("countries", "at least one country")
	}
	for i, c := range g.Countries {
		if !IsCountryCode(c) {
			p.Add(fmt.Sprintf("countries[%d]", i), "%q is not a two-letter country code", c)
		}
	}
	return p.Err("partner group")
}

// ValidateGroups checks each group and that no country is in two groups.
func ValidateGroups(gs []Group) error {
	var p errs.Problems
	owner := map[string]string{}
	codes := map[string]bool{}
	for i, g := range gs {
		if err := g.Validate(); err != nil {
			p.Add(fmt.Sprintf("groups[%d]", i), "%v", err)
			continue
		}
		if codes[g.Code] {
			p.Add(fmt.Sprintf("groups[%d].code", i), "%q appears twice", g.Code)
		}
		codes[g.Code] = true
		for _, c := range g.Countries {
			if o, ok := owner[c]; ok {
				p.Add(fmt.Sprintf("groups[%d].countries", i), "%s is already in group %q", c, o)
			}
			owner[c] = g.Code
		}
	}
	return p.Err("partner groups")
}

// groupIndex maps each country to its group's code.
type groupIndex map[string]string

func indexGroups(gs []Group) groupIndex {
	ix := groupIndex{}
	for _, g := range gs {
		for _, c := range g.Countries {
			if _, ok := ix[c]; !ok {
				ix[c] = g.Code
			}
		}
	}
	return ix
}

func (ix groupIndex) of(country string) string {
	if g, ok := ix[country]; ok {
		return g
	}
	return OtherGroup
}
