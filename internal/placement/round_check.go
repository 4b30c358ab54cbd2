package placement

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// roundChecker checks a decoded round's ids and numbers and builds the
// instance, collecting every problem with its JSON path.
type roundChecker struct {
	r        *roundJSON
	problems []string
	in       *Instance

	applicants, positions, regions map[string]int32
	// Duplicate detection within one list: stamp[x] == cur when x was
	// seen in the current list, at item seenAt[x].
	stampA, stampP   []int32
	seenAtA, seenAtP []int32
	cur              int32
	// listedA and listedP mark what the master orders list, in a round
	// without a seed.
	listedA, listedP []bool
}

func (rc *roundChecker) add(path, format string, args ...any) {
	rc.problems = append(rc.problems, path+": "+fmt.Sprintf(format, args...))
}

// checkRound checks a decoded round and, when it has no problems, returns
// it as an instance.
func checkRound(r *roundJSON) (*Instance, []string) {
	rc := &roundChecker{r: r, in: &Instance{}}
	rc.applicants = rc.ids("applicants", len(r.Applicants), func(i int) string { return r.Applicants[i].ID })
	rc.positions = rc.ids("positions", len(r.Positions), func(i int) string { return r.Positions[i].ID })
	rc.regions = rc.ids("regions", len(r.Regions), func(i int) string { return r.Regions[i].ID })
	rc.stampA, rc.seenAtA = make([]int32, len(r.Applicants)), make([]int32, len(r.Applicants))
	rc.stampP, rc.seenAtP = make([]int32, len(r.Positions)), make([]int32, len(r.Positions))
	if r.Seed == nil { // ties must be settled by the master orders
		rc.listedA, rc.listedP = make([]bool, len(r.Applicants)), make([]bool, len(r.Positions))
	}

	rc.tiebreak()
	rc.applicantList()
	rc.positionList()
	rc.regionList()
	if len(rc.problems) > 0 {
		return nil, rc.problems
	}
	return rc.in, nil
}

// ids maps each id of one kind to its index, reporting empty and
// duplicate ids. The map's keys are cut from one string holding all the
// ids, so that comparing a key reads memory that stays in cache rather
// than ids scattered across the decoded document: for a million
// applicants that halves the time of the lookups.
func (rc *roundChecker) ids(kind string, n int, id func(int) string) map[string]int32 {
	size := 0
	for i := range n {
		size += len(id(i))
	}
	var b strings.Builder
	b.Grow(size)
	for i := range n {
		b.WriteString(id(i))
	}
	all := b.String()
	m := make(map[string]int32, n)
	at := 0
	for i := range n {
		s := id(i)
		key := all[at : at+len(s)]
		at += len(s)
		switch {
		case s == badID:
		case s == "":
			rc.add(kind+"["+strconv.Itoa(i)+"].id", "missing")
		default:
			if j, dup := m[key]; dup {
				rc.add(kind+"["+strconv.Itoa(i)+"].id", "%q is also the id of %s[%d]", s, kind, j)
				continue
			}
			m[key] = int32(i)
		}
	}
	return m
}

func (rc *roundChecker) tiebreak() {
	t := rc.r.Tiebreak
	if rc.r.Seed != nil {
		rc.in.Lottery, rc.in.Seed = true, *rc.r.Seed
	}
	if t == nil {
		return
	}
	rc.in.ApplicantOrder = rc.order("tiebreak.applicants", t.Applicants, rc.applicants, "applicant", rc.stampA)
	rc.in.PositionOrder = rc.order("tiebreak.positions", t.Positions, rc.positions, "position", rc.stampP)
	if rc.listedA != nil {
		for _, x := range rc.in.ApplicantOrder {
			rc.listedA[x] = true
		}
		for _, x := range rc.in.PositionOrder {
			rc.listedP[x] = true
		}
	}
}

