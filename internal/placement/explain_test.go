package placement

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestExplanationsHold checks on random rounds with caps that every
// explanation of a verified result is one of the stable reasons and says
// what the outcome shows.
func TestExplanationsHold(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for i := range 200 {
		in := smallInstance(r, 5+r.IntN(40), 2+r.IntN(8), true)
		res := mustMatch(t, in)
		held := placed(in, res.Assignment)
		regCount := make([]int, len(in.Regions))
		for p := range in.Positions {
			if ri := regionOfTable(in)[p]; ri >= 0 {
				regCount[ri] += len(held[p])
			}
		}
		rank := rankTable(in)
		for a := range in.Applicants {
			prefs := in.Applicants[a].Prefs
			above := len(prefs)
			if p := res.Assignment[a]; p >= 0 {
				above = slices.Index(prefs, p)
			}
			why := res.ExplainApplicant(int32(a))
			if len(why) != above {
				t.Fatalf("instance %d: applicant %d has %d reasons for %d positions above its own", i, a, len(why), above)
			}
			for j, w := range why {
				p := prefs[j]
				if w.Position != p {
					t.Fatalf("instance %d: reason %d of applicant %d is about %d, want %d", i, j, a, w.Position, p)
				}
				switch w.Kind {
				case NotAcceptable:
					if rank[p][a] >= 0 {
						t.Fatalf("instance %d: %d ranks %d, yet it is not acceptable", i, p, a)
					}
				case Full:
					if len(held[p]) < in.Positions[p].Capacity || int(w.Kept) != len(held[p]) || w.LastKept >= w.Rank {
						t.Fatalf("instance %d: %+v for applicant %d, position holds %v", i, w, a, held[p])
					}
				case RegionFull:
					ri := regionOfTable(in)[p]
					if ri < 0 || regCount[ri] < in.Regions[ri].Cap || len(held[p]) >= in.Positions[p].Capacity {
						t.Fatalf("instance %d: %+v for applicant %d", i, w, a)
					}
				default:
					t.Fatalf("instance %d: reason %+v for applicant %d of a verified result", i, w, a)
				}
			}
		}
		for p := range in.Positions {
			for _, w := range res.ExplainHost(int32(p)) {
				a := w.Applicant
				switch w.Kind {
				case Declined:
					if slices.Contains(in.Applicants[a].Prefs, int32(p)) {
						t.Fatalf("instance %d: applicant %d listed %d, yet declined", i, a, p)
					}
				case Preferred:
					prefs := in.Applicants[a].Prefs
					if w.PlacedAt < 0 || slices.Index(prefs, w.PlacedAt) > slices.Index(prefs, int32(p)) {
						t.Fatalf("instance %d: %+v for position %d", i, w, p)
					}
				case HostRegionFull:
				default:
					t.Fatalf("instance %d: host reason %+v for position %d", i, w, p)
				}
			}
		}
	}
}

func TestEmptyRounds(t *testing.T) {
	for _, in := range []*Instance{
		{},
		{Positions: []Position{{ID: "p", Capacity: 0}}, Regions: []Region{{ID: "R", Positions: []int32{0}}}},
		{Applicants: []Applicant{{ID: "a"}}},
	} {
		res := mustMatch(t, in)
		if !res.Verdict.OK || res.Proposals != 0 {
			t.Errorf("%+v: verdict %+v, %d proposals", in, res.Verdict, res.Proposals)
		}
	}
}
