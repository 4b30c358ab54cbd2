package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyRoutes registers the sovereignty view's API: the figures,
// the stress test, and the exchange rates and partner groups the
// secretariat maintains (api_sovereignty_settings.go).
func (s *Server) sovereigntyRoutes() {
	s.handle("GET /api/v1/sovereignty", s.getSovereignty)
	s.handle("GET /api/v1/sovereignty/stress", s.getSovereigntyStress)
	s.handle("GET /api/v1/exchange-rates", s.listExchangeRates)
	s.handle("PUT /api/v1/exchange-rates/{id}", s.putExchangeRate)
	s.handle("DELETE /api/v1/exchange-rates/{id}", s.deleteExchangeRate)
	s.handle("GET /api/v1/partner-groups", s.listPartnerGroups)
	s.handle("PUT /api/v1/partner-groups/{id}", s.putPartnerGroup)
	s.handle("DELETE /api/v1/partner-groups/{id}", s.deletePartnerGroup)
}

// defaultHome is the home country when none is named.
const defaultHome = "IN"

// sovereigntyView is the answer of GET /api/v1/sovereignty.
type sovereigntyView struct {
	*sovereignty.Figures
	HomeName string              `json:"home_name"`
	Source   string              `json:"source,omitempty"` // the one source asked for, if any
	Groups   []sovereignty.Group `json:"groups"`
}

// sovereigntyParams reads home, year and source (and format and table)
// from the URL.
type sovereigntyParams struct {
	home, source, format, table string
	year                        int
}

func readSovereigntyParams(r *http.Request) (sovereigntyParams, *queryParams) {
	q := newQueryParams(r.URL.Query())
	p := sovereigntyParams{home: strings.ToUpper(q.one("home")), format: q.one("format"), table: q.one("table")}
	if p.home == "" {
		p.home = defaultHome
	}
	if !registry.IsCountry(p.home) {
		q.problem("home", "%q is not a country code of the registry", p.home)
	}
	switch p.format {
	case "", "json", "csv":
	default:
		q.problem("format", "%q: want json or csv", p.format)
	}
	return p, q
}

// getSovereignty serves GET /api/v1/sovereignty?home=IN[&year=][&source=]
// [&format=csv&table=shares|trend|flags|unconverted].
func (s *Server) getSovereignty(w http.ResponseWriter, r *http.Request) error {
	const op = "sovereignty"
	p, q := readSovereigntyParams(r)
	p.year = q.integer("year", 0, 1900, 2200)
	p.source = q.one("source")
	if p.source != "" && !slices.Contains(sovereigntySourceNames, p.source) {
		q.problem("source", "%q: want one of %s", p.source, strings.Join(sovereigntySourceNames, ", "))
	}
	if p.table != "" && !slices.Contains([]string{"shares", "trend", "flags", "unconverted"}, p.table) {
		q.problem("table", "%q: want shares, trend, flags or unconverted", p.table)
	}
	if err := q.err(op); err != nil {
		return err
	}
	f, groups, err := s.store.SovereigntyFigures(r.Context(), p.home, p.year)
	if err != nil {
		return err
	}
	v := sovereigntyView{Figures: filterSource(f, p.source), HomeName: registry.CountryName(p.home), Source: p.source, Groups: groups}
	if p.format == "csv" {
		return writeSovereigntyCSV(w, v, groups, p.table)
	}
	return writeJSON(w, http.StatusOK, v)
}

// sovereigntySourceNames are the values of the source parameter.
var sovereigntySourceNames = []string{sovereignty.SourceProjects, sovereignty.SourceBudgets, sovereignty.SourceOutputs, sovereignty.SourcePlacements, sovereignty.SourceInvestments, sovereignty.Combined}

// filterSource returns f with only source's figures, or f itself when
// source is empty. The cached figures are never changed.
func filterSource(f *sovereignty.Figures, source string) *sovereignty.Figures {
	if source == "" {
		return f
	}
	g := *f
	g.Sources = []string{source}
	g.Layers = make([]sovereignty.LayerFigures, len(f.Layers))
	for i, l := range f.Layers {
		c, _ := l.Of(source)
		g.Layers[i] = sovereignty.LayerFigures{Layer: l.Layer, Sources: []sovereignty.Concentration{c}}
	}
	g.Trend = []sovereignty.TrendPoint{}
	for _, t := range f.Trend {
		if t.Source == source {
			g.Trend = append(g.Trend, t)
		}
	}
	g.Flags = []sovereignty.Flag{}
	for _, fl := range f.Flags {
		if fl.Source == source {
			g.Flags = append(g.Flags, fl)
		}
	}
	return &g
}

// getSovereigntyStress serves GET /api/v1/sovereignty/stress?home=IN&
// without=US (a country code or a partner group's code)
// [&format=csv&table=layers|alternatives].
func (s *Server) getSovereigntyStress(w http.ResponseWriter, r *http.Request) error {
	const op = "sovereignty stress test"
	p, q := readSovereigntyParams(r)
	without := q.one("without")
	if without == "" {
		q.problem("without", "required: a partner country code (US) or a partner group (traditional)")
	} else if len(without) == 2 {
		without = strings.ToUpper(without) // two letters name a country; group codes are longer
	}
	if p.table != "" && p.table != "layers" && p.table != "alternatives" {
		q.problem("table", "%q: want layers or alternatives", p.table)
	}
	if err := q.err(op); err != nil {
		return err
	}
	if without == p.home {
		var bad errs.Problems
		bad.Add("without", "%s is the home country", without)
		return bad.Err(op)
	}
	st, err := s.store.SovereigntyStress(r.Context(), p.home, without)
	if err != nil {
		return err
	}
	if p.format == "csv" {
		return writeStressCSV(w, st, p.table)
	}
	return writeJSON(w, http.StatusOK, st)
}
