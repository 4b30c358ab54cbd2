package web

import (
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// bridgeCountries are the council's countries, offered first on the
// bridges page: India, its Act East partners and ASEAN.
var bridgeCountries = []string{"IN", "JP", "KR", "TW", "SG", "BN", "KH", "ID", "LA", "MY", "MM", "PH", "TH", "VN"}

// bridgesView is the data of the bridges index and of a bridge's page.
type bridgesView struct {
	layout
	Countries []string
	A, B      string
	Bridge    *store.Bridge
	Vocab     registry.Vocabulary
	Figures   []store.IntroductionFigure // introductions between the two, both ways
	Problems  []errs.FieldError
}

// bridgePageRoutes registers the bridge pages.
func (s *Server) bridgePageRoutes() {
	s.handle("GET /bridges", s.bridgesPage)
	s.handle("GET /bridges/{pair}", s.bridgePage)
}

// bridgesPage serves GET /bridges: pick two countries. With ?a=IN&b=JP it
// sends the reader to /bridges/IN-JP.
func (s *Server) bridgesPage(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	a, b := strings.ToUpper(qp.one("a")), strings.ToUpper(qp.one("b"))
	if err := qp.err("bridges"); err != nil {
		return err
	}
	v := bridgesView{layout: layout{Title: "Country bridges", Nav: "bridges"}, Countries: bridgeCountries, A: a, B: b}
	if a == "" && b == "" {
		v.A, v.B = "IN", "JP"
		return s.render(w, r, http.StatusOK, "bridges", &v)
	}
	var p errs.Problems
	for _, c := range []struct{ field, code string }{{"a", a}, {"b", b}} {
		if !registry.IsCountry(c.code) {
			p.Add(c.field, "%q is not an ISO 3166-1 alpha-2 code", c.code)
		}
	}
	if a == b {
		p.Add("b", "must be another country than a")
	}
	if err := p.Err("bridges"); err != nil {
		v.Problems = errs.FieldsOf(err)
		return s.render(w, r, status(errs.Invalid), "bridges", &v)
	}
	http.Redirect(w, r, "/bridges/"+a+"-"+b, http.StatusSeeOther)
	return nil
}

// bridgePage serves GET /bridges/{a}-{b}, e.g. /bridges/IN-JP.
func (s *Server) bridgePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, b, ok := strings.Cut(r.PathValue("pair"), "-")
	if !ok {
		return errs.E("bridge", errs.NotFound, "there is no bridge at %s; bridges are named by two country codes, e.g. /bridges/IN-JP", r.URL.Path)
	}
	br, err := s.store.CountryBridge(ctx, a, b, 0)
	if err != nil {
		return err
	}
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	fig, err := s.store.IntroductionFigures(ctx)
	if err != nil {
		return err
	}
	v := bridgesView{layout: layout{Title: registry.CountryName(br.A) + " – " + registry.CountryName(br.B), Nav: "bridges"},
		Countries: bridgeCountries, A: br.A, B: br.B, Bridge: br, Vocab: vocab}
	for _, f := range fig.ByCountryPair {
		if f.Key == br.A+"-"+br.B || f.Key == br.B+"-"+br.A {
			v.Figures = append(v.Figures, f)
		}
	}
	return s.render(w, r, http.StatusOK, "bridges_pair", &v)
}
