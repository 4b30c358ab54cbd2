package ror

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/setu-council/setu/internal/registry"
)

// Licence is the SPDX id of ROR data's licence.
const Licence = "CC0-1.0"

// Organisation maps a ROR record to a registry organisation: the display
// name, aliases, acronyms and labels become its names; the ROR types its
// kind (registry.KindFromROR); the first web link that is not Wikipedia its
// website; the short ROR id its external id, and its relationships keep
// pointing at ROR ids. ROR records say nothing of AI-stack layers, domains
// or capabilities, so those stay empty.
func (r Record) Organisation() *registry.Organisation {
	o := &registry.Organisation{
		Name:        r.Display,
		Kind:        registry.KindFromROR(r.Types),
		Country:     r.Country,
		City:        r.City,
		Established: r.Established,
		Website:     website(r.Links),
		Status:      r.Status,
		Provenance: registry.Provenance{
			Source:   "ror",
			SourceID: r.ID,
			Release:  release(r),
			Licence:  Licence,
		},
	}
	for _, a := range r.Aliases {
		o.OtherNames = append(o.OtherNames, registry.Name{Value: a, Type: registry.NameAlias})
	}
	for _, a := range r.Acronyms {
		o.OtherNames = append(o.OtherNames, registry.Name{Value: a, Type: registry.NameAcronym})
	}
	for _, l := range r.Labels {
		o.OtherNames = append(o.OtherNames, registry.Name{Value: l.Value, Type: registry.NameLabel, Lang: labelLang(l)})
	}
	if short, err := ShortID(r.ID); err == nil {
		o.ExternalIDs = []registry.ExternalID{{Scheme: registry.SchemeROR, Value: short}}
	}
	for _, rel := range r.Relationships {
		short, err := ShortID(rel.ID)
		if err != nil {
			continue
		}
		o.Relationships = append(o.Relationships, registry.Relationship{Type: rel.Type, TargetScheme: registry.SchemeROR, TargetValue: short})
	}
	return o
}

// labelLang returns a label's language. A few ROR records tag Korean
// labels "kr" (Kanuri) where "ko" is meant; a "kr" label written in Hangul
// is taken as Korean.
func labelLang(l Label) string {
	if l.Lang == "kr" && strings.IndexFunc(l.Value, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0 {
		return "ko"
	}
	return l.Lang
}

func release(r Record) string {
	switch {
	case r.Release != "" && r.LastModified != "":
		return r.Release + " (" + r.LastModified + ")"
	case r.Release != "":
		return r.Release
	default:
		return r.LastModified
	}
}

// website returns the first http(s) link that is not a Wikipedia page.
func website(links []string) string {
	for _, l := range links {
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		if strings.HasSuffix(u.Host, "wikipedia.org") {
			continue
		}
		return l
	}
	return ""
}
