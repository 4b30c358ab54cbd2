package placement

import (
	"time"
)

// Result is the outcome of a round: the matching, how it was reached, and
// the verdict of checking it against the instance.
type Result struct {
	// Assignment holds each applicant's position index, or -1.
	Assignment []int32
	// Proposals counts the offers applicants made.
	Proposals int64
	// Verdict is Verify's judgement of Assignment; a correct engine
	// always gives OK.
	Verdict Verdict
	// ApplicantTies and PositionTies say how the ties in the applicants'
	// and in the positions' lists were broken.
	ApplicantTies, PositionTies TieBreak
	// Seed is the instance's seed; Lottery whether it had one.
	Seed    uint64
	Lottery bool
	// Timings of the three phases.
	Compile, Match, Verify time.Duration

	c *compiled
	t *tally
}

// Match runs a round: it checks the instance, breaks its ties, runs
// applicant-proposing deferred acceptance (flexible deferred acceptance
// in capped regions, after Kamada and Kojima, AER 2015) and verifies the
// outcome. It returns an errs.Invalid error listing every problem of an
// invalid instance.
func Match(in *Instance) (*Result, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	c := compile(in)
	t1 := time.Now()
	order := make([]int32, c.nA)
	for i := range order {
		order[i] = int32(i)
	}
	assign, proposals := deferredAcceptance(c, order)
	t2 := time.Now()
	t := verify(c, assign)
	t3 := time.Now()
	return &Result{
		Assignment: assign, Proposals: proposals, Verdict: t.Verdict,
		ApplicantTies: c.applicantTies, PositionTies: c.positionTies,
		Seed: in.Seed, Lottery: in.Lottery,
		Compile: t1.Sub(t0), Match: t2.Sub(t1), Verify: t3.Sub(t2),
		c: c, t: t,
	}, nil
}

// deferredAcceptance lets the applicants propose, starting in the given
// order, and returns the matching and the number of proposals.
func deferredAcceptance(c *compiled, order []int32) ([]int32, int64) {
	e := newEngine(c)
	e.run(order)
	return e.assignment(), e.proposals
}
