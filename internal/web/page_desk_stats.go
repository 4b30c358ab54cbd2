package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
)

// deskStatisticsView is the data of the public statistics page.
type deskStatisticsView struct {
	layout
	Stats  *desk.Statistics
	Charts []chart
}

// chart is an SVG bar chart drawn on the server, with its title and a
// text alternative; the tables on the page carry the same figures.
type chart struct {
	ID    string
	Title string
	Desc  string
	SVG   template.HTML
}

// bar is one row of a bar chart: a value, and optionally a marker drawn
// across the bar (a 90th percentile beside a median).
type bar struct {
	Label  string
	Value  float64
	Text   string // the value as written beside the bar
	Marker float64
}

// deskStatisticsPage serves GET /desk/statistics: public figures with
// charts, no confidential details, no personal data.
func (s *Server) deskStatisticsPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.DeskStatistics(r.Context())
	if err != nil {
		return err
	}
	v := deskStatisticsView{layout: layout{Title: "Investment desk statistics", Nav: "desk-stats"}, Stats: st}
	var resolve, within, stages, segments, origins []bar
	for _, g := range st.ByCategory {
		if g.Resolved > 0 {
			resolve = append(resolve, bar{Label: g.Label, Value: float64(g.MedianDays), Marker: float64(g.P90Days),
				Text: fmt.Sprintf("%d d (p90 %d d)", g.MedianDays, g.P90Days)})
			within = append(within, bar{Label: g.Label, Value: g.ShareWithinTarget * 100, Text: fmt.Sprintf("%.0f%%", g.ShareWithinTarget*100)})
		}
	}
	for _, c := range st.Leads.ByStage {
		stages = append(stages, bar{Label: c.Label, Value: float64(c.N), Text: formatCount(c.N)})
	}
	for _, c := range st.Leads.BySegment {
		segments = append(segments, bar{Label: c.Label, Value: float64(c.N), Text: formatCount(c.N)})
	}
	for i, c := range st.Leads.ByOrigin {
		if i == 12 {
			break
		}
		origins = append(origins, bar{Label: registry.CountryName(c.Key), Value: float64(c.N), Text: formatCount(c.N)})
	}
	add := func(id, title, desc string, bars []bar, max float64) {
		if len(bars) == 0 {
			return
		}
		v.Charts = append(v.Charts, chart{ID: id, Title: title, Desc: desc, SVG: barChart(id, title, desc, bars, max)})
	}
	add("chart-resolve", "Days to resolve a barrier, by category",
		"Median days from opening to resolution for each barrier category, with a tick at the 90th percentile. "+altText(resolve), resolve, 0)
	add("chart-within", "Barriers resolved within target, by category",
		"Share of resolved barriers of each category cleared within their target. "+altText(within), within, 100)
	add("chart-stages", "Leads by stage", "Number of investment leads in each stage of the pipeline. "+altText(stages), stages, 0)
	add("chart-segments", "Leads by segment", "Number of investment leads in each segment. "+altText(segments), segments, 0)
	add("chart-origins", "Leads by origin country", "Number of investment leads from each origin country (the twelve largest). "+altText(origins), origins, 0)
	return s.render(w, r, http.StatusOK, "desk_statistics", &v)
}

// altText lists a chart's bars as a sentence.
func altText(bars []bar) string {
	parts := make([]string, len(bars))
	for i, b := range bars {
		parts[i] = b.Label + ": " + b.Text
	}
	return strings.Join(parts, "; ") + "."
}

// barChart draws a horizontal bar chart as inline SVG: no script, no
// style attribute (the CSP forbids both), a title and a description for
// screen readers. max fixes the scale (0: the largest value).
func barChart(id, title, desc string, bars []bar, max float64) template.HTML {
	const (
		width, labelW, textW, rowH, top = 720, 230, 130, 26, 8
	)
	plotW := float64(width - labelW - textW)
	if max <= 0 {
		for _, b := range bars {
			max = maxFloat(max, b.Value, b.Marker)
		}
	}
	if max <= 0 {
		max = 1
	}
	h := top*2 + rowH*len(bars)
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d">`, width, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
	for i, br := range bars {
		y := top + i*rowH
		w := plotW * br.Value / max
		fmt.Fprintf(&b, `<g><text x="%d" y="%d" text-anchor="end" font-size="13" fill="currentColor">%s</text>`, labelW-8, y+17, esc(br.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#2f6f9f"></rect>`, labelW, y+4, w, rowH-8)
		if br.Marker > 0 {
			mx := float64(labelW) + plotW*br.Marker/max
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#b4412c" stroke-width="3"></line>`, mx, mx, y+2, y+rowH-2)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" fill="currentColor">%s</text></g>`, width-textW+6, y+17, esc(br.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func maxFloat(xs ...float64) float64 {
	m := xs[0]
	for _, x := range xs[1:] {
		if x > m {
			m = x
		}
	}
	return m
}
