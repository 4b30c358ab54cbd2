package desk

import (
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// Barrier is a case of the fast track: something that blocks a lead or an
// organisation, the agency that must act, the target by which it should
// be cleared, how far it has been escalated, and its resolution.
type Barrier struct {
	ID           string         `json:"id"`
	LeadID       string         `json:"lead_id,omitempty"`
	Org          string         `json:"org"` // organisation id of the investor blocked
	OrgName      string         `json:"org_name,omitempty"`
	Category     string         `json:"category"`
	Jurisdiction string         `json:"jurisdiction"` // "national" or a state or province
	Description  string         `json:"description"`
	Agency       string         `json:"agency"`
	OpenedAt     time.Time      `json:"opened_at"`
	TargetDays   int            `json:"target_days"`
	DueAt        time.Time      `json:"due_at"`
	Level        int            `json:"level"`
	LevelName    string         `json:"level_name"`
	Status       string         `json:"status"`
	Resolution   string         `json:"resolution,omitempty"`
	ResolvedAt   *time.Time     `json:"resolved_at,omitempty"`
	ResolvedDays *int           `json:"resolved_days,omitempty"`
	WithinTarget *bool          `json:"within_target,omitempty"`
	Events       []BarrierEvent `json:"events,omitempty"`
}

// BarrierEvent is one step of a barrier: opened, escalated (by an officer
// or automatically when a target passed) or resolved.
type BarrierEvent struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Level  int       `json:"level"`
	Note   string    `json:"note,omitempty"`
}

// The actions of barrier events.
const (
	EventOpened        = "opened"
	EventEscalated     = "escalated"
	EventAutoEscalated = "escalated automatically"
	EventResolved      = "resolved"
)

// Normalize trims the barrier's texts.
func (b *Barrier) Normalize() {
	b.LeadID = strings.TrimSpace(b.LeadID)
	b.Org = strings.TrimSpace(b.Org)
	b.Category = strings.TrimSpace(b.Category)
	b.Jurisdiction = strings.TrimSpace(b.Jurisdiction)
	if strings.EqualFold(b.Jurisdiction, National) {
		b.Jurisdiction = National
	}
	b.Description = strings.TrimSpace(b.Description)
	b.Agency = strings.TrimSpace(b.Agency)
}

// Check reports every problem with the fields a barrier is opened with.
func (b *Barrier) Check() error {
	var p errs.Problems
	if b.LeadID == "" && b.Org == "" {
		p.Add("org", "is required unless lead_id is given")
	}
	switch {
	case b.Category == "":
		p.Add("category", "is required")
	case !hasCode(Categories, b.Category):
		p.Add("category", "%q is not one of %s", b.Category, strings.Join(codes(Categories), ", "))
	}
	if b.Jurisdiction == "" {
		p.Add("jurisdiction", `is required: "national" or the name of a state or province`)
	}
	checkText(&p, "jurisdiction", b.Jurisdiction, 100)
	if b.Description == "" {
		p.Add("description", "is required")
	}
	checkText(&p, "description", b.Description, MaxText)
	if b.Agency == "" {
		p.Add("agency", "is required: the agency that must act")
	}
	checkText(&p, "agency", b.Agency, MaxShortText)
	return p.Err("check barrier")
}

// CheckTarget reports a target resolution time that is out of range or
// for an unknown category.
func CheckTarget(category string, days int) error {
	var p errs.Problems
	if !hasCode(Categories, category) {
		p.Add("category", "%q is not one of %s", category, strings.Join(codes(Categories), ", "))
	}
	if days < 1 || days > MaxTargetDays {
		p.Add("days", "must be between 1 and %d", MaxTargetDays)
	}
	return p.Err("set target")
}

// DueAt is when a barrier opened at opened with a target of days must be
// resolved.
func DueAt(opened time.Time, days int) time.Time {
	return opened.Add(time.Duration(days) * 24 * time.Hour)
}

// DueLevel is the escalation level the rule demands at now for an open
// barrier opened at opened with a target of days: the desk until the
// target passes, the ministry once it has, the council once a second
// target period has passed as well.
func DueLevel(opened time.Time, days int, now time.Time) int {
	due := DueAt(opened, days)
	switch {
	case !now.After(due):
		return LevelDesk
	case !now.After(DueAt(due, days)):
		return LevelMinistry
	}
	return LevelCouncil
}

// Escalation is what the rule does to an open barrier at now: the level
// it must reach, and whether that is higher than its level now. Levels
// never go down: an officer may have escalated early.
func Escalation(level int, opened time.Time, days int, now time.Time) (int, bool) {
	due := DueLevel(opened, days, now)
	if due > level {
		return due, true
	}
	return level, false
}

// CheckEscalate reports why a barrier at level with status cannot be
// escalated by hand.
func CheckEscalate(status string, level int) error {
	switch {
	case status != Open:
		return errs.E("escalate barrier", errs.Conflict, "the barrier is %s", status)
	case level >= LevelCouncil:
		return errs.E("escalate barrier", errs.Conflict, "the barrier is already with the council")
	}
	return nil
}

// CheckResolve reports what is wrong with resolving a barrier.
func CheckResolve(status, resolution string) error {
	if status != Open {
		return errs.E("resolve barrier", errs.Conflict, "the barrier is %s", status)
	}
	var p errs.Problems
	if strings.TrimSpace(resolution) == "" {
		p.Add("resolution", "is required: how the barrier was cleared")
	}
	checkText(&p, "resolution", resolution, MaxText)
	return p.Err("resolve barrier")
}

// Urgency orders open barriers for the queue: those past their target
// first, longest overdue first, then the rest by nearest target.
func Urgency(a, b Barrier, now time.Time) int {
	ao, bo := now.After(a.DueAt), now.After(b.DueAt)
	if ao != bo {
		if ao {
			return -1
		}
		return 1
	}
	return a.DueAt.Compare(b.DueAt)
}
