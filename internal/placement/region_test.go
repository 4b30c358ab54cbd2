package placement

import (
	"fmt"
	"slices"
	"testing"
)

// onlyChoice builds a region of positions, each with its own applicants
// who list only it and whom it ranks in index order: counts[i] applicants
// for position i. It returns the instance and, per position, its
// applicants.
func onlyChoice(capacity, target, counts []int, cap int, order []int32) (*Instance, [][]int32) {
	in := &Instance{}
	who := make([][]int32, len(counts))
	for p, n := range counts {
		q := Position{ID: fmt.Sprintf("h%d", p+1), Capacity: capacity[p], Target: target[p]}
		for range n {
			a := int32(len(in.Applicants))
			in.Applicants = append(in.Applicants, Applicant{ID: fmt.Sprintf("d%d", a+1), Prefs: []int32{int32(p)}})
			q.Prefs = append(q.Prefs, a)
			who[p] = append(who[p], a)
		}
		in.Positions = append(in.Positions, q)
	}
	if order != nil {
		in.Regions = []Region{{ID: "r", Cap: cap, Positions: order}}
	}
	return in, who
}

// placed returns, per position, the applicants placed there.
func placed(in *Instance, assign []int32) [][]int32 {
	out := make([][]int32, len(in.Positions))
	for a, p := range assign {
		if p >= 0 {
			out[p] = append(out[p], int32(a))
		}
	}
	return out
}

// TestRegionalCapWithoutWaste is the situation Kamada and Kojima open
// with: a region capped at 10 with two hospitals of capacity 10. Japan's
// mechanism (JRMP) gave each hospital a fixed share of the cap, here 5
// each, and ran deferred acceptance with those as capacities; when 3
// doctors want only h1 and 7 only h2, 2 doctors go unmatched though the
// region has room. Flexible deferred acceptance with targets 5 and 5
// places all 10.
func TestRegionalCapWithoutWaste(t *testing.T) {
	in, who := onlyChoice([]int{10, 10}, []int{5, 5}, []int{3, 7}, 10, []int32{0, 1})
	got := placed(in, mustMatch(t, in).Assignment)
	if !slices.Equal(got[0], who[0]) || !slices.Equal(got[1], who[1]) {
		t.Errorf("flexible deferred acceptance placed %v, want %v", got, who)
	}

	jrmp, _ := onlyChoice([]int{5, 5}, []int{0, 0}, []int{3, 7}, 0, nil)
	res := mustMatch(t, jrmp)
	if got := placed(jrmp, res.Assignment); len(got[0]) != 3 || len(got[1]) != 5 {
		t.Errorf("fixed shares placed %v, want 3 and 5", got)
	}
	if v, _ := Verify(in, res.Assignment); v.OK {
		t.Errorf("the fixed-share outcome passes verification under the regional cap; want wasted seats")
	}
}

// TestRoundRobin checks how the room left after the targets is handed
// out: one seat at a time in the region's order, cycling from the first
// position, skipping positions at capacity or without applicants left.
func TestRoundRobin(t *testing.T) {
	tests := []struct {
		name     string
		capacity []int
		target   []int
		counts   []int
		cap      int
		order    []int32
		want     []int // applicants placed per position
	}{
		{"targets then one each", []int{3, 3, 3}, []int{1, 1, 0}, []int{4, 4, 4}, 5, []int32{0, 1, 2}, []int{2, 2, 1}},
		{"room runs out in order", []int{3, 3, 3}, []int{1, 1, 0}, []int{4, 4, 4}, 4, []int32{0, 1, 2}, []int{2, 2, 0}},
		{"the order decides", []int{3, 3, 3}, []int{1, 1, 0}, []int{4, 4, 4}, 4, []int32{2, 1, 0}, []int{1, 2, 1}},
		{"cycling", []int{9, 9, 9}, []int{0, 0, 0}, []int{9, 9, 9}, 8, []int32{0, 1, 2}, []int{3, 3, 2}},
		{"skips a full position", []int{1, 9, 9}, []int{1, 0, 0}, []int{9, 9, 9}, 6, []int32{0, 1, 2}, []int{1, 3, 2}},
		{"skips a position without applicants left", []int{9, 9, 9}, []int{0, 0, 0}, []int{1, 9, 9}, 7, []int32{0, 1, 2}, []int{1, 3, 3}},
		{"targets above demand", []int{9, 9}, []int{4, 0}, []int{2, 9}, 6, []int32{0, 1}, []int{2, 4}},
		{"cap zero", []int{3, 3}, []int{0, 0}, []int{3, 3}, 0, []int32{0, 1}, []int{0, 0}},
		{"cap does not bind", []int{2, 2}, []int{1, 0}, []int{3, 3}, 9, []int32{0, 1}, []int{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, who := onlyChoice(tt.capacity, tt.target, tt.counts, tt.cap, tt.order)
			res := mustMatch(t, in)
			got := placed(in, res.Assignment)
			for p, n := range tt.want {
				if !slices.Equal(got[p], who[p][:n]) {
					t.Errorf("position %d holds %v, want its first %d: %v", p, got[p], n, who[p][:n])
				}
			}
			if !res.Verdict.OK {
				t.Errorf("verdict: %+v", res.Verdict)
			}
			if ref := referenceFDA(in); !slices.Equal(ref, res.Assignment) {
				t.Errorf("got %v, the step-by-step algorithm %v", res.Assignment, ref)
			}
		})
	}
}

// TestRegionMovesSeats checks a rejection across positions: when the
// region is at its cap, an applicant arriving at one position can push
// out an applicant held by another, the one whose seat the round robin
// hands out last.
func TestRegionMovesSeats(t *testing.T) {
	// Region cap 2, targets 0, order x, y. a and b want x, c wants y,
	// then b's second choice z outside the region.
	in := &Instance{
		Applicants: []Applicant{
			{ID: "a", Prefs: []int32{0}},
			{ID: "b", Prefs: []int32{0, 2}},
			{ID: "c", Prefs: []int32{1}},
		},
		Positions: []Position{
			{ID: "x", Capacity: 2, Prefs: []int32{0, 1}},
			{ID: "y", Capacity: 2, Prefs: []int32{2}},
			{ID: "z", Capacity: 1, Prefs: []int32{1}},
		},
		Regions: []Region{{ID: "JP", Cap: 2, Positions: []int32{0, 1}}},
	}
	res := mustMatch(t, in)
	if want := []int32{0, 2, 1}; !slices.Equal(res.Assignment, want) {
		t.Fatalf("got %v, want %v", res.Assignment, want)
	}
	why := res.ExplainApplicant(1)
	want := []Reason{{Position: 0, Kind: RegionFull, Rank: 2, Kept: 1, LastKept: 1, Region: 0}}
	if !slices.Equal(why, want) {
		t.Errorf("explanation for b: got %+v, want %+v", why, want)
	}
	host := res.ExplainHost(0)
	wantHost := []HostReason{{Applicant: 1, Kind: HostRegionFull, Rank: 2, PlacedAt: 2}}
	if !slices.Equal(host, wantHost) {
		t.Errorf("explanation for x: got %+v, want %+v", host, wantHost)
	}
}
