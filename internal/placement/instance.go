package placement

import (
	"fmt"
	"math"
	"strconv"

	"github.com/setu-council/setu/internal/errs"
)

// Instance is a placement round in index form: applicants, positions and
// regions refer to each other by their index in the slices.
type Instance struct {
	Applicants []Applicant
	Positions  []Position
	Regions    []Region

	// ApplicantOrder is the master order of applicants, best first, that
	// breaks ties in the positions' lists. It may list only some
	// applicants: those it lists come before those it does not.
	ApplicantOrder []int32
	// PositionOrder is the master order of positions that breaks ties in
	// the applicants' lists, in the same way.
	PositionOrder []int32

	// Lottery, when true, lets Seed draw the order of what the master
	// orders leave tied (see [LotteryNumbers]). Without it, every tie
	// must be settled by the master orders.
	Lottery bool
	Seed    uint64
}

// Applicant is one applicant and the positions it finds acceptable.
type Applicant struct {
	ID string
	// Prefs lists position indices, most preferred first; a position not
	// listed is unacceptable.
	Prefs []int32
	// Tied, when not nil, has the length of Prefs: Tied[i] reports that
	// Prefs[i] is tied with Prefs[i-1]. Tied[0] is false.
	Tied []bool
}

// Position is one position a host offers.
type Position struct {
	ID string
	// Capacity is the number of applicants the position can take.
	Capacity int
	// Target is the number of seats the position keeps for its best
	// applicants before its region shares out the rest of its cap; 0 <=
	// Target <= Capacity. It is 0 outside a region.
	Target int
	// Prefs lists applicant indices, most preferred first; Tied marks
	// ties as in [Applicant].
	Prefs []int32
	Tied  []bool
}

// Region is a group of positions (a host country) that together take at
// most Cap applicants.
type Region struct {
	ID  string
	Cap int
	// Positions lists the region's positions in the region's order, the
	// order in which the remaining room is handed out. A position is in
	// at most one region.
	Positions []int32
}

// maxListEntries bounds the total length of the preference lists, so that
// offsets fit the engine's int32 arrays.
const maxListEntries = math.MaxInt32 - 1