// order resolves a master order, reporting unknown and repeated ids.
func (rc *roundChecker) order(path string, ids []string, known map[string]int32, what string, stamp []int32) []int32 {
	rc.cur++
	out := make([]int32, 0, len(ids))
	for i, s := range ids {
		x, ok := known[s]
		switch {
		case s == badID:
		case !ok:
			rc.add(path+"["+strconv.Itoa(i)+"]", "unknown %s %q", what, s)
		case stamp[x] == rc.cur:
			rc.add(path+"["+strconv.Itoa(i)+"]", "%s %q listed twice", what, s)
		default:
			stamp[x] = rc.cur
			out = append(out, x)
		}
	}
	return out
}

// list resolves a preference list into prefs and tie marks, reporting
// unknown ids, ids listed twice, empty tie groups and ties that neither
// the master order nor a seed settles.
func (rc *roundChecker) list(path string, items *prefList, known map[string]int32, what string, stamp, seenAt []int32, listed []bool, orderPath string, dst []int32) ([]int32, []bool) {
	rc.cur++
	start := len(dst)
	var tied []bool
	for g := range items.items() {
		ids, group := items.item(g)
		if group && len(ids) == 0 {
			rc.add(path+"["+strconv.Itoa(g)+"]", "empty tie group")
			continue
		}
		first := len(dst)
		for k, s := range ids {
			if s == badID {
				continue
			}
			x, ok := known[s]
			switch {
			case !ok:
				rc.add(itemPath(path, g, k, group), "unknown %s %q", what, s)
				continue
			case stamp[x] == rc.cur:
				rc.add(itemPath(path, g, k, group), "%s %q listed twice (also at %s[%d])", what, s, path, seenAt[x])
				continue
			}
			stamp[x], seenAt[x] = rc.cur, int32(g)
			dst = append(dst, x)
			if len(dst) > first+1 {
				if tied == nil {
					tied = make([]bool, len(dst)-start-1, len(items.ids))
				}
				tied = append(tied, true)
			} else if tied != nil {
				tied = append(tied, false)
			}
		}
		if n := len(dst) - first; n >= 2 && !rc.in.Lottery {
			rc.checkSettled(path+"["+strconv.Itoa(g)+"]", dst[first:], listed, orderPath, what)
		}
	}
	return dst, tied
}

func itemPath(path string, g, k int, group bool) string {
	if group {
		return path + "[" + strconv.Itoa(g) + "][" + strconv.Itoa(k) + "]"
	}
	return path + "[" + strconv.Itoa(g) + "]"
}

// checkSettled reports a tie group with two or more members the master
// order does not list, in a round without a seed.
func (rc *roundChecker) checkSettled(path string, group []int32, listed []bool, orderPath, what string) {
	var open []int32
	for _, x := range group {
		if !listed[x] {
			open = append(open, x)
		}
	}
	if len(open) < 2 {
		return
	}
	names := make([]string, 0, 3)
	for _, x := range open[:min(len(open), 3)] {
		names = append(names, strconv.Quote(rc.idOf(what, x)))
	}
	if len(open) > 3 {
		names = append(names, fmt.Sprintf("%d more", len(open)-3))
	}
	rc.add(path, "tie between %s is not settled: %s does not order them and there is no seed", strings.Join(names, ", "), orderPath)
}

func (rc *roundChecker) idOf(what string, x int32) string {
	if what == "applicant" {
		return rc.r.Applicants[x].ID
	}
	return rc.r.Positions[x].ID
}

func (rc *roundChecker) applicantList() {
	total := 0
	for i := range rc.r.Applicants {
		total += len(rc.r.Applicants[i].Prefs.ids)
	}
	buf := make([]int32, 0, total)
	rc.in.Applicants = make([]Applicant, len(rc.r.Applicants))
	for i := range rc.r.Applicants {
		a := &rc.r.Applicants[i]
		start := len(buf)
		var tied []bool
		buf, tied = rc.list("applicants["+strconv.Itoa(i)+"].prefs", &a.Prefs, rc.positions, "position", rc.stampP, rc.seenAtP, rc.listedP, "tiebreak.positions", buf)
		rc.in.Applicants[i] = Applicant{ID: a.ID, Prefs: buf[start:len(buf):len(buf)], Tied: tied}
	}
}

