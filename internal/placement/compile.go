package placement

// compiled is an instance in the engine's form: flat int32 arrays, ties
// broken, and beside each entry of an applicant's list the rank the
// position gives the applicant, so that a proposal needs no lookup.
type compiled struct {
	in     *Instance
	nA, nP int

	// Applicant a's strict list is aList[aOff[a]:end(a)], followed by a
	// sentinel {pos: -1, rank: a}: the engine, which tracks applicants by
	// their place in aList, finds both the end of a list and whose it is
	// without another array.
	aOff  []int32
	aList []listEntry
	// Position p's strict list is pApp[pOff[p]:pOff[p+1]]: the applicant
	// at rank r (from 0) is pApp[pOff[p]+r].
	pOff, pApp []int32

	pos    []posInfo
	regCap []int32

	applicantTies, positionTies TieBreak
}

// listEntry is one entry of an applicant's list: the position and the
// rank it gives the applicant, -1 when it does not list the applicant.
type listEntry struct {
	pos, rank int32
}

// posInfo is what the engine reads about a position on every proposal,
// kept together so that it costs one cache line.
type posInfo struct {
	seats  int32 // min(Capacity, demand): the most the position can ever hold
	target int32 // min(Target, demand)
	region int32 // -1 when none
	place  int32 // place in the region's order
	demand int32 // applicants that list the position and are listed by it
}

// compile turns a valid instance into the engine's form.
func compile(in *Instance) *compiled {
	nA, nP := len(in.Applicants), len(in.Positions)
	c := &compiled{in: in, nA: nA, nP: nP}
	c.applicantLists()
	c.positionLists()

	c.pos = make([]posInfo, nP)
	c.rank()
	for p := range nP {
		q := &c.pos[p]
		q.seats = int32(min(in.Positions[p].Capacity, int(q.demand)))
		q.target = int32(min(in.Positions[p].Target, int(q.demand)))
		q.region = -1
	}
	c.regCap = make([]int32, len(in.Regions))
	for r := range in.Regions {
		c.regCap[r] = int32(min(in.Regions[r].Cap, nA))
		for i, p := range in.Regions[r].Positions {
			c.pos[p].region = int32(r)
			c.pos[p].place = int32(i)
		}
	}
	return c
}

// applicantLists builds aOff and aList, ties broken by the positions'
// master order.
func (c *compiled) applicantLists() {
	in := c.in
	order := newMasterOrder(in.PositionOrder, c.nP, in.Seed, "positions")
	c.aOff = make([]int32, c.nA+1)
	n := 0
	for i := range in.Applicants {
		n += len(in.Applicants[i].Prefs)
	}
	c.aList = make([]listEntry, 0, n+c.nA)
	var buf []int32
	for i := range in.Applicants {
		a := &in.Applicants[i]
		buf = order.breakTies(buf[:0], a.Prefs, a.Tied, in.Lottery)
		for _, p := range buf {
			c.aList = append(c.aList, listEntry{pos: p, rank: -1})
		}
		c.aList = append(c.aList, listEntry{pos: -1, rank: int32(i)})
		c.aOff[i+1] = int32(len(c.aList))
	}
	c.applicantTies = order.how()
}

// positionLists builds pOff and pApp, ties broken by the applicants'
// master order.
func (c *compiled) positionLists() {
	in := c.in
	order := newMasterOrder(in.ApplicantOrder, c.nA, in.Seed, "applicants")
	c.pOff = make([]int32, c.nP+1)
	n := 0
	for i := range in.Positions {
		n += len(in.Positions[i].Prefs)
	}
	c.pApp = make([]int32, 0, n)
	for i := range in.Positions {
		p := &in.Positions[i]
		c.pApp = order.breakTies(c.pApp, p.Prefs, p.Tied, in.Lottery)
		c.pOff[i+1] = int32(len(c.pApp))
	}
	c.positionTies = order.how()
}

// rank fills in the rank of every applicant list entry and each
// position's demand. It transposes the applicants' lists by counting sort
// rather than searching an applicant's list for each entry of a
// position's: every pass then reads sequentially or writes to one of nP
// bucket tails, which stay in cache where random reads into the
// applicants' lists would not.
func (c *compiled) rank() {
	// The applicants that list each position, in applicant order:
	// position p's are bucket[off[p]:off[p+1]].
	off := make([]int32, c.nP+1)
	for _, e := range c.aList {
		off[e.pos+1]++ // sentinels count in off[0], which the prefix sum skips
	}
	off[0] = 0
	for p := range c.nP {
		off[p+1] += off[p]
	}
	bucket := make([]int32, off[c.nP])
	fill := make([]int32, c.nP)
	copy(fill, off)
	for a := range int32(c.nA) {
		for _, e := range c.aList[c.aOff[a]:c.end(a)] {
			bucket[fill[e.pos]] = a
			fill[e.pos]++
		}
	}
	// For each position, mark its ranks by applicant, then replace each
	// applicant in its bucket by that rank, or -1.
	mark := make([]int64, c.nA) // (p+1)<<32 | rank
	for p := range c.nP {
		tag := int64(p+1) << 32
		for r, a := range c.pApp[c.pOff[p]:c.pOff[p+1]] {
			mark[a] = tag | int64(r)
		}
		demand := int32(0)
		for i := off[p]; i < off[p+1]; i++ {
			if m := mark[bucket[i]]; m&^0xffffffff == tag {
				bucket[i] = int32(m)
				demand++
			} else {
				bucket[i] = -1
			}
		}
		c.pos[p].demand = demand
	}
	// Read the buckets back in the order they were filled.
	copy(fill, off)
	for k := range c.aList {
		if e := &c.aList[k]; e.pos >= 0 {
			e.rank = bucket[fill[e.pos]]
			fill[e.pos]++
		}
	}
}

// end returns the index in c.aList of the sentinel after a's list.
func (c *compiled) end(a int32) int32 { return c.aOff[a+1] - 1 }

// indexOf returns the index k in c.aList at which a lists p, or -1.
func (c *compiled) indexOf(a, p int32) int32 {
	for k := c.aOff[a]; k < c.end(a); k++ {
		if c.aList[k].pos == p {
			return k
		}
	}
	return -1
}
