// Package partners ranks counterparts abroad for an organisation, with the
// reasons for each score: which of my needs their offers meet and which of
// theirs mine meet, shared layers and domains, text relevance, purpose and
// diversification. It is pure: no database, no HTTP; the caller fetches the
// candidates. docs/matching.md explains the score.
package partners

import (
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// NeedsProfile returns an organisation that has only needs, for a search
// without a registered profile: each text becomes one need with no layer or
// domain, so that it matches on words (and on places it names). country may
// be empty; if set, partners in it are left out and diversification applies
// to it. A caller that knows the layer and domain of a need can add typed
// capabilities to the result.
func NeedsProfile(country string, texts ...string) *registry.Organisation {
	o := &registry.Organisation{Country: strings.ToUpper(strings.TrimSpace(country)), Status: "active"}
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			o.Capabilities = append(o.Capabilities, registry.Capability{Direction: registry.Need, Text: t})
		}
	}
	return o
}
