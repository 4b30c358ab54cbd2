package sovereignty

import (
	"cmp"
	"math"
	"slices"

	"github.com/setu-council/setu/internal/registry"
)

// The sources of figures, by name.
const (
	SourceProjects   = "projects"   // projects counted
	SourceBudgets    = "budgets"    // projects weighted by budget, in Base
	SourceOutputs    = "outputs"    // outputs by the country of their IP holder
	SourcePlacements = "placements" // placements by host country
	// SourceInvestments counts investment leads that reached the
	// memorandum stage, by origin country; cells of fewer than
	// MinLeads leads are pooled under PooledPartner.
	SourceInvestments = "investments"
	Combined          = "combined" // the sources combined
)

// Thresholds of the flags.
const (
	FlagShare = 0.40 // a partner holding more than this share of a layer
	FlagHHI   = 2500 // an index above this
)

// Record is one weighted observation of cooperation with a partner
// country in a layer: a project, a share of a budget, an output.
type Record struct {
	Partner string  // ISO 3166-1 alpha-2
	Layer   string  // a registry layer code
	Year    int     // 0 when the record has no date
	Weight  float64 // a count, or an amount in Currency
	// Currency is set when Weight is money; it is converted into Base
	// through the rate table at Date.
	Currency string
	Date     string
}

// Source is one source's records and its weight in the combination.
type Source struct {
	Name    string
	Weight  float64 // its weight in the combined figures; 0 means 1
	Records []Record
}

// Input is what Compute needs.
type Input struct {
	Home    string
	Sources []Source
	Groups  []Group
	Rates   *Rates // may be nil when no source has money
}

// Share is one partner's (or group's) part of a layer.
type Share struct {
	Code   string  `json:"code"`
	Weight float64 `json:"weight"` // the source's weight unit; for combined, the share itself
	Share  float64 `json:"share"`  // 0..1
}

// Concentration is one source's figures in one layer.
type Concentration struct {
	Source   string   `json:"source"`
	Total    float64  `json:"total"` // the sum of weights; for combined, the sum of the contributing sources' weights
	HHI      int      `json:"hhi"`   // 0..10,000; 0 when there is nothing
	Partners []Share  `json:"partners"`
	Groups   []Share  `json:"groups"`
	From     []string `json:"from,omitempty"` // for combined: the sources that contributed
}

// Top returns the largest partner share, or a zero Share.
func (c Concentration) Top() Share {
	if len(c.Partners) == 0 {
		return Share{}
	}
	return c.Partners[0]
}

// LayerFigures are a layer's figures per source, then combined.
type LayerFigures struct {
	Layer   string          `json:"layer"`
	Sources []Concentration `json:"sources"`
}

// Of returns the layer's figures for source.
func (l LayerFigures) Of(source string) (Concentration, bool) {
	for _, c := range l.Sources {
		if c.Source == source {
			return c, true
		}
	}
	return Concentration{}, false
}

// TrendPoint is the index of one layer and source in one year.
type TrendPoint struct {
	Year   int    `json:"year"`
	Layer  string `json:"layer"`
	Source string `json:"source"`
	HHI    int    `json:"hhi"`
	Top    Share  `json:"top"`
}

// Flag marks a concentration: one partner above FlagShare, or an index
// above FlagHHI.
type Flag struct {
	Layer   string  `json:"layer"`
	Source  string  `json:"source"`
	Kind    string  `json:"kind"` // "partner" or "index"
	Partner string  `json:"partner,omitempty"`
	Share   float64 `json:"share,omitempty"`
	HHI     int     `json:"hhi"`
}

// Figures are the sovereignty figures of a home country.
type Figures struct {
	Home        string         `json:"home"`
	Year        int            `json:"year,omitempty"` // 0: all years
	Sources     []string       `json:"sources"`
	Layers      []LayerFigures `json:"layers"`
	Trend       []TrendPoint   `json:"trend"`
	Flags       []Flag         `json:"flags"`
	Unconverted []Unconverted  `json:"unconverted"`
	Undated     int            `json:"undated"` // records without a year, in the all-years figures only
	// SampleProjects counts the projects in these figures that are sample
	// records (made up, shipped to show how the view works), so that a
	// reader is told; the store sets it.
	SampleProjects int `json:"sample_projects"`
}

