package ledger

import (
	"encoding/json"
	"math"
)

// Scorecard holds the figures of a ledger on one day: for the whole ledger,
// for each framework, and the derived status of each commitment.
type Scorecard struct {
	AsOf        Date               `json:"as_of"`
	Overall     Figures            `json:"overall"`
	Frameworks  []FrameworkFigures `json:"frameworks"`  // in ledger order
	Commitments []CommitmentState  `json:"commitments"` // in ledger order
}

// FrameworkFigures are the figures of one framework: its commitments, and
// the projects that serve at least one of them with their milestones,
// outputs and money. A project serving two commitments of the framework
// counts once; a project serving commitments of two frameworks counts in
// both.
type FrameworkFigures struct {
	FrameworkID string `json:"framework_id"`
	Figures
}

// CommitmentState is the derived status of one commitment and the progress
// it was derived from.
type CommitmentState struct {
	ID          string   `json:"id"`
	FrameworkID string   `json:"framework_id"`
	Status      Status   `json:"status"`
	Progress    Progress `json:"progress"`
}

// Figures are the counts and sums computed for a set of commitments and
// the projects that serve them. In the overall figures every record counts
// once, including projects that serve no commitment, so the overall
// figures are not the sum of the frameworks' figures.
type Figures struct {
	// Commitments counts commitments by derived status.
	Commitments StatusCounts `json:"commitments"`
	// Conversion is the share of commitments with at least one serving
	// project that has started (IATI status 2, 3, 4 or 6).
	Conversion Share `json:"conversion"`
	// Projects counts the projects.
	Projects int `json:"projects"`
	// Milestones counts the projects' milestones; OverdueMilestones those
	// open past their due date; LateMilestones those completed after it.
	Milestones        int `json:"milestones"`
	OverdueMilestones int `json:"overdue_milestones"`
	LateMilestones    int `json:"late_milestones"`
	// Outputs counts output records by kind; PeopleTrained sums the counts
	// of people-trained outputs.
	Outputs       map[string]int `json:"outputs"`
	PeopleTrained int            `json:"people_trained"`
	// ReturnedHome is the share of outputs that carry IP (every kind but
	// people-trained) whose IP returned home (see ReturnedHome). Outputs
	// whose holder or home country is unknown count as not returned;
	// IPUnknown says how many there are.
	ReturnedHome Share `json:"returned_home"`
	IPUnknown    int   `json:"ip_unknown"`
	// Money holds the sums per currency, sorted by currency code. Amounts
	// of different currencies are never added.
	Money []Money `json:"money"`
}

// StatusCounts counts commitments by derived status.
type StatusCounts struct {
	StatementOnly int `json:"statement_only"`
	InProgress    int `json:"in_progress"`
	Delivered     int `json:"delivered"`
	Overdue       int `json:"overdue"`
}

// Total returns the number of commitments counted.
func (c StatusCounts) Total() int { return c.StatementOnly + c.InProgress + c.Delivered + c.Overdue }

// Of returns the count for status s.
func (c StatusCounts) Of(s Status) int {
	switch s {
	case StatementOnly:
		return c.StatementOnly
	case InProgress:
		return c.InProgress
	case Delivered:
		return c.Delivered
	case Overdue:
		return c.Overdue
	}
	return 0
}

func (c *StatusCounts) add(s Status) {
	switch s {
	case StatementOnly:
		c.StatementOnly++
	case InProgress:
		c.InProgress++
	case Delivered:
		c.Delivered++
	case Overdue:
		c.Overdue++
	}
}

// Share is N out of Of. Its JSON form adds "rate", N/Of, when Of > 0.
type Share struct {
	N  int `json:"n"`
	Of int `json:"of"`
}

// Rate returns N/Of, or NaN when Of is 0 (no share to speak of).
func (s Share) Rate() float64 {
	if s.Of == 0 {
		return math.NaN()
	}
	return float64(s.N) / float64(s.Of)
}

// MarshalJSON writes {"n":..,"of":..,"rate":..}, leaving rate out when Of
// is 0.
func (s Share) MarshalJSON() ([]byte, error) {
	type plain struct {
		N    int      `json:"n"`
		Of   int      `json:"of"`
		Rate *float64 `json:"rate,omitempty"`
	}
	v := plain{N: s.N, Of: s.Of}
	if s.Of > 0 {
		r := s.Rate()
		v.Rate = &r
	}
	return json.Marshal(v)
}

// Money sums the money of a set of projects in one currency.
//
// Budgeted sums the budgets: money planned. Committed sums IATI outgoing
// commitments (transaction type 2): money the funder has firmly promised.
// Disbursed sums disbursements (3) and expenditure (4): money paid out,
// whether transferred to another organisation or spent directly. Other
// transaction types (incoming funds, loan repayments, pledges...) are not
// summed. Overflow is set if a sum left the int64 range and was clamped.
type Money struct {
	Currency  string `json:"currency"`
	Budgeted  Amount `json:"budgeted"`
	Committed Amount `json:"committed"`
	Disbursed Amount `json:"disbursed"`
	Overflow  bool   `json:"overflow,omitempty"`
}

// DisbursedShare returns Disbursed/Committed, or NaN if nothing is
// committed.
func (m Money) DisbursedShare() float64 {
	if m.Committed == 0 {
		return math.NaN()
	}
	return float64(m.Disbursed) / float64(m.Committed)
}
