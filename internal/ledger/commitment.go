package ledger

import (
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Commitment is one thing a framework promises. Its status is never typed
// in: Status derives it from the projects that serve it (see status.go).
type Commitment struct {
	ID          string `json:"id"` // a slug, e.g. "jai.c1"
	FrameworkID string `json:"framework_id"`
	Text        string `json:"text"`
	// Layers and Domains tag the commitment with the registry's
	// vocabularies, so projects and organisations can be matched to it.
	Layers  []string `json:"layers"`
	Domains []string `json:"domains"`
	// Target is the date by which the commitment is due, at the precision
	// the source gives; "2030" is due by 2030-12-31. Zero when none is set:
	// such a commitment is never overdue.
	Target Date `json:"target,omitzero"`
	// Responsible is the party that is to keep the commitment, when the
	// source names one.
	Responsible Party  `json:"responsible,omitzero"`
	Source      Source `json:"source"`
}

// Normalize trims text and drops empty and repeated list entries.
func (c *Commitment) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.FrameworkID = strings.TrimSpace(c.FrameworkID)
	c.Text = strings.TrimSpace(c.Text)
	c.Layers = cleanList(c.Layers)
	c.Domains = cleanList(c.Domains)
	c.Responsible.normalize()
	c.Source.normalize()
}

// Validate returns an errs.Invalid error naming every field of c that is
// wrong. Whether FrameworkID names a framework is checked by
// Ledger.Validate and the store.
func (c *Commitment) Validate(v registry.Vocabulary) error {
	var p errs.Problems
	checkSlug(&p, "id", c.ID)
	checkSlug(&p, "framework_id", c.FrameworkID)
	checkText(&p, "text", c.Text, MaxTextLen, true)
	checkLayers(&p, "layers", c.Layers)
	checkDomains(&p, "domains", c.Domains, v)
	if !c.Responsible.IsZero() {
		c.Responsible.check(&p, "responsible")
	}
	c.Source.check(&p, "source")
	return p.Err("validate commitment")
}
