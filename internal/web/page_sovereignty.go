package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyPageRoutes registers the sovereignty view's pages.
func (s *Server) sovereigntyPageRoutes() {
	s.handle("GET /sovereignty", s.sovereigntyIndex)
	s.handle("GET /sovereignty/{home}", s.sovereigntyPage)
	s.handle("GET /sovereignty/rates", s.ratesPage) // the exchange-rate table: page_sovereignty_rates.go
	s.handle("POST /sovereignty/rates", s.setRateForm)
	s.handle("POST /sovereignty/rates/{id}/delete", s.deleteRateForm)
	s.handle("GET /sovereignty/groups", s.groupsPage) // partner groups: page_sovereignty_groups.go
	s.handle("POST /sovereignty/groups", s.createGroupForm)
	s.handle("POST /sovereignty/groups/{id}", s.updateGroupForm)
	s.handle("POST /sovereignty/groups/{id}/delete", s.deleteGroupForm)
}

// sovereigntyView is the data of the sovereignty page.
type sovereigntyPageView struct {
	layout
	Home, HomeName string
	Source         string
	SourceLabel    string
	Sources        []sovereigntyOption
	Homes          []sovereigntyOption
	SharesSVG      template.HTML // server-rendered, escaped by package sovereignty
	TrendSVG       template.HTML
	Layers         []sovereigntyLayerRow
	Years          []int
	Trend          []sovereigntyTrendRow
	Flags          []string
	Unconverted    []string
	Undated        int
	SampleProjects int // of the projects counted, those that are sample records
	Groups         []sovereignty.Group
	Without        string
	WithoutOptions []sovereigntyOption
	Stress         []sovereigntyStressRow
	StressLabel    string
	CSV            string // the API URL of the shares table in CSV
	Problems       []errs.FieldError
}

type sovereigntyOption struct {
	Value, Label string
	Selected     bool
}

type sovereigntyLayerRow struct {
	Layer    string
	HHI      int
	Flagged  bool
	Partners string // "United States 55.6%, Japan 36.0%, ..."
	Groups   string
	Empty    bool
}

type sovereigntyTrendRow struct {
	Layer string
	HHI   []string // by year of the view's Years; "" when none
}

type sovereigntyStressRow struct {
	Layer        string
	AtRisk       string
	Before       int
	After        int
	Alternatives []sovereignty.Alternative
}

// sovereigntyIndex serves GET /sovereignty: the home country's page, India
// by default; the home form sends ?home=.
func (s *Server) sovereigntyIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	home := strings.ToUpper(strings.TrimSpace(q.Get("home")))
	if home == "" {
		home = defaultHome
	}
	q.Del("home")
	target := "/sovereignty/" + url.PathEscape(home)
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// sovereigntyPage serves GET /sovereignty/{home}?source=&without=.
func (s *Server) sovereigntyPage(w http.ResponseWriter, r *http.Request) error {
	const op = "sovereignty page"
	home := strings.ToUpper(r.PathValue("home"))
	qp := newQueryParams(r.URL.Query())
	source, without := qp.one("source"), qp.one("without")
	if source == "" {
		source = sovereignty.Combined
	}
	if !slices.Contains(sovereigntySourceNames, source) {
		qp.problem("source", "%q: want one of %s", source, strings.Join(sovereigntySourceNames, ", "))
	}
	if len(without) == 2 {
		without = strings.ToUpper(without)
	}
	if !registry.IsCountry(home) {
		return errs.E(op, errs.NotFound, "%q is not a country code of the registry", home)
	}
	if err := qp.err(op); err != nil {
		return err
	}
	f, groups, err := s.store.SovereigntyFigures(r.Context(), home, 0)
	if err != nil {
		return err
	}
	v := sovereigntyPageView{
		layout: layout{Title: "Sovereignty view: " + registry.CountryName(home), Nav: "sovereignty"},
		Home:   home, HomeName: registry.CountryName(home), Source: source, SourceLabel: sovereignty.SourceLabel(source),
		SharesSVG: template.HTML(sovereignty.SharesChart(f, source)), // #nosec: built from escaped text
		TrendSVG:  template.HTML(sovereignty.TrendChart(f, source)),
		Undated:   f.Undated, SampleProjects: f.SampleProjects, Groups: groups, Without: without,
		CSV: "/api/v1/sovereignty?home=" + home + "&source=" + source + "&format=csv",
	}
	for _, src := range sovereigntySourceNames {
		v.Sources = append(v.Sources, sovereigntyOption{Value: src, Label: sovereignty.SourceLabel(src), Selected: src == source})
	}
	for _, c := range bridgeCountries {
		v.Homes = append(v.Homes, sovereigntyOption{Value: c, Label: registry.CountryName(c), Selected: c == home})
	}
	if !slices.Contains(bridgeCountries, home) {
		v.Homes = append(v.Homes, sovereigntyOption{Value: home, Label: registry.CountryName(home), Selected: true})
	}
	s.fillSovereigntyTables(&v, f, groups)
	if without != "" {
		st, err := s.store.SovereigntyStress(r.Context(), home, without)
		if errs.KindOf(err) == errs.Invalid {
			v.Problems = errs.FieldsOf(err)
			return s.render(w, r, http.StatusUnprocessableEntity, "sovereignty", &v)
		}
		if err != nil {
			return err
		}
		v.StressLabel = withoutLabel(without, groups)
		for _, l := range st.Layers {
			if l.Source != source {
				continue
			}
			v.Stress = append(v.Stress, sovereigntyStressRow{Layer: l.Layer, AtRisk: fmt.Sprintf("%.1f%%", 100*l.AtRisk),
				Before: l.HHIBefore, After: l.HHIAfter, Alternatives: st.Alternatives[l.Layer]})
		}
	}
	return s.render(w, r, http.StatusOK, "sovereignty", &v)
}

