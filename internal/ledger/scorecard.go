package ledger

import (
	"slices"
	"strings"
)

// Scorecard computes the figures of l on day today. orgCountry maps
// registry organisation ids to their countries; it is used to tell whether
// an output's IP returned home and may be nil (then no IP is known to have
// returned, except where licensed home).
//
// It does not validate: records that refer to a missing framework,
// commitment or project are left out of the figures that need the
// reference. It runs in time linear in the number of records, with at most
// one map lookup per reference; milestones and outputs ordered by project
// need fewer.
func (l *Ledger) Scorecard(today Date, orgCountry map[string]string) *Scorecard {
	fwIdx := make(map[string]int32, len(l.Frameworks))
	for i := range l.Frameworks {
		fwIdx[l.Frameworks[i].ID] = int32(i)
	}
	cmIdx := make(map[string]int32, len(l.Commitments))
	cmFw := make([]int32, len(l.Commitments))
	for i := range l.Commitments {
		c := &l.Commitments[i]
		cmIdx[c.ID] = int32(i)
		cmFw[i] = lookup(fwIdx, c.FrameworkID)
	}
	pjIdx := projectIndex{ps: l.Projects}

	// Milestones: find each one's project, count the open ones and note
	// which are overdue or were completed late, so the pass that tallies
	// them by framework need not read the records again.
	msPj := make([]int32, len(l.Milestones))
	msLate := make([]uint8, len(l.Milestones))
	open := make([]int32, len(l.Projects))
	for i := range l.Milestones {
		m := &l.Milestones[i]
		pi := pjIdx.get(m.ProjectID)
		msPj[i] = pi
		switch {
		case pi < 0:
		case m.IsOpen():
			open[pi]++
			if m.Overdue(today) {
				msLate[i] = msOverdue
			}
		case m.Late(today):
			msLate[i] = msCompletedLate
		}
	}

	sc := &Scorecard{AsOf: today, Frameworks: make([]FrameworkFigures, len(l.Frameworks))}
	var acc tally
	fws := make([]tally, len(l.Frameworks))

	// Projects: fold each into the progress of the commitments it serves,
	// note the frameworks it serves (once each) and sum its money.
	progress := make([]Progress, len(l.Commitments))
	pjFwStart := make([]int32, len(l.Projects)+1)
	pjFw := make([]int32, 0, len(l.Projects))
	home := make([]string, len(l.Projects))
	cur := currencies{}
	for pi := range l.Projects {
		p := &l.Projects[pi]
		start := len(pjFw)
		for _, id := range p.Commitments {
			ci := lookup(cmIdx, id)
			if ci < 0 {
				continue
			}
			progress[ci].Add(p.Status, p.ActualEnd, int(open[pi]))
			if f := cmFw[ci]; f >= 0 && !slices.Contains(pjFw[start:], f) {
				pjFw = append(pjFw, f)
			}
		}
		pjFwStart[pi+1] = int32(len(pjFw))
		if h := p.HomeOrg(); h != "" {
			home[pi] = orgCountry[h] // a nil map gives ""
		}
		mine := pjFw[start:]
		acc.Projects++
		for _, f := range mine {
			fws[f].Projects++
		}
		for _, b := range p.Budgets {
			c := cur.index(b.Currency)
			acc.moneyIn(c, &cur).addBudget(b.Value)
			for _, f := range mine {
				fws[f].moneyIn(c, &cur).addBudget(b.Value)
			}
		}
		for _, t := range p.Transactions {
			if t.Type < TxOutgoingCommitment || t.Type > TxExpenditure {
				continue
			}
			c := cur.index(t.Currency)
			acc.moneyIn(c, &cur).addTx(t.Type, t.Value)
			for _, f := range mine {
				fws[f].moneyIn(c, &cur).addTx(t.Type, t.Value)
			}
		}
	}

	// Commitments: derive each status.
	sc.Commitments = make([]CommitmentState, len(l.Commitments))
	for ci := range l.Commitments {
		c := &l.Commitments[ci]
		g := progress[ci]
		s := Derive(c.Target, g, today)
		sc.Commitments[ci] = CommitmentState{ID: c.ID, FrameworkID: c.FrameworkID, Status: s, Progress: g}
		acc.commitment(s, g)
		if f := cmFw[ci]; f >= 0 {
			fws[f].commitment(s, g)
		}
	}

	// Milestones and outputs, through their projects.
	for i := range l.Milestones {
		pi := msPj[i]
		if pi < 0 {
			continue
		}
		acc.milestone(msLate[i])
		for _, f := range pjFw[pjFwStart[pi]:pjFwStart[pi+1]] {
			fws[f].milestone(msLate[i])
		}
	}
	pjIdx.rewind()
	for i := range l.Outputs {
		o := &l.Outputs[i]
		pi := pjIdx.get(o.ProjectID)
		if pi < 0 {
			continue
		}
		k := slices.Index(OutputKinds, o.Kind)
		if k < 0 {
			continue
		}
		ip := ipStanding(o, orgCountry, home[pi])
		acc.output(k, o.Count, ip)
		for _, f := range pjFw[pjFwStart[pi]:pjFwStart[pi+1]] {
			fws[f].output(k, o.Count, ip)
		}
	}

	sc.Overall = acc.figures()
	for i := range l.Frameworks {
		sc.Frameworks[i] = FrameworkFigures{FrameworkID: l.Frameworks[i].ID, Figures: fws[i].figures()}
	}
	return sc
}