func (rc *roundChecker) positionList() {
	total := 0
	for i := range rc.r.Positions {
		total += len(rc.r.Positions[i].Prefs.ids)
	}
	buf := make([]int32, 0, total)
	rc.in.Positions = make([]Position, len(rc.r.Positions))
	for i := range rc.r.Positions {
		p := &rc.r.Positions[i]
		path := "positions[" + strconv.Itoa(i) + "]"
		q := Position{ID: p.ID}
		switch {
		case p.Capacity == nil:
			rc.add(path+".capacity", "missing")
		case *p.Capacity < 0:
			rc.add(path+".capacity", "negative (%d)", *p.Capacity)
		default:
			q.Capacity = int(min(*p.Capacity, math.MaxInt32))
		}
		if p.Region != "" && p.Region != badID {
			if _, ok := rc.regions[p.Region]; !ok {
				rc.add(path+".region", "unknown region %q", p.Region)
			}
		}
		if p.Target != nil {
			switch t := *p.Target; {
			case t < 0:
				rc.add(path+".target", "negative (%d)", t)
			case p.Capacity != nil && t > *p.Capacity && *p.Capacity >= 0:
				rc.add(path+".target", "%d is above the capacity %d", t, *p.Capacity)
			case t > 0 && p.Region == "":
				rc.add(path+".target", "set but the position is in no region")
			default:
				q.Target = int(min(t, math.MaxInt32))
			}
		}
		start := len(buf)
		buf, q.Tied = rc.list(path+".prefs", &p.Prefs, rc.applicants, "applicant", rc.stampA, rc.seenAtA, rc.listedA, "tiebreak.applicants", buf)
		q.Prefs = buf[start:len(buf):len(buf)]
		rc.in.Positions[i] = q
	}
}

func (rc *roundChecker) regionList() {
	rc.in.Regions = make([]Region, len(rc.r.Regions))
	for ri := range rc.r.Regions {
		r := &rc.r.Regions[ri]
		path := "regions[" + strconv.Itoa(ri) + "]"
		reg := Region{ID: r.ID}
		switch {
		case r.Cap == nil:
			rc.add(path+".cap", "missing")
		case *r.Cap < 0:
			rc.add(path+".cap", "negative (%d)", *r.Cap)
		default:
			reg.Cap = int(min(*r.Cap, math.MaxInt32))
		}
		if r.Order == nil {
			for i := range rc.r.Positions {
				if r.ID == "" || r.ID == badID {
					break
				}
				if rc.r.Positions[i].Region == r.ID {
					reg.Positions = append(reg.Positions, int32(i))
				}
			}
		} else {
			rc.cur++
			for j, s := range *r.Order {
				at := path + ".order[" + strconv.Itoa(j) + "]"
				x, ok := rc.positions[s]
				switch {
				case s == badID:
				case !ok:
					rc.add(at, "unknown position %q", s)
				case rc.r.Positions[x].Region != r.ID:
					rc.add(at, "position %q is not in region %q", s, r.ID)
				case rc.stampP[x] == rc.cur:
					rc.add(at, "position %q listed twice", s)
				default:
					rc.stampP[x] = rc.cur
					reg.Positions = append(reg.Positions, x)
				}
			}
			for i := range rc.r.Positions {
				if rc.r.Positions[i].Region == r.ID && rc.stampP[i] != rc.cur && r.ID != badID {
					rc.add(path+".order", "does not list position %q of the region", rc.r.Positions[i].ID)
				}
			}
		}
		targets := int64(0)
		for i := range rc.r.Positions {
			if t := rc.r.Positions[i].Target; t != nil && *t > 0 && rc.r.Positions[i].Region == r.ID {
				targets += min(*t, math.MaxInt32)
			}
		}
		if r.Cap != nil && *r.Cap >= 0 && targets > *r.Cap {
			rc.add(path, "targets of its positions sum to %d, above the cap %d", targets, *r.Cap)
		}
		rc.in.Regions[ri] = reg
	}
}
