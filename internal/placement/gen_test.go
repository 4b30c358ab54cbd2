package placement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// roundSpec describes a generated round.
type roundSpec struct {
	Seed       uint64
	Applicants int
	Positions  int
	Prefs      int // positions each applicant ranks
	// Regions is the number of capped regions (host countries with a
	// quota); half of the positions fall in one of them, the rest in
	// uncapped countries.
	Regions int
	// Popularity is the spread of the positions' appeal (the standard
	// deviation of its logarithm): how much applicants flock to the
	// same labs. Correlation is how much of an applicant's taste is the
	// common appeal rather than its own (0 to 1).
	Popularity, Correlation float64
	// MeanCapacity is the average capacity (uniform from 1 to twice it).
	MeanCapacity int
	// TiedPositions is the share of positions that rank applicants in
	// coarse grades, leaving ties for the lottery.
	TiedPositions float64
}

// generateRound builds a realistic round from its spec: popular labs
// (lognormal appeal), applicants who mostly agree on them, positions that
// rank those who applied by a common merit plus their own view, drop a
// few as unacceptable, and sometimes rank in grades; capped regions hold
// half of the positions with caps at 60% of their seats, so that they
// bind, and targets at 80% of each position's share of the cap.
func generateRound(s roundSpec) *Instance {
	if s.Popularity == 0 {
		s.Popularity = 1
	}
	if s.Correlation == 0 {
		s.Correlation = 0.7
	}
	if s.MeanCapacity == 0 {
		s.MeanCapacity = max(1, s.Applicants/max(1, s.Positions))
	}
	r := rand.New(rand.NewPCG(s.Seed, 0x5e70))
	nA, nP := s.Applicants, s.Positions
	in := &Instance{Applicants: make([]Applicant, nA), Positions: make([]Position, nP), Lottery: true, Seed: s.Seed}

	appeal := make([]float64, nP)
	weight := make([]float64, nP)
	for p := range nP {
		appeal[p] = s.Popularity * r.NormFloat64()
		weight[p] = math.Exp(appeal[p])
		in.Positions[p] = Position{ID: fmt.Sprintf("p%d", p), Capacity: 1 + r.IntN(2*s.MeanCapacity)}
	}
	alias := newAlias(weight, r)

	// Applicants: draw positions in proportion to their appeal, then rank
	// them by the common appeal plus a taste of their own.
	prefs := make([]int32, 0, nA*min(s.Prefs, nP))
	type scored struct {
		p int32
		u float64
	}
	var list []scored
	for a := range nA {
		list = list[:0]
		for len(list) < min(s.Prefs, nP) {
			p := alias.draw(r)
			if !slices.ContainsFunc(list, func(x scored) bool { return x.p == p }) {
				u := s.Correlation*appeal[p] + (1-s.Correlation)*s.Popularity*r.NormFloat64()
				list = append(list, scored{p, u})
			}
		}
		slices.SortFunc(list, func(x, y scored) int { return -cmpFloat(x.u, y.u) })
		start := len(prefs)
		for _, x := range list {
			prefs = append(prefs, x.p)
		}
		in.Applicants[a] = Applicant{ID: fmt.Sprintf("a%d", a), Prefs: prefs[start:len(prefs):len(prefs)]}
	}

	// Positions rank those who applied by merit plus their own view.
	merit := make([]float64, nA)
	for a := range merit {
		merit[a] = r.NormFloat64()
	}
	count := make([]int32, nP+1)
	for _, p := range prefs {
		count[p+1]++
	}
	for p := range nP {
		count[p+1] += count[p]
	}
	applied := make([]int32, len(prefs))
	fill := slices.Clone(count[:nP])
	for a := range nA {
		for _, p := range in.Applicants[a].Prefs {
			applied[fill[p]] = int32(a)
			fill[p]++
		}
	}
	ranked := make([]int32, 0, len(prefs))
	type graded struct {
		a int32
		v float64
	}
	var byView []graded
	for p := range nP {
		byView = byView[:0]
		tied := r.Float64() < s.TiedPositions
		for _, a := range applied[count[p]:count[p+1]] {
			v := merit[a] + 0.5*noise(uint64(p), uint64(a))
			if tied {
				v = math.Floor(v * 2) // half-sigma grades
			}
			if v > -2.5 { // the weakest few are unacceptable
				byView = append(byView, graded{a, v})
			}
		}
		slices.SortStableFunc(byView, func(x, y graded) int { return -cmpFloat(x.v, y.v) })
		start := len(ranked)
		var marks []bool
		if tied {
			marks = make([]bool, len(byView))
		}
		for i, x := range byView {
			ranked = append(ranked, x.a)
			if tied && i > 0 && x.v == byView[i-1].v {
				marks[i] = true
			}
		}
		in.Positions[p].Prefs = ranked[start:len(ranked):len(ranked)]
		in.Positions[p].Tied = marks
	}

	// Capped regions: positions p with p%(2*Regions) < Regions.
	if s.Regions > 0 {
		in.Regions = make([]Region, s.Regions)
		for p := range nP {
			if k := p % (2 * s.Regions); k < s.Regions {
				in.Regions[k].Positions = append(in.Regions[k].Positions, int32(p))
			}
		}
		for k := range in.Regions {
			reg := &in.Regions[k]
			reg.ID = fmt.Sprintf("R%d", k)
			seats := 0
			for _, p := range reg.Positions {
				seats += in.Positions[p].Capacity
			}
			reg.Cap = seats * 6 / 10
			for _, p := range reg.Positions {
				q := &in.Positions[p]
				q.Target = q.Capacity * reg.Cap * 8 / (10 * max(seats, 1))
			}
		}
	}
	return in
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// noise is a position's own view of an applicant: a deterministic value
// in [-1, 1) from the pair (splitmix64).
func noise(p, a uint64) float64 {
	z := p<<32 ^ a + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11)/(1<<52) - 1
}

// alias draws indices in proportion to weights in O(1) (Vose's alias
// method).
type alias struct {
	prob  []float64
	alias []int32
}

func newAlias(w []float64, r *rand.Rand) *alias {
	n := len(w)
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	al := &alias{prob: make([]float64, n), alias: make([]int32, n)}
	scaled := make([]float64, n)
	var small, large []int32
	for i, x := range w {
		scaled[i] = x * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small, large = small[:len(small)-1], large[:len(large)-1]
		al.prob[s], al.alias[s] = scaled[s], l
		scaled[l] += scaled[s] - 1
		if scaled[l] < 1 {
			small = append(small, l)
		} else {
			large = append(large, l)
		}
	}
	for _, i := range append(small, large...) {
		al.prob[i] = 1
	}
	return al
}

func (al *alias) draw(r *rand.Rand) int32 {
	i := int32(r.IntN(len(al.prob)))
	if r.Float64() < al.prob[i] {
		return i
	}
	return al.alias[i]
}
