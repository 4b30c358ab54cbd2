package placement

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// This file holds what the tests check the engine against: small random
// instances, deferred acceptance and flexible deferred acceptance written
// the way the literature states them (in steps, all rejected applicants
// proposing at once, the region's choice computed literally), and
// stability written from its definition. None of it uses the engine's
// compiled form. Instances here have no ties.

// smallInstance returns a random instance without ties: nA applicants,
// nP positions of capacity 0-2, acceptability with probability 3/4 on each
// side and, with regions, up to two regions with random caps, targets and
// orders.
func smallInstance(r *rand.Rand, nA, nP int, regions bool) *Instance {
	in := &Instance{Applicants: make([]Applicant, nA), Positions: make([]Position, nP)}
	for a := range in.Applicants {
		in.Applicants[a].ID = fmt.Sprintf("a%d", a)
		for _, p := range r.Perm(nP) {
			if r.IntN(4) > 0 {
				in.Applicants[a].Prefs = append(in.Applicants[a].Prefs, int32(p))
			}
		}
	}
	for p := range in.Positions {
		q := &in.Positions[p]
		q.ID = fmt.Sprintf("p%d", p)
		q.Capacity = []int{0, 1, 1, 1, 2, 2}[r.IntN(6)]
		for _, a := range r.Perm(nA) {
			if r.IntN(4) > 0 {
				q.Prefs = append(q.Prefs, int32(a))
			}
		}
	}
	if !regions {
		return in
	}
	nR := 1 + r.IntN(2)
	in.Regions = make([]Region, nR)
	for _, p := range r.Perm(nP) {
		if ri := r.IntN(nR + 1); ri < nR {
			in.Regions[ri].Positions = append(in.Regions[ri].Positions, int32(p))
		}
	}
	for ri := range in.Regions {
		reg := &in.Regions[ri]
		reg.ID = fmt.Sprintf("r%d", ri)
		total := 0
		for _, p := range reg.Positions {
			total += in.Positions[p].Capacity
		}
		reg.Cap = r.IntN(total + 1)
		room := reg.Cap
		for _, p := range reg.Positions {
			t := r.IntN(min(in.Positions[p].Capacity, room) + 1)
			in.Positions[p].Target = t
			room -= t
		}
	}
	return in
}

// rankTable returns rank[p][a], the rank position p gives applicant a, or
// -1 when it does not list a.
func rankTable(in *Instance) [][]int {
	rank := make([][]int, len(in.Positions))
	for p := range in.Positions {
		rank[p] = make([]int, len(in.Applicants))
		for a := range rank[p] {
			rank[p][a] = -1
		}
		for r, a := range in.Positions[p].Prefs {
			rank[p][a] = r
		}
	}
	return rank
}

// regionOf returns each position's region index, or -1.
func regionOfTable(in *Instance) []int {
	reg := make([]int, len(in.Positions))
	for p := range reg {
		reg[p] = -1
	}
	for ri, r := range in.Regions {
		for _, p := range r.Positions {
			reg[p] = ri
		}
	}
	return reg
}

// referenceFDA is flexible deferred acceptance as Kamada and Kojima state
// it: in each step every applicant without a position applies to the next
// position on its list; each position outside a region keeps its best
// applicants up to capacity among those it holds and the new ones; each
// region, among all its positions hold and are offered, lets each
// position keep its best up to its target, then hands the remaining room
// one seat at a time in the region's order, cycling from the first
// position, to a position below capacity with an applicant it has not
// kept. Without regions it is the textbook deferred acceptance.
func referenceFDA(in *Instance) []int32 {
	rank := rankTable(in)
	regionOf := regionOfTable(in)
	nA, nP := len(in.Applicants), len(in.Positions)
	held := make([][]int, nP)
	next := make([]int, nA)
	assigned := make([]bool, nA)
	for {
		offers := make([][]int, nP)
		any := false
		for a := range nA {
			if assigned[a] {
				continue
			}
			for next[a] < len(in.Applicants[a].Prefs) {
				p := in.Applicants[a].Prefs[next[a]]
				next[a]++
				if rank[p][a] >= 0 {
					offers[p] = append(offers[p], a)
					any = true
					break
				}
			}
		}
		if !any {
			break
		}
		cand := make([][]int, nP)
		for p := range nP {
			cand[p] = append(append([]int(nil), held[p]...), offers[p]...)
			slices.SortFunc(cand[p], func(x, y int) int { return rank[p][x] - rank[p][y] })
		}
		keep := make([]int, nP)
		for p := range nP {
			if regionOf[p] < 0 {
				keep[p] = min(in.Positions[p].Capacity, len(cand[p]))
			}
		}
		for _, reg := range in.Regions {
			room := reg.Cap
			for _, p := range reg.Positions {
				keep[p] = min(in.Positions[p].Target, len(cand[p]))
				room -= keep[p]
			}
			for room > 0 {
				handed := false
				for _, p := range reg.Positions {
					if room > 0 && keep[p] < in.Positions[p].Capacity && keep[p] < len(cand[p]) {
						keep[p]++
						room--
						handed = true
					}
				}
				if !handed {
					break
				}
			}
		}
		for p := range nP {
			held[p] = cand[p][:keep[p]]
			for _, a := range cand[p][keep[p]:] {
				assigned[a] = false
			}
			for _, a := range held[p] {
				assigned[a] = true
			}
		}
	}
	out := make([]int32, nA)
	for a := range out {
		out[a] = -1
	}
	for p := range nP {
		for _, a := range held[p] {
			out[a] = int32(p)
		}
	}
	return out
}