func lookup(m map[string]int32, id string) int32 {
	if i, ok := m[id]; ok {
		return i
	}
	return -1
}

// projectIndex finds projects by id. Before hashing it tries the project
// found last and the one after it, so milestones and outputs that come in
// the order of the projects (as a store loading both ordered by project id
// gives them) are found without a map; the map is built on the first miss.
// When the records turn out not to be in order it stops trying, since each
// failed try is a cache miss.
type projectIndex struct {
	ps           []Project
	m            map[string]int32
	last         int // index in ps of the project found last
	hits, misses int
}

func (x *projectIndex) get(id string) int32 {
	if x.misses <= x.hits+16 {
		for _, i := range [2]int{x.last, x.last + 1} {
			if i < len(x.ps) && x.ps[i].ID == id {
				x.last = i
				x.hits++
				return int32(i)
			}
		}
		x.misses++
	}
	if x.m == nil {
		x.m = make(map[string]int32, len(x.ps))
		for i := range x.ps {
			x.m[x.ps[i].ID] = int32(i)
		}
	}
	i := lookup(x.m, id)
	if i >= 0 {
		x.last = int(i)
	}
	return i
}

// rewind starts a new pass from the first project.
func (x *projectIndex) rewind() { x.last, x.hits, x.misses = 0, 0, 0 }

// currencies numbers the currencies in the order they are met.
type currencies struct {
	codes []string
	idx   map[string]int
	last  int
}

func (c *currencies) index(code string) int {
	if len(c.codes) > 0 && c.codes[c.last] == code {
		return c.last
	}
	if c.idx == nil {
		c.idx = map[string]int{}
	}
	i, ok := c.idx[code]
	if !ok {
		i = len(c.codes)
		c.idx[code] = i
		c.codes = append(c.codes, code)
	}
	c.last = i
	return i
}

// The IP standing of an output.
const (
	ipNone    = iota // the output carries no IP (people-trained)
	ipHome           // its IP returned home
	ipAbroad         // its IP is held abroad
	ipUnknown        // the holder's or the home country is unknown
)

// ipStanding says whether o's IP returned home, is held abroad, is of
// unknown standing, or whether o carries no IP at all.
func ipStanding(o *Output, orgCountry map[string]string, home string) int {
	if !CarriesIP(o.Kind) {
		return ipNone
	}
	holder := ""
	if o.IPHolder != "" {
		holder = orgCountry[o.IPHolder] // a nil map gives ""
	}
	switch {
	case o.ReturnedHome(holder, home):
		return ipHome
	case holder == "" || home == "":
		return ipUnknown
	}
	return ipAbroad
}

// tally accumulates the figures of one set of records.
type tally struct {
	Figures
	outputs [numOutputKinds]int // by index in OutputKinds
	money   []Money
}

// moneyIn returns the sums of currency number c, marking them used.
func (t *tally) moneyIn(c int, cur *currencies) *Money {
	for len(t.money) <= c {
		t.money = append(t.money, Money{})
	}
	m := &t.money[c]
	m.Currency = cur.codes[c]
	return m
}

func (m *Money) addBudget(v Amount) {
	var ok bool
	if m.Budgeted, ok = add(m.Budgeted, v); !ok {
		m.Overflow = true
	}
}

func (m *Money) addTx(typ TransactionType, v Amount) {
	var ok bool
	switch typ {
	case TxOutgoingCommitment:
		m.Committed, ok = add(m.Committed, v)
	case TxDisbursement, TxExpenditure:
		m.Disbursed, ok = add(m.Disbursed, v)
	default:
		return
	}
	if !ok {
		m.Overflow = true
	}
}

func (t *tally) commitment(s Status, g Progress) {
	t.Commitments.add(s)
	t.Conversion.Of++
	if g.Converted() {
		t.Conversion.N++
	}
}

// The lateness of a milestone.
const (
	msOnTime        = iota // not late, or open and not yet due
	msOverdue              // open past its due date
	msCompletedLate        // completed after its due date
)

func (t *tally) milestone(late uint8) {
	t.Milestones++
	switch late {
	case msOverdue:
		t.OverdueMilestones++
	case msCompletedLate:
		t.LateMilestones++
	}
}

func (t *tally) output(kind, count, ip int) {
	t.outputs[kind]++
	if OutputKinds[kind] == OutputPeopleTrained {
		t.PeopleTrained += count
	}
	if ip == ipNone {
		return
	}
	t.ReturnedHome.Of++
	switch ip {
	case ipHome:
		t.ReturnedHome.N++
	case ipUnknown:
		t.IPUnknown++
	}
}

// figures finishes the tally: outputs by kind name, money by currency code
// with the currencies this tally never saw left out.
func (t *tally) figures() Figures {
	f := t.Figures
	f.Outputs = make(map[string]int, len(OutputKinds))
	for k, n := range t.outputs {
		f.Outputs[OutputKinds[k]] = n
	}
	f.Money = make([]Money, 0, len(t.money))
	for _, m := range t.money {
		if m.Currency != "" {
			f.Money = append(f.Money, m)
		}
	}
	slices.SortFunc(f.Money, func(a, b Money) int { return strings.Compare(a.Currency, b.Currency) })
	return f
}
