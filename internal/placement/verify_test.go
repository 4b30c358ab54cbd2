package placement

import (
	"slices"
	"strings"
	"testing"
)

// verifyInstance: region R (cap 2) holds p0 (capacity 1) and p1 (capacity
// 2); p2 (capacity 1) is in no region and does not rank a3. Everyone ranks
// in index order.
func verifyInstance() *Instance {
	return &Instance{
		Applicants: []Applicant{
			{ID: "a0", Prefs: []int32{0, 1, 2}},
			{ID: "a1", Prefs: []int32{0, 1, 2}},
			{ID: "a2", Prefs: []int32{1, 2}},
			{ID: "a3", Prefs: []int32{2}},
		},
		Positions: []Position{
			{ID: "p0", Capacity: 1, Prefs: []int32{0, 1, 2}},
			{ID: "p1", Capacity: 2, Prefs: []int32{0, 1, 2}},
			{ID: "p2", Capacity: 1, Prefs: []int32{0, 1, 2}},
		},
		Regions: []Region{{ID: "R", Cap: 2, Positions: []int32{0, 1}}},
	}
}

func TestVerifyFindsViolations(t *testing.T) {
	v := func(k ViolationKind, a, p, other, region int32, count int) Violation {
		return Violation{Kind: k, Applicant: a, Position: p, Other: other, Region: region, Count: count}
	}
	tests := []struct {
		name   string
		assign []int32
		want   []Violation
	}{
		{"stable", []int32{0, 1, 2, -1}, nil},
		{"no such position", []int32{0, 1, 2, 7}, []Violation{v(NoSuchPosition, 3, 7, -1, -1, 0)}},
		{"not ranked by the applicant", []int32{0, 1, 2, 1},
			[]Violation{v(NotRankedByApplicant, 3, 1, -1, -1, 0), v(OverCap, -1, -1, -1, 0, 3)}},
		{"not ranked by the position", []int32{0, 1, -1, 2}, []Violation{v(NotRankedByPosition, 3, 2, -1, -1, 0)}},
		{"over capacity", []int32{0, 0, 2, -1}, []Violation{v(OverCapacity, -1, 0, -1, -1, 2)}},
		{"over the cap", []int32{0, 1, 1, -1}, []Violation{v(OverCap, -1, -1, -1, 0, 3)}},
		{"justified envy", []int32{1, 0, 2, -1}, []Violation{v(JustifiedEnvy, 0, 0, 1, -1, 0)}},
		{"wasted seat outside regions", []int32{0, 1, -1, -1}, []Violation{v(WastedSeat, 2, 2, -1, -1, 0)}},
		{"wasted seat in a region with room", []int32{0, -1, 2, -1},
			[]Violation{v(WastedSeat, 1, 1, -1, 0, 0), v(JustifiedEnvy, 1, 2, 2, -1, 0), v(WastedSeat, 2, 1, -1, 0, 0)}},
		{"envy of one placed where it did not apply", []int32{-1, 1, 2, 0},
			[]Violation{v(NotRankedByApplicant, 3, 0, -1, -1, 0), v(JustifiedEnvy, 0, 1, 1, -1, 0), v(JustifiedEnvy, 0, 2, 2, -1, 0)}},
		{"envy and waste at once", []int32{-1, 1, -1, -1},
			[]Violation{v(WastedSeat, 0, 0, -1, 0, 0), v(JustifiedEnvy, 0, 1, 1, -1, 0), v(WastedSeat, 0, 1, -1, 0, 0), v(WastedSeat, 0, 2, -1, -1, 0),
				v(WastedSeat, 1, 0, -1, 0, 0), v(WastedSeat, 2, 1, -1, 0, 0), v(WastedSeat, 2, 2, -1, -1, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := verifyInstance()
			got, err := Verify(in, tt.assign)
			if err != nil {
				t.Fatal(err)
			}
			if got.OK != (len(tt.want) == 0) || !slices.Equal(got.Violations, tt.want) {
				t.Errorf("got %v %+v,\nwant %+v", got.OK, got.Violations, tt.want)
			}
			for _, x := range got.Violations {
				if m := x.Message(in); m == "" || m == string(x.Kind) {
					t.Errorf("no message for %+v", x)
				}
			}
		})
	}
}

func TestVerifyRejectsBadCalls(t *testing.T) {
	in := verifyInstance()
	if _, err := Verify(in, []int32{0}); err == nil {
		t.Error("an assignment of the wrong length was accepted")
	}
	in.Positions[0].Capacity = -1
	if _, err := Verify(in, []int32{-1, -1, -1, -1}); err == nil || !strings.Contains(err.Error(), "positions[0].capacity") {
		t.Errorf("invalid instance: got %v, want a problem with positions[0].capacity", err)
	}
}

func TestViolationMessage(t *testing.T) {
	in := verifyInstance()
	got := Violation{Kind: JustifiedEnvy, Applicant: 0, Position: 0, Other: 1, Region: -1}.Message(in)
	if want := `applicant "a0" prefers "p0", which ranks it above "a1", whom it holds`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = Violation{Kind: WastedSeat, Applicant: 1, Position: 1, Other: -1, Region: 0}.Message(in)
	if want := `applicant "a1" prefers "p1", which ranks it and has an empty seat, and region "R" is below its cap`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