// weaklyStable reports whether assign is feasible (mutually acceptable,
// within capacities and caps) and has no justified envy and no wasted
// seat, from the definitions.
func weaklyStable(in *Instance, assign []int32) bool {
	rank := rankTable(in)
	regionOf := regionOfTable(in)
	count := make([]int, len(in.Positions))
	regCount := make([]int, len(in.Regions))
	for a, p := range assign {
		if p < 0 {
			continue
		}
		if !slices.Contains(in.Applicants[a].Prefs, p) || rank[p][a] < 0 {
			return false
		}
		count[p]++
		if regionOf[p] >= 0 {
			regCount[regionOf[p]]++
		}
	}
	for p, n := range count {
		if n > in.Positions[p].Capacity {
			return false
		}
	}
	for ri, n := range regCount {
		if n > in.Regions[ri].Cap {
			return false
		}
	}
	for a := range in.Applicants {
		for _, p := range in.Applicants[a].Prefs {
			if p == assign[a] {
				break
			}
			if rank[p][a] < 0 {
				continue
			}
			for b, q := range assign {
				if q == p && rank[p][b] > rank[p][a] {
					return false // a envies b at p, justly
				}
			}
			ri := regionOf[p]
			if count[p] < in.Positions[p].Capacity && (ri < 0 || regCount[ri] < in.Regions[ri].Cap) {
				return false // a wants p's empty seat
			}
		}
	}
	return true
}

// eachMatching calls f with every assignment of applicants to a position
// or none (-1); acceptableOnly limits it to pairs both sides list.
func eachMatching(in *Instance, acceptableOnly bool, f func([]int32)) {
	rank := rankTable(in)
	assign := make([]int32, len(in.Applicants))
	var rec func(a int)
	rec = func(a int) {
		if a == len(assign) {
			f(assign)
			return
		}
		assign[a] = -1
		rec(a + 1)
		for p := range in.Positions {
			if acceptableOnly && (rank[p][a] < 0 || !slices.Contains(in.Applicants[a].Prefs, int32(p))) {
				continue
			}
			assign[a] = int32(p)
			rec(a + 1)
		}
	}
	rec(0)
}

// choiceRank is where applicant a ranks position p (-1, unassigned, ranks
// after everything), for comparing outcomes.
func choiceRank(in *Instance, a int, p int32) int {
	if p < 0 {
		return len(in.Positions) + 1
	}
	if i := slices.Index(in.Applicants[a].Prefs, p); i >= 0 {
		return i
	}
	return len(in.Positions) + 2
}

// withoutRegions returns a copy of in with no regions and no targets.
func withoutRegions(in *Instance) *Instance {
	out := *in
	out.Regions = nil
	out.Positions = slices.Clone(in.Positions)
	for p := range out.Positions {
		out.Positions[p].Target = 0
	}
	return &out
}

// mustMatch runs Match and fails on an error.
func mustMatch(t interface {
	Helper()
	Fatalf(string, ...any)
}, in *Instance) *Result {
	t.Helper()
	res, err := Match(in)
	if err != nil {
		t.Fatalf("Match: %v", err)
	}
	return res
}
