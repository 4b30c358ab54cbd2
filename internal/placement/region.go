package placement

// regionState keeps what the flexible deferred acceptance of Kamada and
// Kojima (AER 2015) needs to know about a capped region as applicants
// arrive one at a time.
//
// The region chooses among the applicants its positions hold plus the
// new one: each position first keeps its best applicants up to its
// target; the room left under the cap is then handed out one seat at a
// time to the positions in the region's order, cycling from the first,
// each time to a position below capacity with an applicant it has not yet
// kept; the rest are rejected. Held applicants were all chosen before, so
// every position but the one offered wants exactly what it holds, and the
// offered one one more. When that total is within the cap nobody is
// rejected. When it is one over, exactly one seat of the round robin goes
// unhanded: its last one. Round i of the robin serves the positions whose
// excess (applicants wanted above the target) is at least i, in order, so
// the last seat belongs to the position with the largest excess, the
// last of them in the region's order. That position gives up its worst
// applicant. A tournament tree over the region's order finds it in
// O(log n). A test compares this with the algorithm run as the paper
// states it, step by step.
type regionState struct {
	cap, total int32
	positions  []int32 // in the region's order
	excess     []int32 // by place: max(0, held - target)
	// tree is a tournament tree over the places; a node holds the key
	// excess<<32 | place of the greatest leaf below it, so the root names
	// the position with the largest excess, the last of them in the
	// region's order. Leaf i is tree[size+i]; empty leaves hold -1.
	tree []int64
	size int32
}

func newRegionState(cap int32, positions []int32) regionState {
	size := int32(1)
	for size < int32(len(positions)) {
		size *= 2
	}
	R := regionState{cap: cap, positions: positions, excess: make([]int32, len(positions)), tree: make([]int64, 2*size), size: size}
	for i := range size {
		R.tree[size+i] = -1
		if i < int32(len(positions)) {
			R.tree[size+i] = int64(i)
		}
	}
	for i := size - 1; i >= 1; i-- {
		R.tree[i] = max(R.tree[2*i], R.tree[2*i+1])
	}
	return R
}

// last returns the place of the position whose seat the round robin
// would hand out last.
func (R *regionState) last() int32 { return int32(R.tree[1]) }

// set records the excess of the position at place and updates the tree.
func (R *regionState) set(place, excess int32) {
	if R.excess[place] == excess {
		return
	}
	R.excess[place] = excess
	i := R.size + place
	R.tree[i] = int64(excess)<<32 | int64(place)
	for i /= 2; i >= 1; i /= 2 {
		R.tree[i] = max(R.tree[2*i], R.tree[2*i+1])
	}
}
