package placement

// ReasonKind says why an applicant is not at a position it ranked higher
// than the one it received.
type ReasonKind string

// The reasons an applicant is not at a position it preferred.
const (
	// NotAcceptable: the position did not rank the applicant.
	NotAcceptable ReasonKind = "not_acceptable"
	// Full: every seat is held by an applicant the position ranks higher.
	Full ReasonKind = "full"
	// RegionFull: the position has an empty seat, but its region is at
	// its cap and the position holds only applicants it ranks higher.
	RegionFull ReasonKind = "region_full"
	// Unstable: none of the above; the outcome is not stable here (never
	// for a verified result).
	Unstable ReasonKind = "unstable"
)

// Reason explains one position an applicant ranked above the one it got.
// Ranks count from 1, on the position's list after ties are broken.
type Reason struct {
	Position int32
	Kind     ReasonKind
	// Rank is the applicant's rank on the position's list; 0 when not
	// acceptable.
	Rank int32
	// Kept is how many applicants the position holds; LastKept the rank
	// of the lowest-ranked of them, 0 when it holds none.
	Kept, LastKept int32
	// Tie reports that the applicant was tied with the last one kept on
	// the position's list and the tie-break put it below.
	Tie bool
	// Region is the position's region, -1 when it has none.
	Region int32
}

// ExplainApplicant returns, for each position applicant a ranked above
// the one it received (all of them when it received none), in the order
// of its list, why it is not there.
func (res *Result) ExplainApplicant(a int32) []Reason { return res.explainApplicant(nil, a) }

// explainApplicant appends a's explanation to out.
func (res *Result) explainApplicant(out []Reason, a int32) []Reason {
	c, t := res.c, res.t
	for k := c.aOff[a]; k < t.listIdx[a]; k++ {
		p := c.aList[k].pos
		why := Reason{Position: p, Kind: NotAcceptable, Region: c.pos[p].region}
		if r := c.aList[k].rank; r >= 0 {
			s := &t.pos[p]
			why.Rank = r + 1
			why.Kept = s.count
			why.LastKept = s.worst + 1
			switch {
			case s.worst > r:
				why.Kind = Unstable
			case s.full:
				why.Kind = Full
			case !s.room:
				why.Kind = RegionFull
			default:
				why.Kind = Unstable
			}
			why.Tie = why.Kind != Unstable && s.worst >= 0 && c.tiedWith(p, s.worst, r)
		}
		out = append(out, why)
	}
	return out
}

// tiedWith reports whether ranks lo < hi of position p's list are in one
// tie group of the position's own list.
func (c *compiled) tiedWith(p, lo, hi int32) bool {
	tied := c.in.Positions[p].Tied
	if tied == nil {
		return false
	}
	for i := lo + 1; i <= hi; i++ {
		if !tied[i] {
			return false
		}
	}
	return true
}

// HostReasonKind says why an applicant a position ranked is elsewhere.
type HostReasonKind string

// The reasons a host's higher-ranked applicant is elsewhere.
const (
	// Declined: the applicant did not rank the position.
	Declined HostReasonKind = "did_not_rank"
	// Preferred: the applicant is placed at a position it ranked higher.
	Preferred HostReasonKind = "preferred"
	// HostRegionFull: the applicant wanted the position, which had an
	// empty seat, but its region was at its cap.
	HostRegionFull HostReasonKind = "region_full"
	// HostUnstable: none of the above (never for a verified result).
	HostUnstable HostReasonKind = "unstable"
)

// HostReason explains why an applicant a position ranked is elsewhere.
type HostReason struct {
	Applicant int32
	Kind      HostReasonKind
	// Rank is the applicant's rank on the position's list, from 1.
	Rank int32
	// PlacedAt is the applicant's position, -1 when it has none.
	PlacedAt int32
}

// ExplainHost returns, in the order of position p's list, why each
// applicant it ranked above the lowest-ranked one it holds (every
// applicant it ranked, when it has an empty seat) is not placed there.
func (res *Result) ExplainHost(p int32) []HostReason { return res.explainHost(nil, p) }

// explainHost appends p's explanation to out.
func (res *Result) explainHost(out []HostReason, p int32) []HostReason {
	c, t := res.c, res.t
	list := c.pApp[c.pOff[p]:c.pOff[p+1]]
	s := &t.pos[p]
	if s.full {
		list = list[:s.worst+1]
	}
	for r, a := range list {
		at := res.Assignment[a]
		if at == p {
			continue
		}
		why := HostReason{Applicant: a, Kind: HostUnstable, Rank: int32(r) + 1, PlacedAt: at}
		k := c.indexOf(a, p)
		switch {
		case k < 0:
			why.Kind = Declined
		case k > t.listIdx[a]:
			why.Kind = Preferred
		case !s.full && !s.room:
			why.Kind = HostRegionFull
		}
		out = append(out, why)
	}
	return out
}
