package placement

import (
	"fmt"

	"github.com/setu-council/setu/internal/errs"
)

// ViolationKind names what an outcome breaks.
type ViolationKind string

// The kinds of violation [Verify] finds.
const (
	// NoSuchPosition: the applicant is assigned a position index out of range.
	NoSuchPosition ViolationKind = "no_such_position"
	// NotRankedByApplicant: the applicant is placed where it did not apply.
	NotRankedByApplicant ViolationKind = "not_ranked_by_applicant"
	// NotRankedByPosition: the applicant is placed where the position did not rank it.
	NotRankedByPosition ViolationKind = "not_ranked_by_position"
	// OverCapacity: a position holds more applicants than its capacity.
	OverCapacity ViolationKind = "over_capacity"
	// OverCap: a region holds more applicants than its cap.
	OverCap ViolationKind = "over_cap"
	// JustifiedEnvy: the applicant prefers the position, which holds
	// Other, an applicant it ranks lower.
	JustifiedEnvy ViolationKind = "justified_envy"
	// WastedSeat: the applicant prefers the position, which ranks it, has
	// an empty seat, and is in no region or one with room left.
	WastedSeat ViolationKind = "wasted_seat"
)

// Violation is one way an outcome fails its instance. Fields that do not
// apply are -1.
type Violation struct {
	Kind      ViolationKind
	Applicant int32
	Position  int32
	Other     int32 // for JustifiedEnvy: the lower-ranked applicant the position holds
	Region    int32
	Count     int // for OverCapacity and OverCap: how many are held
}

// Verdict is the outcome of checking a matching against its instance.
type Verdict struct {
	OK         bool
	Violations []Violation
}

// Verify checks an outcome against its instance: assign[a] is applicant
// a's position, or -1. It checks mutual acceptability, capacities, regional
// caps and stability: no justified envy (an applicant preferring a
// position that holds someone it ranks lower) and no wasted seat (an
// applicant preferring a position that ranks it, with an empty seat, in no
// region or in one below its cap). That is stability where no region is at
// its cap, and Kamada and Kojima's weak stability with caps. Preferences
// are those of the instance after its ties are broken, as [Match] breaks
// them. Verify returns an error only for an invalid instance or an
// assignment of the wrong length.
func Verify(in *Instance, assign []int32) (Verdict, error) {
	if err := in.Validate(); err != nil {
		return Verdict{}, err
	}
	if len(assign) != len(in.Applicants) {
		return Verdict{}, errs.E("placement: verify", errs.Invalid, "%d assignments for %d applicants", len(assign), len(in.Applicants))
	}
	return verify(compile(in), assign).Verdict, nil
}

// tally is what verification learns about an outcome, kept for the
// explanations.
type tally struct {
	Verdict
	pos      []posTally
	regCount []int32
	listIdx  []int32 // per applicant: index in c.aList of its position, or the end of its list
}

// posTally is what an outcome gives a position.
type posTally struct {
	count int32 // applicants held
	worst int32 // the largest rank held among those it ranks, -1 when none
	full  bool  // count >= capacity
	room  bool  // an empty seat, in no region or one below its cap
}

func verify(c *compiled, assign []int32) *tally {
	t := &tally{pos: make([]posTally, c.nP), regCount: make([]int32, len(c.regCap)), listIdx: make([]int32, c.nA)}
	for p := range t.pos {
		t.pos[p].worst = -1
	}
	add := func(v Violation) { t.Violations = append(t.Violations, v) }
	for a, p := range assign {
		t.listIdx[a] = c.end(int32(a))
		if p < 0 {
			continue
		}
		if int(p) >= c.nP {
			add(Violation{Kind: NoSuchPosition, Applicant: int32(a), Position: p, Other: -1, Region: -1})
			continue
		}
		s := &t.pos[p]
		s.count++
		if reg := c.pos[p].region; reg >= 0 {
			t.regCount[reg]++
		}
		k := c.indexOf(int32(a), p)
		switch {
		case k < 0:
			add(Violation{Kind: NotRankedByApplicant, Applicant: int32(a), Position: p, Other: -1, Region: -1})
		case c.aList[k].rank < 0:
			add(Violation{Kind: NotRankedByPosition, Applicant: int32(a), Position: p, Other: -1, Region: -1})
		default:
			t.listIdx[a] = k
			s.worst = max(s.worst, c.aList[k].rank)
		}
	}
	for p := range t.pos {
		s := &t.pos[p]
		capacity := c.in.Positions[p].Capacity
		s.full = int(s.count) >= capacity
		reg := c.pos[p].region
		s.room = !s.full && (reg < 0 || int(t.regCount[reg]) < c.in.Regions[reg].Cap)
		if s.count > 0 && int(s.count) > capacity {
			add(Violation{Kind: OverCapacity, Applicant: -1, Position: int32(p), Other: -1, Region: -1, Count: int(s.count)})
		}
	}
	for r, n := range t.regCount {
		if int(n) > c.in.Regions[r].Cap {
			add(Violation{Kind: OverCap, Applicant: -1, Position: -1, Other: -1, Region: int32(r), Count: int(n)})
		}
	}
	for a := range c.nA {
		for _, x := range c.aList[c.aOff[a]:t.listIdx[a]] {
			if x.rank < 0 {
				continue
			}
			s := &t.pos[x.pos]
			if s.worst > x.rank {
				add(Violation{Kind: JustifiedEnvy, Applicant: int32(a), Position: x.pos, Other: c.pApp[c.pOff[x.pos]+s.worst], Region: -1})
			}
			if s.room {
				add(Violation{Kind: WastedSeat, Applicant: int32(a), Position: x.pos, Other: -1, Region: c.pos[x.pos].region})
			}
		}
	}
	t.OK = len(t.Violations) == 0
	return t
}

// Message describes the violation in words, with the instance's ids.
func (v Violation) Message(in *Instance) string {
	a := func(i int32) string { return in.Applicants[i].ID }
	p := func(i int32) string { return in.Positions[i].ID }
	switch v.Kind {
	case NoSuchPosition:
		return fmt.Sprintf("applicant %q is assigned position %d, which does not exist", a(v.Applicant), v.Position)
	case NotRankedByApplicant:
		return fmt.Sprintf("applicant %q is placed at %q, which it did not rank", a(v.Applicant), p(v.Position))
	case NotRankedByPosition:
		return fmt.Sprintf("applicant %q is placed at %q, which did not rank it", a(v.Applicant), p(v.Position))
	case OverCapacity:
		return fmt.Sprintf("position %q holds %d applicants, above its capacity %d", p(v.Position), v.Count, in.Positions[v.Position].Capacity)
	case OverCap:
		r := in.Regions[v.Region]
		return fmt.Sprintf("region %q holds %d applicants, above its cap %d", r.ID, v.Count, r.Cap)
	case JustifiedEnvy:
		return fmt.Sprintf("applicant %q prefers %q, which ranks it above %q, whom it holds", a(v.Applicant), p(v.Position), a(v.Other))
	case WastedSeat:
		where := "it is in no region"
		if v.Region >= 0 {
			where = fmt.Sprintf("region %q is below its cap", in.Regions[v.Region].ID)
		}
		return fmt.Sprintf("applicant %q prefers %q, which ranks it and has an empty seat, and %s", a(v.Applicant), p(v.Position), where)
	}
	return string(v.Kind)
}
