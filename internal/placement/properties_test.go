package placement

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDeferredAcceptanceBruteForce checks plain deferred acceptance on
// random small instances against every matching there is: its result is
// stable, every applicant likes it at least as well as any other stable
// matching (applicant-optimality), it equals the textbook algorithm, and
// the verifier agrees with the definition of stability on every matching.
func TestDeferredAcceptanceBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		in := smallInstance(r, 1+r.IntN(5), 1+r.IntN(3), false)
		res := mustMatch(t, in)
		if !res.Verdict.OK {
			t.Fatalf("instance %d: verdict %+v", i, res.Verdict)
		}
		if want := referenceFDA(in); !slices.Equal(res.Assignment, want) {
			t.Fatalf("instance %d: got %v, want the textbook algorithm's %v", i, res.Assignment, want)
		}
		stable := 0
		eachMatching(in, false, func(m []int32) {
			v, err := Verify(in, m)
			if err != nil {
				t.Fatal(err)
			}
			if def := weaklyStable(in, m); v.OK != def {
				t.Fatalf("instance %d, matching %v: verifier says %v (%v), the definition %v", i, m, v.OK, v.Violations, def)
			}
			if !v.OK {
				return
			}
			stable++
			for a, p := range m {
				if choiceRank(in, a, res.Assignment[a]) > choiceRank(in, a, p) {
					t.Fatalf("instance %d: applicant %d prefers %d in stable %v to %d in the result %v", i, a, p, m, res.Assignment[a], res.Assignment)
				}
			}
		})
		if stable == 0 {
			t.Fatalf("instance %d: no stable matching found, yet the result is one", i)
		}
	}
}

// TestFlexibleDeferredAcceptanceBruteForce checks the engine with
// regional caps against Kamada and Kojima's algorithm run step by step as
// they state it, checks that the result is weakly stable, and that the
// verifier agrees with the definition of weak stability on every
// matching.
func TestFlexibleDeferredAcceptanceBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 400 {
		in := smallInstance(r, 1+r.IntN(5), 1+r.IntN(3), true)
		res := mustMatch(t, in)
		if want := referenceFDA(in); !slices.Equal(res.Assignment, want) {
			t.Fatalf("instance %d %+v: got %v, want the step-by-step algorithm's %v", i, in, res.Assignment, want)
		}
		if !res.Verdict.OK || !weaklyStable(in, res.Assignment) {
			t.Fatalf("instance %d: result %v not weakly stable: %+v", i, res.Assignment, res.Verdict)
		}
		eachMatching(in, false, func(m []int32) {
			v, err := Verify(in, m)
			if err != nil {
				t.Fatal(err)
			}
			if def := weaklyStable(in, m); v.OK != def {
				t.Fatalf("instance %d, matching %v: verifier says %v (%v), the definition %v", i, m, v.OK, v.Violations, def)
			}
		})
	}
}

// TestFlexibleDeferredAcceptanceLarger compares the engine with the
// step-by-step algorithm on instances too large to enumerate, with caps
// that bind.
func TestFlexibleDeferredAcceptanceLarger(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 200 {
		in := smallInstance(r, 5+r.IntN(60), 2+r.IntN(12), true)
		res := mustMatch(t, in)
		if want := referenceFDA(in); !slices.Equal(res.Assignment, want) {
			t.Fatalf("instance %d: got %v, want %v", i, res.Assignment, want)
		}
		if !res.Verdict.OK {
			t.Fatalf("instance %d: %+v", i, res.Verdict)
		}
	}
}

// TestCapsThatDoNotBind checks that regions whose caps never bind leave
// the result of plain deferred acceptance.
func TestCapsThatDoNotBind(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 300 {
		in := smallInstance(r, 5+r.IntN(40), 2+r.IntN(10), true)
		for ri := range in.Regions {
			total := 0
			for _, p := range in.Regions[ri].Positions {
				total += in.Positions[p].Capacity
			}
			in.Regions[ri].Cap = total + r.IntN(3)
		}
		got := mustMatch(t, in).Assignment
		want := mustMatch(t, withoutRegions(in)).Assignment
		if !slices.Equal(got, want) {
			t.Fatalf("instance %d: with non-binding caps %v, without regions %v", i, got, want)
		}
	}
}

// TestProposalOrder checks that the matching does not depend on the order
// in which applicants propose, with and without caps.
func TestProposalOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 100 {
		in := smallInstance(r, 20+r.IntN(200), 3+r.IntN(30), i%2 == 0)
		if err := in.Validate(); err != nil {
			t.Fatal(err)
		}
		c := compile(in)
		order := make([]int32, c.nA)
		for a := range order {
			order[a] = int32(a)
		}
		want, _ := deferredAcceptance(c, order)
		for range 5 {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			if got, _ := deferredAcceptance(c, order); !slices.Equal(got, want) {
				t.Fatalf("instance %d: order %v gives %v, index order %v", i, order, got, want)
			}
		}
		slices.Reverse(order)
		if got, _ := deferredAcceptance(c, order); !slices.Equal(got, want) {
			t.Fatalf("instance %d: reversed order gives %v, index order %v", i, got, want)
		}
	}
}

// TestNoGainFromMisreporting tries, for every applicant of random small
// instances, every list it could submit instead of its true one (every
// ordered choice of positions), with and without caps: none gets it a
// position it truly prefers. Deferred acceptance is strategy-proof for
// applicants, and so is flexible deferred acceptance (Kamada and Kojima).
func TestNoGainFromMisreporting(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := range 120 {
		nP := 1 + r.IntN(4)
		in := smallInstance(r, 1+r.IntN(5), nP, i%2 == 1)
		truth := mustMatch(t, in).Assignment
		lists := orderedSubsets(nP)
		for a := range in.Applicants {
			honest := choiceRank(in, a, truth[a])
			saved := in.Applicants[a].Prefs
			for _, lie := range lists {
				in.Applicants[a].Prefs = lie
				got := mustMatch(t, in).Assignment[a]
				in.Applicants[a].Prefs = saved
				if choiceRank(in, a, got) < honest {
					t.Fatalf("instance %d: applicant %d gets %d by reporting %v instead of %v (%d)", i, a, got, lie, saved, truth[a])
				}
			}
		}
	}
}

// orderedSubsets returns every list of distinct positions among n.
func orderedSubsets(n int) [][]int32 {
	out := [][]int32{{}}
	var rec func(cur []int32, used uint)
	rec = func(cur []int32, used uint) {
		for p := range n {
			if used&(1<<p) != 0 {
				continue
			}
			next := append(slices.Clone(cur), int32(p))
			out = append(out, next)
			rec(next, used|1<<p)
		}
	}
	rec(nil, 0)
	return out
}
