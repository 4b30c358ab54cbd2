package placement

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

// TestLotteryNumbersPinned pins the generator: a result must be
// reproducible from its seed on any Go version. If this fails, Go changed
// math/rand/v2's PCG, and the lottery must keep the old generator.
func TestLotteryNumbersPinned(t *testing.T) {
	tests := []struct {
		side string
		want []uint64
	}{
		{"applicants", []uint64{3340048434233782323, 10575075704400352483, 10586513658820394000}},
		{"positions", []uint64{2003672430610481338, 17863217711746862483, 1714795256224184313}},
	}
	for _, tt := range tests {
		if got := LotteryNumbers(42, tt.side, 3); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.side, got, tt.want)
		}
	}
}

// tiedInstance: three applicants each list p0 then p1; both positions
// have capacity 1 and rank all three applicants tied.
func tiedInstance() *Instance {
	in := &Instance{}
	for _, id := range []string{"a0", "a1", "a2"} {
		in.Applicants = append(in.Applicants, Applicant{ID: id, Prefs: []int32{0, 1}})
	}
	for _, id := range []string{"p0", "p1"} {
		in.Positions = append(in.Positions, Position{ID: id, Capacity: 1, Prefs: []int32{0, 1, 2}, Tied: []bool{false, true, true}})
	}
	return in
}

// TestSingleTieBreaking checks that one lottery orders the applicants for
// every position: the applicant with the smallest lottery number gets p0,
// the next p1, and the result is the same on every run.
func TestSingleTieBreaking(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		in := tiedInstance()
		in.Lottery, in.Seed = true, seed
		res := mustMatch(t, in)
		lot := LotteryNumbers(seed, "applicants", 3)
		byLot := []int32{0, 1, 2}
		slices.SortFunc(byLot, func(x, y int32) int { return cmp.Compare(lot[x], lot[y]) })
		want := []int32{-1, -1, -1}
		want[byLot[0]], want[byLot[1]] = 0, 1
		if !slices.Equal(res.Assignment, want) {
			t.Errorf("seed %d: got %v, want %v (lottery %v)", seed, res.Assignment, want, lot)
		}
		if res.PositionTies != TieBreakLottery || res.ApplicantTies != TieBreakNone {
			t.Errorf("seed %d: ties broken by %q in positions' lists and %q in applicants'; want lottery and none", seed, res.PositionTies, res.ApplicantTies)
		}
		again := mustMatch(t, in)
		if !slices.Equal(again.Assignment, res.Assignment) {
			t.Errorf("seed %d: a second run gave %v, the first %v", seed, again.Assignment, res.Assignment)
		}
		// The loser was tied with the last one p1 kept.
		why := res.ExplainApplicant(byLot[2])
		wantWhy := []Reason{
			{Position: 0, Kind: Full, Rank: 3, Kept: 1, LastKept: 1, Tie: true, Region: -1},
			{Position: 1, Kind: Full, Rank: 3, Kept: 1, LastKept: 2, Tie: true, Region: -1},
		}
		if !slices.Equal(why, wantWhy) {
			t.Errorf("seed %d: explanation %+v, want %+v", seed, why, wantWhy)
		}
	}
}

func TestMasterOrder(t *testing.T) {
	in := tiedInstance()
	in.ApplicantOrder = []int32{2, 0, 1}
	res := mustMatch(t, in)
	if want := []int32{1, -1, 0}; !slices.Equal(res.Assignment, want) {
		t.Errorf("got %v, want %v", res.Assignment, want)
	}
	if res.PositionTies != TieBreakOrder {
		t.Errorf("ties broken by %q, want order", res.PositionTies)
	}

	// A partial order settles a tie when at most one member is left out.
	in.ApplicantOrder = []int32{2, 1}
	res = mustMatch(t, in)
	if want := []int32{-1, 1, 0}; !slices.Equal(res.Assignment, want) {
		t.Errorf("partial order: got %v, want %v", res.Assignment, want)
	}

	// Ties in applicants' lists follow the positions' master order.
	in = &Instance{
		Applicants:    []Applicant{{ID: "a", Prefs: []int32{0, 1, 2}, Tied: []bool{false, true, true}}},
		Positions:     []Position{{ID: "x", Capacity: 1, Prefs: []int32{0}}, {ID: "y", Capacity: 1, Prefs: []int32{0}}, {ID: "z", Capacity: 1, Prefs: []int32{0}}},
		PositionOrder: []int32{2, 1},
	}
	res = mustMatch(t, in)
	if want := []int32{2}; !slices.Equal(res.Assignment, want) || res.ApplicantTies != TieBreakOrder {
		t.Errorf("got %v by %q, want %v by order", res.Assignment, res.ApplicantTies, want)
	}
}

func TestUnsettledTies(t *testing.T) {
	in := tiedInstance()
	in.ApplicantOrder = []int32{2}
	_, err := Match(in)
	if err == nil {
		t.Fatal("ties without order or lottery were accepted")
	}
	for _, want := range []string{"positions[0].prefs[0]: tie of 2 applicants not settled", "positions[1].prefs[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *Instance)
		want string
	}{
		{"empty id", func(in *Instance) { in.Applicants[1].ID = "" }, "applicants[1].id: empty"},
		{"duplicate id", func(in *Instance) { in.Positions[1].ID = "p0" }, `positions[1].id: "p0" is also the id of [0]`},
		{"index out of range", func(in *Instance) { in.Applicants[0].Prefs[1] = 9 }, "applicants[0].prefs[1]: no position 9"},
		{"listed twice", func(in *Instance) { in.Positions[2].Prefs[1] = 0 }, "positions[2].prefs[1]: applicant 0 listed twice"},
		{"negative capacity", func(in *Instance) { in.Positions[0].Capacity = -2 }, "positions[0].capacity: negative (-2)"},
		{"target above capacity", func(in *Instance) { in.Positions[0].Target = 2 }, "positions[0].target: 2 is above the capacity 1"},
		{"target without region", func(in *Instance) { in.Positions[2].Target = 1 }, "positions[2].target: set but the position is in no region"},
		{"targets above the cap", func(in *Instance) { in.Positions[0].Target, in.Positions[1].Target = 1, 2 }, "regions[0]: targets sum to 3, above the cap 2"},
		{"two regions", func(in *Instance) { in.Regions = append(in.Regions, Region{ID: "S", Positions: []int32{1}}) }, "regions[1].positions[0]: position 1 is already in regions[0]"},
		{"twice in a region", func(in *Instance) { in.Regions[0].Positions = []int32{0, 1, 0} }, "regions[0].positions[2]: position 0 listed twice"},
		{"tie marks", func(in *Instance) { in.Applicants[0].Tied = []bool{true, false, false} }, "applicants[0].tied[0]"},
		{"order", func(in *Instance) { in.ApplicantOrder = []int32{1, 1} }, "applicant_order[1]: applicant 1 listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := verifyInstance()
			tt.edit(in)
			err := in.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	if err := verifyInstance().Validate(); err != nil {
		t.Errorf("valid instance: %v", err)
	}
}
