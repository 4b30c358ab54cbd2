package ledger

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Ledger is a set of records: what the store loads to compute figures, and
// the form of the shipped data file (which holds frameworks and
// commitments only).
type Ledger struct {
	Frameworks  []Framework  `json:"frameworks"`
	Commitments []Commitment `json:"commitments"`
	Projects    []Project    `json:"projects,omitempty"`
	Milestones  []Milestone  `json:"milestones,omitempty"`
	Outputs     []Output     `json:"outputs,omitempty"`
}

// Decode reads a ledger in JSON, rejecting unknown fields and trailing
// data. It does not validate; call Normalize and Validate.
func Decode(r io.Reader) (*Ledger, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var l Ledger
	if err := dec.Decode(&l); err != nil {
		return nil, &errs.Error{Op: "decode ledger", Kind: errs.Invalid, Msg: "not a ledger file", Err: err}
	}
	if dec.More() {
		return nil, errs.E("decode ledger", errs.Invalid, "trailing data after the ledger")
	}
	return &l, nil
}

// Normalize normalises every record.
func (l *Ledger) Normalize() {
	for i := range l.Frameworks {
		l.Frameworks[i].Normalize()
	}
	for i := range l.Commitments {
		l.Commitments[i].Normalize()
	}
	for i := range l.Projects {
		l.Projects[i].Normalize()
	}
	for i := range l.Milestones {
		l.Milestones[i].Normalize()
	}
	for i := range l.Outputs {
		l.Outputs[i].Normalize()
	}
}

// Validate validates every record and the references between them: ids
// are unique per kind of record; a commitment's framework, a framework's
// Implements, a project's commitments and a milestone's or output's project
// exist in the ledger; no project is its own ancestor. A project's parent
// may be outside the ledger (another publisher's activity). Field names are
// prefixed with the record's place, e.g. "projects[3].budgets[0].currency".
// Whether organisation ids exist is the store's to check.
func (l *Ledger) Validate(v registry.Vocabulary) error {
	var p errs.Problems
	frameworks := map[string]bool{}
	for i := range l.Frameworks {
		f := &l.Frameworks[i]
		at := fmt.Sprintf("frameworks[%d]", i)
		prefixed(&p, at+".", f.Validate())
		unique(&p, frameworks, at+".id", f.ID)
	}
	for i := range l.Frameworks {
		for j, id := range l.Frameworks[i].Implements {
			if !frameworks[id] {
				p.Add(fmt.Sprintf("frameworks[%d].implements[%d]", i, j), "%q is not a framework in the ledger", id)
			}
		}
	}
	commitments := map[string]bool{}
	for i := range l.Commitments {
		c := &l.Commitments[i]
		at := fmt.Sprintf("commitments[%d]", i)
		prefixed(&p, at+".", c.Validate(v))
		unique(&p, commitments, at+".id", c.ID)
		if c.FrameworkID != "" && !frameworks[c.FrameworkID] {
			p.Add(at+".framework_id", "%q is not a framework in the ledger", c.FrameworkID)
		}
	}
	projects := map[string]bool{}
	parent := map[string]string{}
	for i := range l.Projects {
		pj := &l.Projects[i]
		at := fmt.Sprintf("projects[%d]", i)
		prefixed(&p, at+".", pj.Validate(v))
		unique(&p, projects, at+".id", pj.ID)
		parent[pj.ID] = pj.ParentID
		for j, id := range pj.Commitments {
			if !commitments[id] {
				p.Add(fmt.Sprintf("%s.commitments[%d]", at, j), "%q is not a commitment in the ledger", id)
			}
		}
	}
	for i := range l.Projects {
		if inCycle(parent, l.Projects[i].ID) {
			p.Add(fmt.Sprintf("projects[%d].parent_id", i), "the project is its own ancestor")
		}
	}
	milestones := map[string]bool{}
	for i := range l.Milestones {
		m := &l.Milestones[i]
		at := fmt.Sprintf("milestones[%d]", i)
		prefixed(&p, at+".", m.Validate())
		unique(&p, milestones, at+".id", m.ID)
		if m.ProjectID != "" && !projects[m.ProjectID] {
			p.Add(at+".project_id", "%q is not a project in the ledger", m.ProjectID)
		}
	}
	outputs := map[string]bool{}
	for i := range l.Outputs {
		o := &l.Outputs[i]
		at := fmt.Sprintf("outputs[%d]", i)
		prefixed(&p, at+".", o.Validate())
		unique(&p, outputs, at+".id", o.ID)
		if o.ProjectID != "" && !projects[o.ProjectID] {
			p.Add(at+".project_id", "%q is not a project in the ledger", o.ProjectID)
		}
	}
	return p.Err("validate ledger")
}

func unique(p *errs.Problems, seen map[string]bool, field, id string) {
	if id == "" {
		return
	}
	if seen[id] {
		p.Add(field, "%q is used by another record", id)
	}
	seen[id] = true
}

// inCycle reports whether following parent links from id comes back to id.
func inCycle(parent map[string]string, id string) bool {
	seen := map[string]bool{}
	for cur := parent[id]; cur != ""; cur = parent[cur] {
		if cur == id {
			return true
		}
		if seen[cur] {
			return false // a cycle that does not include id
		}
		seen[cur] = true
	}
	return false
}