// Validate returns an errs.Invalid error listing every problem of the
// instance with its place ("positions[3].prefs[5]"), or nil. Indices in
// places are those of the slices; a tie group is not counted as one item.
func (in *Instance) Validate() error {
	var p errs.Problems
	nA, nP, nR := len(in.Applicants), len(in.Positions), len(in.Regions)
	if nA > math.MaxInt32-1 || nP > math.MaxInt32-1 || nR > math.MaxInt32-1 {
		p.Add("", "too many applicants, positions or regions")
		return p.Err("placement: validate")
	}
	total := 0
	seen := make([]int32, max(nA, nP)) // stamp+1 of the list that last saw an index
	stamp := int32(0)
	at := func(kind string, i int, field string) string {
		return kind + "[" + strconv.Itoa(i) + "]" + field
	}
	checkList := func(kind string, i int, prefs []int32, tied []bool, n int, what string) {
		stamp++
		total += len(prefs)
		if tied != nil && len(tied) != len(prefs) {
			p.Add(at(kind, i, ".tied"), "has %d entries for %d preferences", len(tied), len(prefs))
		} else if len(tied) > 0 && tied[0] {
			p.Add(at(kind, i, ".tied[0]"), "the first preference cannot be tied with the one before it")
		}
		for j, x := range prefs {
			if x < 0 || int(x) >= n {
				p.Add(at(kind, i, ".prefs["+strconv.Itoa(j)+"]"), "no %s %d", what, x)
				continue
			}
			if seen[x] == stamp {
				p.Add(at(kind, i, ".prefs["+strconv.Itoa(j)+"]"), "%s %d listed twice", what, x)
			}
			seen[x] = stamp
		}
	}
	var ids *idTable
	var idOf func(int) string
	checkID := func(kind string, i int, id string) {
		if id == "" {
			p.Add(at(kind, i, ".id"), "empty")
			return
		}
		if j := ids.add(id, i, idOf); j >= 0 {
			p.Add(at(kind, i, ".id"), "%q is also the id of [%d]", id, j)
		}
	}
	ids, idOf = newIDTable(nA), func(i int) string { return in.Applicants[i].ID }
	for i := range in.Applicants {
		a := &in.Applicants[i]
		checkID("applicants", i, a.ID)
		checkList("applicants", i, a.Prefs, a.Tied, nP, "position")
	}
	ids, idOf = newIDTable(nP), func(i int) string { return in.Positions[i].ID }
	regionOf := make([]int32, nP)
	for i := range regionOf {
		regionOf[i] = -1
	}
	for ri := range in.Regions {
		r := &in.Regions[ri]
		for _, x := range r.Positions {
			if x >= 0 && int(x) < nP && regionOf[x] < 0 {
				regionOf[x] = int32(ri)
			}
		}
	}
	for i := range in.Positions {
		q := &in.Positions[i]
		checkID("positions", i, q.ID)
		if q.Capacity < 0 {
			p.Add(at("positions", i, ".capacity"), "negative (%d)", q.Capacity)
		}
		switch {
		case q.Target < 0:
			p.Add(at("positions", i, ".target"), "negative (%d)", q.Target)
		case q.Target > q.Capacity && q.Capacity >= 0:
			p.Add(at("positions", i, ".target"), "%d is above the capacity %d", q.Target, q.Capacity)
		case q.Target > 0 && regionOf[i] < 0:
			p.Add(at("positions", i, ".target"), "set but the position is in no region")
		}
		checkList("positions", i, q.Prefs, q.Tied, nA, "applicant")
	}
	ids, idOf = newIDTable(nR), func(i int) string { return in.Regions[i].ID }
	for ri := range in.Regions {
		r := &in.Regions[ri]
		path := "regions[" + strconv.Itoa(ri) + "]"
		checkID("regions", ri, r.ID)
		if r.Cap < 0 {
			p.Add(path+".cap", "negative (%d)", r.Cap)
		}
		targets := uint64(0) // saturating: it stays above any cap once there
		for j, x := range r.Positions {
			at := path + ".positions[" + strconv.Itoa(j) + "]"
			if x < 0 || int(x) >= nP {
				p.Add(at, "no position %d", x)
				continue
			}
			switch regionOf[x] {
			case int32(ri):
			case int32(ri) + int32(nR):
				p.Add(at, "position %d listed twice", x)
				continue
			default:
				p.Add(at, "position %d is already in regions[%d]", x, regionOf[x])
				continue
			}
			regionOf[x] = int32(ri) + int32(nR) // seen in this region's list
			if t := uint64(max(in.Positions[x].Target, 0)); targets < math.MaxUint64-t {
				targets += t
			} else {
				targets = math.MaxUint64
			}
		}
		for _, x := range r.Positions {
			if x >= 0 && int(x) < nP && regionOf[x] == int32(ri)+int32(nR) {
				regionOf[x] = int32(ri)
			}
		}
		if r.Cap >= 0 && targets > uint64(r.Cap) {
			p.Add(path, "targets sum to %d, above the cap %d", targets, r.Cap)
		}
	}
	checkOrder := func(path string, order []int32, n int, what string) {
		stamp++
		for i, x := range order {
			if x < 0 || int(x) >= n {
				p.Add(path+"["+strconv.Itoa(i)+"]", "no %s %d", what, x)
				continue
			}
			if seen[x] == stamp {
				p.Add(path+"["+strconv.Itoa(i)+"]", "%s %d listed twice", what, x)
			}
			seen[x] = stamp
		}
	}
	checkOrder("applicant_order", in.ApplicantOrder, nA, "applicant")
	checkOrder("position_order", in.PositionOrder, nP, "position")
	if total+nA > maxListEntries {
		p.Add("", "preference lists hold %d entries, more than %d", total, maxListEntries-nA)
	}
	if len(p) == 0 && !in.Lottery {
		in.checkTiesSettled(&p)
	}
	return p.Err("placement: validate")
}

// checkTiesSettled adds a problem for each tie that the master orders
// leave open: one with two or more members the order does not list.
func (in *Instance) checkTiesSettled(p *errs.Problems) {
	var listedA, listedP []bool
	check := func(path string, prefs []int32, tied []bool, listed *[]bool, order []int32, n int, side string) {
		if tied == nil {
			return
		}
		for start := 0; start < len(prefs); {
			end := start + 1
			for end < len(prefs) && tied[end] {
				end++
			}
			if end-start >= 2 {
				if *listed == nil {
					*listed = make([]bool, n)
					for _, x := range order {
						(*listed)[x] = true
					}
				}
				open := 0
				for _, x := range prefs[start:end] {
					if !(*listed)[x] {
						open++
					}
				}
				if open >= 2 {
					p.Add(fmt.Sprintf("%s[%d]", path, start), "tie of %d %s not settled by the master order and no lottery", open, side)
				}
			}
			start = end
		}
	}
	for i := range in.Applicants {
		a := &in.Applicants[i]
		check("applicants["+strconv.Itoa(i)+"].prefs", a.Prefs, a.Tied, &listedP, in.PositionOrder, len(in.Positions), "positions")
	}
	for i := range in.Positions {
		q := &in.Positions[i]
		check("positions["+strconv.Itoa(i)+"].prefs", q.Prefs, q.Tied, &listedA, in.ApplicantOrder, len(in.Applicants), "applicants")
	}
}