func withoutLabel(without string, groups []sovereignty.Group) string {
	for _, g := range groups {
		if g.Code == without {
			return g.Label
		}
	}
	if without == sovereignty.OtherGroup {
		return "Countries in no group"
	}
	return registry.CountryName(without)
}

// fillSovereigntyTables writes the text alternatives of the charts, the
// flags and the notes, and the choices of the stress test.
func (s *Server) fillSovereigntyTables(v *sovereigntyPageView, f *sovereignty.Figures, groups []sovereignty.Group) {
	seen := map[string]bool{}
	labels := map[string]string{sovereignty.OtherGroup: "Others"}
	for _, g := range groups {
		labels[g.Code] = g.Label
	}
	for _, l := range f.Layers {
		c, _ := l.Of(v.Source)
		row := sovereigntyLayerRow{Layer: l.Layer, HHI: c.HHI, Flagged: c.HHI > sovereignty.FlagHHI || c.Top().Share > sovereignty.FlagShare, Empty: len(c.Partners) == 0}
		var ps, gs []string
		for _, p := range c.Partners {
			ps = append(ps, fmt.Sprintf("%s %.1f%%", registry.CountryName(p.Code), 100*p.Share))
			seen[p.Code] = true
		}
		for _, g := range c.Groups {
			gs = append(gs, fmt.Sprintf("%s %.1f%%", cmp.Or(labels[g.Code], g.Code), 100*g.Share))
		}
		row.Partners, row.Groups = strings.Join(ps, ", "), strings.Join(gs, ", ")
		v.Layers = append(v.Layers, row)
	}
	hhi := map[[2]any]int{}
	for _, t := range f.Trend {
		if t.Source != v.Source {
			continue
		}
		if !slices.Contains(v.Years, t.Year) {
			v.Years = append(v.Years, t.Year)
		}
		hhi[[2]any{t.Layer, t.Year}] = t.HHI
	}
	slices.Sort(v.Years)
	for _, l := range registry.Layers {
		row := sovereigntyTrendRow{Layer: l.Code}
		for _, y := range v.Years {
			if h, ok := hhi[[2]any{l.Code, y}]; ok {
				row.HHI = append(row.HHI, fmt.Sprint(h))
			} else {
				row.HHI = append(row.HHI, "")
			}
		}
		v.Trend = append(v.Trend, row)
	}
	for _, fl := range f.Flags {
		if fl.Source != v.Source {
			continue
		}
		if fl.Kind == "partner" {
			v.Flags = append(v.Flags, fmt.Sprintf("%s: %s holds %.1f%%, more than %.0f%%", registry.LayerLabel(fl.Layer), registry.CountryName(fl.Partner), 100*fl.Share, 100*sovereignty.FlagShare))
		} else {
			v.Flags = append(v.Flags, fmt.Sprintf("%s: the index is %s, above %s", registry.LayerLabel(fl.Layer), formatCount(fl.HHI), formatCount(sovereignty.FlagHHI)))
		}
	}
	for _, u := range f.Unconverted {
		v.Unconverted = append(v.Unconverted, u.String())
	}
	for _, g := range groups {
		v.WithoutOptions = append(v.WithoutOptions, sovereigntyOption{Value: g.Code, Label: "Group: " + g.Label, Selected: g.Code == v.Without})
	}
	v.WithoutOptions = append(v.WithoutOptions, sovereigntyOption{Value: sovereignty.OtherGroup, Label: "Group: countries in no group", Selected: v.Without == sovereignty.OtherGroup})
	var countries []string
	for c := range seen {
		countries = append(countries, c)
	}
	slices.SortFunc(countries, func(a, b string) int { return strings.Compare(registry.CountryName(a), registry.CountryName(b)) })
	for _, c := range countries {
		v.WithoutOptions = append(v.WithoutOptions, sovereigntyOption{Value: c, Label: registry.CountryName(c), Selected: c == v.Without})
	}
}
