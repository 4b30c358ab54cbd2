package placement

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Lottery streams: the second seed word of the PCG generator for each side.
const (
	applicantStream = 1
	positionStream  = 2
)

// LotteryNumbers returns the lottery numbers of the n applicants (side
// "applicants") or positions (side "positions") of a round with the given
// seed: member i's number is the (i+1)-th Uint64 of math/rand/v2's
// PCG-DXSM generator seeded with NewPCG(seed, 1) for applicants and
// NewPCG(seed, 2) for positions. In a tie, members the master order lists
// come first, in its order; the rest follow by increasing lottery number,
// then by index. A test pins the generator's output, so a result can be
// reproduced from its seed whatever the Go version.
func LotteryNumbers(seed uint64, side string, n int) []uint64 {
	stream := uint64(applicantStream)
	if side == "positions" {
		stream = positionStream
	}
	g := rand.NewPCG(seed, stream)
	out := make([]uint64, n)
	for i := range out {
		out[i] = g.Uint64()
	}
	return out
}

// masterOrder breaks ties among the members of one side.
type masterOrder struct {
	place   []int32  // place in the master order, or MaxInt32 when not listed
	lottery []uint64 // lottery numbers; nil until a tie needs them
	seed    uint64
	side    string
	drawn   bool // the lottery decided at least one tie
	settled bool // at least one tie was met
}

func newMasterOrder(order []int32, n int, seed uint64, side string) *masterOrder {
	m := &masterOrder{place: make([]int32, n), seed: seed, side: side}
	for i := range m.place {
		m.place[i] = math.MaxInt32
	}
	for i, x := range order {
		m.place[x] = int32(i)
	}
	return m
}

// compare orders x before y when the master order, then the lottery,
// then the index puts it first.
func (m *masterOrder) compare(x, y int32) int {
	if c := cmp.Compare(m.place[x], m.place[y]); c != 0 {
		return c
	}
	if m.lottery != nil {
		if c := cmp.Compare(m.lottery[x], m.lottery[y]); c != 0 {
			return c
		}
	}
	return cmp.Compare(x, y)
}

// breakTies appends prefs to dst in strict order: each tie group sorted by
// the master order. lottery reports whether a lottery may be drawn.
func (m *masterOrder) breakTies(dst, prefs []int32, tied []bool, lottery bool) []int32 {
	start := len(dst)
	dst = append(dst, prefs...)
	if tied == nil {
		return dst
	}
	out := dst[start:]
	for g := 0; g < len(out); {
		end := g + 1
		for end < len(out) && tied[end] {
			end++
		}
		if end-g >= 2 {
			m.settled = true
			open := 0
			for _, x := range out[g:end] {
				if m.place[x] == math.MaxInt32 {
					open++
				}
			}
			if open >= 2 && lottery {
				m.drawn = true
				if m.lottery == nil {
					m.lottery = LotteryNumbers(m.seed, m.side, len(m.place))
				}
			}
			slices.SortFunc(out[g:end], m.compare)
		}
		g = end
	}
	return dst
}

// TieBreak says how the ties of one side were broken: "none" (no ties),
// "order" (the master order settled them all) or "lottery" (the lottery
// decided at least one).
type TieBreak string

// The ways ties are broken.
const (
	TieBreakNone    TieBreak = "none"
	TieBreakOrder   TieBreak = "order"
	TieBreakLottery TieBreak = "lottery"
)

func (m *masterOrder) how() TieBreak {
	switch {
	case m.drawn:
		return TieBreakLottery
	case m.settled:
		return TieBreakOrder
	default:
		return TieBreakNone
	}
}
