package desk

import (
	"cmp"
	"slices"
)

// DayCount is a bin of a histogram of durations in whole days: N cases
// took Days days. The store counts them with SQL; the figures come from
// the bins.
type DayCount struct {
	Days int
	N    int
}

// Percentile returns the p-th percentile (0 < p <= 100) of the durations
// binned in h, by the nearest-rank method: the smallest value with at
// least p% of the cases at or below it. It is 0 for no cases.
func Percentile(h []DayCount, p float64) int {
	total := 0
	for _, b := range h {
		total += b.N
	}
	if total == 0 {
		return 0
	}
	bins := slices.Clone(h)
	slices.SortFunc(bins, func(a, b DayCount) int { return cmp.Compare(a.Days, b.Days) })
	rank := int(float64(total)*p/100 + 0.999999999)
	rank = max(1, min(rank, total))
	seen := 0
	for _, b := range bins {
		seen += b.N
		if seen >= rank {
			return b.Days
		}
	}
	return bins[len(bins)-1].Days
}

// Statistics are the desk's public figures: no confidential detail of a
// lead, no personal data; counts, shares and durations only.
type Statistics struct {
	Barriers       BarrierTotals `json:"barriers"`
	ByCategory     []GroupFigure `json:"by_category"`
	ByJurisdiction []GroupFigure `json:"by_jurisdiction"`
	Leads          LeadTotals    `json:"leads"`
	StageTimes     []StageTime   `json:"stage_times"`
}

// BarrierTotals counts barriers over all categories.
type BarrierTotals struct {
	Opened            int     `json:"opened"`
	Resolved          int     `json:"resolved"`
	Open              int     `json:"open"`
	OpenPastTarget    int     `json:"open_past_target"`
	WithinTarget      int     `json:"resolved_within_target"`
	ShareWithinTarget float64 `json:"share_resolved_within_target"`
	MedianDays        int     `json:"median_days_to_resolve"`
	P90Days           int     `json:"p90_days_to_resolve"`
}

// GroupFigure is the figures of one category or jurisdiction.
type GroupFigure struct {
	Key               string  `json:"key"`
	Label             string  `json:"label"`
	Opened            int     `json:"opened"`
	Resolved          int     `json:"resolved"`
	WithinTarget      int     `json:"resolved_within_target"`
	ShareWithinTarget float64 `json:"share_resolved_within_target"`
	MedianDays        int     `json:"median_days_to_resolve"`
	P90Days           int     `json:"p90_days_to_resolve"`
}

// LeadTotals counts leads by segment, stage and origin country.
type LeadTotals struct {
	Total     int     `json:"total"`
	BySegment []Count `json:"by_segment"`
	ByStage   []Count `json:"by_stage"`
	ByOrigin  []Count `json:"by_origin_country"`
}

// Count is how many leads have a key.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// StageTime is how long leads stayed in a stage they have left.
type StageTime struct {
	Stage      string `json:"stage"`
	Label      string `json:"label"`
	Left       int    `json:"left"` // stays completed
	MedianDays int    `json:"median_days"`
	P90Days    int    `json:"p90_days"`
}

// ResolvedBin is a bin of resolved barriers of one group: N of them took
// Days days, Within of them within their target.
type ResolvedBin struct {
	Key    string
	Days   int
	N      int
	Within int
}

// Groups builds the figures of each group from the numbers opened and the
// bins of those resolved, labelled from terms when the key is one of
// them. Every term has a group, with zeros if nothing was opened in it;
// groups come in the order of terms, then by key.
func Groups(opened map[string]int, resolved []ResolvedBin, terms []Term) []GroupFigure {
	hist := map[string][]DayCount{}
	byKey := map[string]*GroupFigure{}
	get := func(k string) *GroupFigure {
		g := byKey[k]
		if g == nil {
			g = &GroupFigure{Key: k, Label: LabelOf(terms, k)}
			byKey[k] = g
		}
		return g
	}
	for _, t := range terms {
		get(t.Code)
	}
	for k, n := range opened {
		get(k).Opened = n
	}
	for _, b := range resolved {
		g := get(b.Key)
		g.Resolved += b.N
		g.WithinTarget += b.Within
		hist[b.Key] = append(hist[b.Key], DayCount{b.Days, b.N})
	}
	out := make([]GroupFigure, 0, len(byKey))
	for k, g := range byKey {
		g.MedianDays = Percentile(hist[k], 50)
		g.P90Days = Percentile(hist[k], 90)
		g.ShareWithinTarget = share(g.WithinTarget, g.Resolved)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b GroupFigure) int {
		ia, ib := termIndex(terms, a.Key), termIndex(terms, b.Key)
		if ia != ib {
			return cmp.Compare(ia, ib)
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// Totals sums group figures into totals, with the median and 90th
// percentile over all resolved bins.
func Totals(groups []GroupFigure, resolved []ResolvedBin) BarrierTotals {
	var t BarrierTotals
	var h []DayCount
	for _, g := range groups {
		t.Opened += g.Opened
		t.Resolved += g.Resolved
		t.WithinTarget += g.WithinTarget
	}
	for _, b := range resolved {
		h = append(h, DayCount{b.Days, b.N})
	}
	t.Open = t.Opened - t.Resolved
	t.ShareWithinTarget = share(t.WithinTarget, t.Resolved)
	t.MedianDays = Percentile(h, 50)
	t.P90Days = Percentile(h, 90)
	return t
}

// termIndex is the position of key in terms, or len(terms) when it is not
// there (jurisdictions, countries).
func termIndex(terms []Term, key string) int {
	i := slices.IndexFunc(terms, func(t Term) bool { return t.Code == key })
	if i < 0 {
		return len(terms)
	}
	return i
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(int(float64(n)/float64(of)*1000+0.5)) / 1000
}

// Counts turns counts by key into a list in the order of terms (every
// term, with zeros), or, without terms, by count descending then key.
func Counts(by map[string]int, terms []Term, label func(string) string) []Count {
	var out []Count
	if terms != nil {
		for _, t := range terms {
			out = append(out, Count{t.Code, t.Label, by[t.Code]})
		}
		return out
	}
	for k, n := range by {
		out = append(out, Count{k, label(k), n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.N != b.N {
			return cmp.Compare(b.N, a.N)
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// StageTimes builds the time-in-stage figures from bins of completed
// stays by stage, in pipeline order; terminal stages are never left in the
// ordinary course and are included only when stays were completed.
func StageTimes(bins map[string][]DayCount) []StageTime {
	var out []StageTime
	for _, s := range Stages {
		h := bins[s.Code]
		n := 0
		for _, b := range h {
			n += b.N
		}
		if IsTerminal(s.Code) && n == 0 {
			continue
		}
		out = append(out, StageTime{Stage: s.Code, Label: s.Label, Left: n, MedianDays: Percentile(h, 50), P90Days: Percentile(h, 90)})
	}
	return out
}

// PercentWithinTarget is the share resolved within target, in percent.
func (g GroupFigure) PercentWithinTarget() float64 { return g.ShareWithinTarget * 100 }

// PercentWithinTarget is the share resolved within target, in percent.
func (t BarrierTotals) PercentWithinTarget() float64 { return t.ShareWithinTarget * 100 }
