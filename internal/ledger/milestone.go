package ledger

import (
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// Milestone is a step of a project with a due date. It is completed when
// it has a completion date; the evidence link shows the completion.
type Milestone struct {
	ID        string `json:"id"` // a slug, unique in the ledger
	ProjectID string `json:"project_id"`
	Title     string `json:"title"`
	Due       Date   `json:"due"`
	Completed Date   `json:"completed,omitzero"`
	Evidence  string `json:"evidence,omitempty"` // http(s) link
}

// IsOpen reports whether m has not been completed.
func (m *Milestone) IsOpen() bool { return m.Completed.IsZero() }

// Late reports whether m is late on day today: it was completed after its
// due date, or it is not completed and today is after its due date. A
// milestone completed on its due date is on time; an open one becomes late
// the day after it is due.
func (m *Milestone) Late(today Date) bool {
	if m.IsOpen() {
		return today.After(m.Due.Last())
	}
	return m.Completed.After(m.Due.Last())
}

// Overdue reports whether m is open and past its due date on day today.
func (m *Milestone) Overdue(today Date) bool {
	return m.IsOpen() && today.After(m.Due.Last())
}

// Normalize trims text.
func (m *Milestone) Normalize() {
	m.ID = strings.TrimSpace(m.ID)
	m.ProjectID = strings.TrimSpace(m.ProjectID)
	m.Title = strings.TrimSpace(m.Title)
	m.Evidence = strings.TrimSpace(m.Evidence)
}

// Validate returns an errs.Invalid error naming every field of m that is
// wrong. Both dates are full dates; the completion needs evidence. Whether
// ProjectID names a project is checked by Ledger.Validate and the store.
func (m *Milestone) Validate() error {
	var p errs.Problems
	checkSlug(&p, "id", m.ID)
	checkIATIActivity(&p, "project_id", m.ProjectID, true)
	checkText(&p, "title", m.Title, MaxTitleLen, true)
	checkDay(&p, "due", m.Due, true)
	checkDay(&p, "completed", m.Completed, false)
	checkURL(&p, "evidence", m.Evidence)
	if !m.Completed.IsZero() && m.Evidence == "" {
		p.Add("evidence", "is required once the milestone is completed")
	}
	return p.Err("validate milestone")
}