// Layer returns the figures of layer code.
func (f *Figures) Layer(code string) (LayerFigures, bool) {
	for _, l := range f.Layers {
		if l.Layer == code {
			return l, true
		}
	}
	return LayerFigures{}, false
}

// weights holds summed weights: layer -> partner -> weight.
type weights map[string]map[string]float64

func (w weights) add(layer, partner string, v float64) {
	m := w[layer]
	if m == nil {
		m = map[string]float64{}
		w[layer] = m
	}
	m[partner] += v
}

// Compute returns the figures of in. year 0 takes every record; another
// year only the records of that year. The trend always covers every
// year. Records of the home country itself, of no partner or of an
// unknown layer are left out; money without a rate is left out and
// reported in Unconverted.
func Compute(in Input, year int) *Figures {
	f := &Figures{Home: in.Home, Year: year, Trend: []TrendPoint{}, Flags: []Flag{}, Unconverted: []Unconverted{}}
	ix := indexGroups(in.Groups)
	rates := in.Rates
	if rates == nil {
		rates = NewRates(nil)
	}
	layerOK := map[string]bool{}
	for _, l := range registry.Layers {
		layerOK[l.Code] = true
	}
	all := make([]weights, len(in.Sources))            // the year asked for
	byYear := make([]map[int]weights, len(in.Sources)) // every dated year
	for i, s := range in.Sources {
		f.Sources = append(f.Sources, s.Name)
		all[i], byYear[i] = weights{}, map[int]weights{}
		lost := map[string]*Unconverted{}
		for _, r := range s.Records {
			if r.Partner == "" || r.Partner == in.Home || !layerOK[r.Layer] {
				continue
			}
			v := r.Weight
			if r.Currency != "" {
				var ok bool
				if v, ok = rates.Convert(r.Weight, r.Currency, r.Date); !ok {
					u := lost[r.Currency]
					if u == nil {
						u = &Unconverted{Source: s.Name, Currency: r.Currency, Earliest: r.Date}
						lost[r.Currency] = u
					}
					u.Amount += r.Weight
					u.Count++
					if r.Date < u.Earliest {
						u.Earliest = r.Date
					}
					continue
				}
			}
			if r.Year == 0 {
				if year == 0 {
					f.Undated++
				}
			} else {
				w := byYear[i][r.Year]
				if w == nil {
					w = weights{}
					byYear[i][r.Year] = w
				}
				w.add(r.Layer, r.Partner, v)
			}
			if year == 0 || r.Year == year {
				all[i].add(r.Layer, r.Partner, v)
			}
		}
		for _, u := range lost {
			f.Unconverted = append(f.Unconverted, *u)
		}
	}
	slices.SortFunc(f.Unconverted, func(a, b Unconverted) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Currency, b.Currency))
	})

	for _, l := range registry.Layers {
		lf := layerFigures(l.Code, in.Sources, all, ix)
		f.Layers = append(f.Layers, lf)
		for _, c := range lf.Sources {
			f.Flags = append(f.Flags, flags(l.Code, c)...)
		}
	}
	f.Trend = trend(in.Sources, byYear, ix)
	return f
}

// layerFigures computes one layer's concentration per source and
// combined.
func layerFigures(layer string, sources []Source, ws []weights, ix groupIndex) LayerFigures {
	lf := LayerFigures{Layer: layer}
	combined := map[string]float64{}
	var sumW float64
	var from []string
	for i, s := range sources {
		c := concentration(s.Name, ws[i][layer], ix)
		lf.Sources = append(lf.Sources, c)
		if c.Total <= 0 {
			continue
		}
		w := sourceWeight(s)
		sumW += w
		from = append(from, s.Name)
		for _, p := range c.Partners {
			combined[p.Code] += w * p.Share
		}
	}
	c := Concentration{Source: Combined, Total: sumW, Partners: []Share{}, Groups: []Share{}, From: from}
	if sumW > 0 {
		for code, v := range combined {
			combined[code] = v / sumW
		}
		c = concentration(Combined, combined, ix)
		c.Total, c.From = sumW, from
		for i := range c.Partners {
			c.Partners[i].Weight = c.Partners[i].Share
		}
		for i := range c.Groups {
			c.Groups[i].Weight = c.Groups[i].Share
		}
	}
	lf.Sources = append(lf.Sources, c)
	return lf
}

func sourceWeight(s Source) float64 {
	if s.Weight > 0 {
		return s.Weight
	}
	return 1
}

