package placement

// engine is the state of applicant-proposing deferred acceptance. It
// knows an applicant by the place k in c.aList of the entry it proposes
// from, which leads to its next choice (k+1) and, through the sentinel
// ending its list, to its index. Each position holds the entries it keeps
// in a max-heap keyed by rank, so the one it would give up first is on
// top; a heap entry packs the rank (high 32 bits) and k (low 32 bits), so
// a rejection needs no lookup.
type engine struct {
	c         *compiled
	pos       []posState
	heap      []int64
	regions   []regionState
	proposals int64
}

// posState is a position's part of the state with what a proposal reads
// about it, together in one cache line: its heap is
// heap[heapOff:heapOff+held] and top is a copy of heap[heapOff], the
// entry it would give up first.
type posState struct {
	top           int64
	heapOff, held int32
	posInfo
}

func entry(r, k int32) int64 { return int64(r)<<32 | int64(k) }

func newEngine(c *compiled) *engine {
	e := &engine{c: c, pos: make([]posState, c.nP)}
	off := int32(0)
	for p := range e.pos {
		e.pos[p] = posState{heapOff: off, posInfo: c.pos[p]}
		off += c.pos[p].seats
	}
	e.heap = make([]int64, off)
	e.regions = make([]regionState, len(c.in.Regions))
	for r := range e.regions {
		e.regions[r] = newRegionState(c.regCap[r], c.in.Regions[r].Positions)
	}
	return e
}

// run lets the applicants propose, each in turn in the given order; an
// applicant displaced from a position proposes again at once. Deferred
// acceptance gives the same matching whatever the order (the choice of
// every position and region is substitutable and path-independent), which
// a test checks.
func (e *engine) run(order []int32) {
	list := e.c.aList
	for _, a := range order {
		// k walks down one applicant's list; when a proposal displaces
		// another applicant, k moves to the entry after the displaced
		// one's.
		for k := e.c.aOff[a]; ; k++ {
			x := list[k]
			if x.pos < 0 {
				break // the list is exhausted
			}
			if x.rank < 0 {
				continue // the position does not rank the applicant
			}
			e.proposals++
			b := e.propose(x.pos, k, x.rank)
			if b < 0 {
				break // held, nobody displaced
			}
			k = b // the rejected one, maybe the proposer, tries its next
		}
	}
}

// propose offers position p the applicant at entry k of c.aList, whom p
// ranks r. It returns the entry of the applicant rejected as a result (k
// itself, one p holds, or one held by another position of p's region),
// or -1.
func (e *engine) propose(p, k, r int32) int32 {
	q := &e.pos[p]
	if q.held == q.seats {
		return e.contest(q, k, r)
	}
	if q.region < 0 {
		e.push(q, entry(r, k))
		return -1
	}
	R := &e.regions[q.region]
	place := q.place
	if R.total < R.cap {
		e.push(q, entry(r, k))
		R.total++
		R.set(place, max(0, q.held-q.target))
		return -1
	}
	// The region is at its cap and one of the applicants it holds or is
	// offered must go. Kamada and Kojima's regional choice from the held
	// applicants plus the new one keeps every position's applicants but
	// one: the last seat its round robin would hand out, which belongs to
	// the position with the largest excess over its target (the last of
	// them in the region's order). See regionState.
	old := R.excess[place]
	R.set(place, max(0, q.held+1-q.target))
	j := R.last()
	if j == place {
		R.set(place, old)
		return e.contest(q, k, r)
	}
	e.push(q, entry(r, k))
	loser := &e.pos[R.positions[j]]
	w := e.pop(loser)
	R.set(j, max(0, loser.held-loser.target))
	return int32(w)
}

// contest lets q, which cannot take one more, keep the best of what it
// holds and entry k, ranked r; it returns the entry it rejects.
func (e *engine) contest(q *posState, k, r int32) int32 {
	x := entry(r, k)
	if q.held == 0 || x > q.top {
		return k
	}
	h := e.heap[q.heapOff : q.heapOff+q.held]
	out := q.top
	h[0] = x
	siftDown(h, 0)
	q.top = h[0]
	return int32(out)
}

func (e *engine) push(q *posState, x int64) {
	h := e.heap[q.heapOff:]
	n := q.held
	h[n] = x
	for i := n; i > 0; {
		up := (i - 1) / 2
		if h[up] >= h[i] {
			break
		}
		h[up], h[i] = h[i], h[up]
		i = up
	}
	q.held = n + 1
	q.top = h[0]
}

// pop removes the worst entry q holds and returns it.
func (e *engine) pop(q *posState) int64 {
	h := e.heap[q.heapOff:]
	n := q.held - 1
	top := h[0]
	h[0] = h[n]
	q.held = n
	siftDown(h[:n], 0)
	q.top = h[0] // stale when empty, and then never read
	return top
}

func siftDown(h []int64, i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		big := l
		if r := l + 1; r < n && h[r] > h[l] {
			big = r
		}
		if h[i] >= h[big] {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}

// assignment returns the position each applicant holds at the end, or -1.
func (e *engine) assignment() []int32 {
	c := e.c
	out := make([]int32, c.nA)
	for i := range out {
		out[i] = -1
	}
	// Mark the entries held, then find whose they are in one pass down
	// the lists.
	held := make([]bool, len(c.aList))
	for _, q := range e.pos {
		for _, x := range e.heap[q.heapOff : q.heapOff+q.held] {
			held[int32(x)] = true
		}
	}
	for a := range c.nA {
		for k := c.aOff[a]; k < c.end(int32(a)); k++ {
			if held[k] {
				out[a] = c.aList[k].pos
			}
		}
	}
	return out
}
