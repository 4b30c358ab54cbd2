package ledger

// Status is a commitment's derived status. It is never typed in: Derive
// computes it from the projects that serve the commitment, their
// milestones, the commitment's target date and the day.
type Status string

// The statuses of a commitment. The rules, applied in this order (the first
// that holds wins):
//
//  1. Delivered: at least one serving project is complete (IATI status 3
//     finalisation or 4 closed) and has no open milestone.
//  2. Overdue: not delivered, the commitment has a target date, and today
//     is after the last day the target covers ("2030" is met by 2030-12-31;
//     on the target day itself the commitment is not yet overdue).
//  3. InProgress: not delivered or overdue, and at least one serving project
//     has started (IATI status 2 implementation, 3, 4, or 6 suspended after
//     starting).
//  4. StatementOnly: none of the above: no serving project, or only pipeline
//     (1) and cancelled (5) ones.
//
// A project serves a commitment when it lists the commitment's id in its
// Commitments; a child project does not inherit its parent's list.
const (
	StatementOnly Status = "statement-only"
	InProgress    Status = "in-progress"
	Delivered     Status = "delivered"
	Overdue       Status = "overdue"
)

// Statuses lists the statuses in the order figures show them.
var Statuses = []Status{StatementOnly, InProgress, Delivered, Overdue}

// Progress is what the status rules need to know about the projects that
// serve a commitment. Fold each serving project in with Add.
type Progress struct {
	Projects    int  `json:"projects"`              // serving projects, in any status
	Started     bool `json:"started"`               // some serving project has started (ActivityStatus.Started)
	Delivered   bool `json:"delivered"`             // some serving project is complete with no open milestone
	DeliveredOn Date `json:"delivered_on,omitzero"` // the earliest actual end of such a project
}

// Add folds in one serving project with status s, actual end date end and
// openMilestones milestones not yet completed.
func (g *Progress) Add(s ActivityStatus, end Date, openMilestones int) {
	g.Projects++
	if s.Started() {
		g.Started = true
	}
	if s.Completed() && openMilestones == 0 {
		if !end.IsZero() && (g.DeliveredOn.IsZero() || end.Before(g.DeliveredOn)) {
			g.DeliveredOn = end
		}
		g.Delivered = true
	}
}

// Converted reports whether the commitment has moved beyond a statement:
// some serving project has started. The conversion rate of a set of
// commitments is the share that are converted; an overdue commitment may
// be converted (its project is late) or not (nothing was started).
func (g Progress) Converted() bool { return g.Started }

// Derive returns the status of a commitment with target date target (zero
// if none) and progress g, on day today. See Status for the rules.
func Derive(target Date, g Progress, today Date) Status {
	switch {
	case g.Delivered:
		return Delivered
	case !target.IsZero() && today.After(target.Last()):
		return Overdue
	case g.Started:
		return InProgress
	}
	return StatementOnly
}