// concentration turns partner weights into shares, group shares and the
// index.
func concentration(source string, w map[string]float64, ix groupIndex) Concentration {
	c := Concentration{Source: source, Partners: []Share{}, Groups: []Share{}}
	codes := make([]string, 0, len(w))
	for p, v := range w {
		if v > 0 {
			codes = append(codes, p)
		}
	}
	slices.Sort(codes) // a fixed order of addition
	for _, p := range codes {
		c.Total += w[p]
	}
	if c.Total <= 0 {
		return c
	}
	groups := map[string]float64{}
	for _, p := range codes {
		s := Share{Code: p, Weight: w[p], Share: w[p] / c.Total}
		c.Partners = append(c.Partners, s)
		groups[ix.of(p)] += w[p]
	}
	sortShares(c.Partners)
	for g, v := range groups {
		c.Groups = append(c.Groups, Share{Code: g, Weight: v, Share: v / c.Total})
	}
	sortShares(c.Groups)
	c.HHI = HHI(c.Partners)
	return c
}

// sortShares orders shares largest first, then by code.
func sortShares(s []Share) {
	slices.SortFunc(s, func(a, b Share) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(a.Code, b.Code))
	})
}

// HHI is the Herfindahl-Hirschman index of shares (each 0..1): the sum of
// the squares of the shares in percent, rounded to an integer in
// 0..10,000.
func HHI(shares []Share) int {
	var h float64
	for _, s := range shares {
		h += (100 * s.Share) * (100 * s.Share)
	}
	return int(math.Round(h))
}

// flags returns the flags of one concentration.
func flags(layer string, c Concentration) []Flag {
	var fs []Flag
	// PooledPartner is several countries: no single partner to flag.
	if t := c.Top(); t.Share > FlagShare && t.Code != PooledPartner {
		fs = append(fs, Flag{Layer: layer, Source: c.Source, Kind: "partner", Partner: t.Code, Share: t.Share, HHI: c.HHI})
	}
	if c.HHI > FlagHHI {
		fs = append(fs, Flag{Layer: layer, Source: c.Source, Kind: "index", HHI: c.HHI})
	}
	return fs
}

// trend computes, for each dated year, layer and source (and combined),
// the index and the top partner. Years where a layer has no records at
// all are left out.
func trend(sources []Source, byYear []map[int]weights, ix groupIndex) []TrendPoint {
	years := map[int]bool{}
	for _, m := range byYear {
		for y := range m {
			years[y] = true
		}
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	out := []TrendPoint{}
	for _, y := range ys {
		ws := make([]weights, len(sources))
		for i := range sources {
			ws[i] = byYear[i][y]
		}
		for _, l := range registry.Layers {
			lf := layerFigures(l.Code, sources, ws, ix)
			for _, c := range lf.Sources {
				if c.Total > 0 {
					out = append(out, TrendPoint{Year: y, Layer: l.Code, Source: c.Source, HHI: c.HHI, Top: c.Top()})
				}
			}
		}
	}
	return out
}

// MinLeads is the fewest investment leads a (partner, layer, year) cell
// of the investments source may show: a lead is confidential, so a cell
// with fewer is pooled under PooledPartner, and no single lead can be
// told from the figures (k-anonymity with k = MinLeads).
const MinLeads = 3

// PooledPartner is the partner code of the investment leads pooled from
// cells of fewer than MinLeads leads.
const PooledPartner = "others"

// PoolSmallCells returns records (counts, one per lead, partner, layer
// and year) with the partners of every (partner, layer, year) cell of
// fewer than min records replaced by PooledPartner, summed per cell, in
// the order of partner, layer and year.
func PoolSmallCells(records []Record, min int) []Record {
	type cell struct {
		partner, layer string
		year           int
	}
	n := map[cell]float64{}
	for _, r := range records {
		n[cell{r.Partner, r.Layer, r.Year}] += r.Weight
	}
	pooled := map[cell]float64{}
	for c, w := range n {
		if w < float64(min) {
			c.partner = PooledPartner
		}
		pooled[c] += w
	}
	out := make([]Record, 0, len(pooled))
	for c, w := range pooled {
		out = append(out, Record{Partner: c.partner, Layer: c.layer, Year: c.year, Weight: w})
	}
	slices.SortFunc(out, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.Partner, b.Partner), cmp.Compare(a.Layer, b.Layer), cmp.Compare(a.Year, b.Year))
	})
	return out
}
