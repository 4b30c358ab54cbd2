package sovereignty

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// The charts are plain SVG, written here without a library: presentation
// attributes only (no style attributes, no script), so they pass a strict
// Content-Security-Policy, with a <title> and <desc> for screen readers and
// a <title> on every mark. Pages show a table with the same figures beside
// each chart.

// palette is the Okabe-Ito palette, distinguishable with the common
// colour-vision deficiencies; the last colour is for "others".
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"}

// maxSegments is how many partners a stacked bar shows by name; the rest
// are summed as "others".
const maxSegments = 7

func esc(s string) string { return html.EscapeString(s) }

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// chartPartners orders the partners of source by their share summed over
// the layers, so a partner keeps its colour from bar to bar.
func chartPartners(f *Figures, source string) []string {
	sum := map[string]float64{}
	for _, l := range f.Layers {
		if c, ok := l.Of(source); ok {
			for _, p := range c.Partners {
				sum[p.Code] += p.Share
			}
		}
	}
	codes := make([]string, 0, len(sum))
	for c := range sum {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if sum[a] != sum[b] {
			if sum[a] > sum[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return codes
}

// SharesChart draws, for source, one horizontal bar per layer split into
// the partners' shares, with each layer's index at the bar's end.
func SharesChart(f *Figures, source string) string {
	const (
		width, left, barW, rowH, top = 680, 130, 440, 34, 16
	)
	partners := chartPartners(f, source)
	colour := map[string]string{}
	for i, p := range partners {
		if i < maxSegments {
			colour[p] = palette[i]
		}
	}
	named := min(len(partners), maxSegments)
	legendRows := (named + 1 + 3) / 4
	height := top + rowH*len(f.Layers) + 24 + 22*legendRows
	var b strings.Builder
	title := fmt.Sprintf("Shares of partner countries per layer, %s, %s", sourceLabel(source), registry.CountryName(f.Home))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="shares-title shares-desc" class="chart">`+"\n",
		width, height, width, height)
	fmt.Fprintf(&b, `<title id="shares-title">%s</title>`+"\n", esc(title))
	fmt.Fprintf(&b, `<desc id="shares-desc">%s</desc>`+"\n", esc(sharesDesc(f, source)))
	for i, l := range f.Layers {
		y := top + i*rowH
		c, _ := l.Of(source)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13" fill="#222">%s</text>`+"\n", left-8, y+17, esc(registry.LayerLabel(l.Layer)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="22" fill="#f2f2f2"/>`+"\n", left, y+2, barW)
		x := float64(left)
		var others float64
		for _, p := range c.Partners {
			if _, ok := colour[p.Code]; !ok {
				others += p.Share
				continue
			}
			w := p.Share * barW
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="22" fill="%s"><title>%s: %s</title></rect>`+"\n",
				x, y+2, w, colour[p.Code], esc(registry.CountryName(p.Code)), pct(p.Share))
			x += w
		}
		if others > 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="22" fill="%s"><title>Others: %s</title></rect>`+"\n",
				x, y+2, others*barW, palette[len(palette)-1], pct(others))
		}
		label := "no records"
		if len(c.Partners) > 0 {
			label = fmt.Sprintf("HHI %d", c.HHI)
		}
		fill := "#222"
		if c.HHI > FlagHHI {
			fill = "#b00020"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="%s">%s</text>`+"\n", left+barW+8, y+17, fill, label)
	}
	ly := top + rowH*len(f.Layers) + 12
	items := partners[:named]
	if len(partners) > named {
		items = append(slices.Clone(items), OtherGroup)
	}
	for i, p := range items {
		x := left + (i%4)*130
		y := ly + (i/4)*22
		col, name := palette[len(palette)-1], "Others"
		if p != OtherGroup {
			col, name = colour[p], registry.CountryName(p)
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12" fill="#222">%s</text>`+"\n",
			x, y, col, x+17, y+11, esc(name))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func sharesDesc(f *Figures, source string) string {
	var parts []string
	for _, l := range f.Layers {
		c, _ := l.Of(source)
		if len(c.Partners) == 0 {
			parts = append(parts, registry.LayerLabel(l.Layer)+": no records")
			continue
		}
		t := c.Top()
		parts = append(parts, fmt.Sprintf("%s: %s leads with %s, HHI %d", registry.LayerLabel(l.Layer), registry.CountryName(t.Code), pct(t.Share), c.HHI))
	}
	return strings.Join(parts, "; ") + "."
}

func sourceLabel(source string) string {
	switch source {
	case SourceProjects:
		return "projects counted"
	case SourceBudgets:
		return "projects weighted by budget"
	case SourceOutputs:
		return "outputs by IP holder"
	case SourcePlacements:
		return "placements by host country"
	case SourceInvestments:
		return "investment leads by origin country"
	case Combined:
		return "all sources combined"
	}
	return source
}

// SourceLabel returns the name of a source for readers.
func SourceLabel(source string) string { return sourceLabel(source) }

// TrendChart draws, for source, the index of each layer by year as
// lines, with the flag threshold dashed.
func TrendChart(f *Figures, source string) string {
	const (
		width, height, left, right, top, bottom = 680, 280, 56, 150, 16, 36
	)
	byLayer := map[string][]TrendPoint{}
	var years []int
	for _, t := range f.Trend {
		if t.Source != source {
			continue
		}
		byLayer[t.Layer] = append(byLayer[t.Layer], t)
		if !slices.Contains(years, t.Year) {
			years = append(years, t.Year)
		}
	}
	slices.Sort(years)
	plotW, plotH := width-left-right, height-top-bottom
	xOf := func(year int) float64 {
		if len(years) < 2 {
			return float64(left) + float64(plotW)/2
		}
		return float64(left) + float64(plotW)*float64(year-years[0])/float64(years[len(years)-1]-years[0])
	}
	yOf := func(hhi int) float64 { return float64(top) + float64(plotH)*(1-float64(hhi)/10000) }
	var b strings.Builder
	title := fmt.Sprintf("Concentration (HHI) by year and layer, %s, %s", sourceLabel(source), registry.CountryName(f.Home))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="trend-title trend-desc" class="chart">`+"\n",
		width, height, width, height)
	fmt.Fprintf(&b, `<title id="trend-title">%s</title>`+"\n", esc(title))
	fmt.Fprintf(&b, `<desc id="trend-desc">%s</desc>`+"\n", esc(trendDesc(byLayer, years)))
	for _, h := range []int{0, 2500, 5000, 7500, 10000} {
		y := yOf(h)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end" font-size="11" fill="#444">%d</text>`+"\n",
			left, y, left+plotW, y, left-6, y+4, h)
	}
	ty := yOf(FlagHHI)
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b00020" stroke-dasharray="5 4"><title>Flag threshold: HHI %d</title></line>`+"\n",
		left, ty, left+plotW, ty, FlagHHI)
	for _, y := range years {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#444">%d</text>`+"\n", xOf(y), height-bottom+18, y)
	}
	if len(years) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13" fill="#444">No dated records</text>`+"\n", left+plotW/2, top+plotH/2)
	}
	for i, l := range registry.Layers {
		pts := byLayer[l.Code]
		col := palette[i]
		if len(pts) > 1 {
			coords := make([]string, len(pts))
			for j, p := range pts {
				coords[j] = fmt.Sprintf("%.1f,%.1f", xOf(p.Year), yOf(p.HHI))
			}
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(coords, " "), col)
		}
		for _, p := range pts {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s %d: HHI %d</title></circle>`+"\n",
				xOf(p.Year), yOf(p.HHI), col, esc(l.Label), p.Year, p.HHI)
		}
		ly := top + 8 + i*20
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12" fill="#222">%s</text>`+"\n",
			left+plotW+16, ly, col, left+plotW+33, ly+11, esc(l.Label))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func trendDesc(byLayer map[string][]TrendPoint, years []int) string {
	if len(years) == 0 {
		return "No dated records."
	}
	var parts []string
	for _, l := range registry.Layers {
		pts := byLayer[l.Code]
		if len(pts) == 0 {
			continue
		}
		first, last := pts[0], pts[len(pts)-1]
		parts = append(parts, fmt.Sprintf("%s: HHI %d in %d, %d in %d", l.Label, first.HHI, first.Year, last.HHI, last.Year))
	}
	return strings.Join(parts, "; ") + "."
}
