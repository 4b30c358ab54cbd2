package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// writeSovereigntyTable writes rows (the first is the header) as a CSV download.
func writeSovereigntyTable(w http.ResponseWriter, filename string, rows [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.WriteHeader(http.StatusOK)
	buf.WriteTo(w)
	return nil
}

func sovNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// sovShare writes a share with four decimals, as the tables show it.
func sovShare(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

func sovGroupOf(groups []sovereignty.Group, country string) string {
	for _, g := range groups {
		for _, c := range g.Countries {
			if c == country {
				return g.Code
			}
		}
	}
	return sovereignty.OtherGroup
}

// writeSovereigntyCSV writes one table of the figures: shares (one row
// per layer, source and partner), trend, flags or unconverted.
func writeSovereigntyCSV(w http.ResponseWriter, v sovereigntyView, groups []sovereignty.Group, table string) error {
	f := v.Figures
	year := ""
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	name := "sovereignty-" + f.Home
	var rows [][]string
	switch table {
	case "", "shares":
		rows = append(rows, []string{"home", "year", "layer", "source", "partner", "partner_name", "group", "weight", "share", "layer_hhi"})
		for _, l := range f.Layers {
			for _, c := range l.Sources {
				for _, p := range c.Partners {
					rows = append(rows, []string{f.Home, year, l.Layer, c.Source, p.Code, registry.CountryName(p.Code),
						sovGroupOf(groups, p.Code), sovNumber(p.Weight), sovShare(p.Share), strconv.Itoa(c.HHI)})
				}
			}
		}
		name += "-shares"
	case "trend":
		rows = append(rows, []string{"home", "year", "layer", "source", "hhi", "top_partner", "top_share"})
		for _, t := range f.Trend {
			rows = append(rows, []string{f.Home, strconv.Itoa(t.Year), t.Layer, t.Source, strconv.Itoa(t.HHI), t.Top.Code, sovShare(t.Top.Share)})
		}
		name += "-trend"
	case "flags":
		rows = append(rows, []string{"home", "year", "layer", "source", "kind", "partner", "share", "hhi"})
		for _, fl := range f.Flags {
			share := ""
			if fl.Partner != "" {
				share = sovShare(fl.Share)
			}
			rows = append(rows, []string{f.Home, year, fl.Layer, fl.Source, fl.Kind, fl.Partner, share, strconv.Itoa(fl.HHI)})
		}
		name += "-flags"
	case "unconverted":
		rows = append(rows, []string{"home", "year", "source", "currency", "amount", "count", "earliest_date"})
		for _, u := range f.Unconverted {
			rows = append(rows, []string{f.Home, year, u.Source, u.Currency, sovNumber(u.Amount), strconv.Itoa(u.Count), u.Earliest})
		}
		name += "-unconverted"
	}
	if year != "" {
		name += "-" + year
	}
	return writeSovereigntyTable(w, name+".csv", rows)
}

// writeStressCSV writes the stress test's layers or alternatives.
func writeStressCSV(w http.ResponseWriter, st *sovereignty.Stress, table string) error {
	var rows [][]string
	name := "sovereignty-" + st.Home + "-without-" + st.Without
	if table == "alternatives" {
		rows = append(rows, []string{"home", "without", "layer", "rank", "org_id", "name", "country", "offers", "score", "reason"})
		for _, l := range registry.Layers {
			for _, a := range st.Alternatives[l.Code] {
				rows = append(rows, []string{st.Home, st.Without, l.Code, strconv.Itoa(a.Rank), a.OrgID, a.Name, a.Country, strconv.Itoa(a.Offers), strconv.FormatFloat(a.Score, 'f', -1, 64), a.Reason})
			}
		}
		return writeSovereigntyTable(w, name+"-alternatives.csv", rows)
	}
	rows = append(rows, []string{"home", "without", "layer", "source", "at_risk", "hhi_before", "hhi_after"})
	for _, l := range st.Layers {
		rows = append(rows, []string{st.Home, st.Without, l.Layer, l.Source, sovShare(l.AtRisk), strconv.Itoa(l.HHIBefore), strconv.Itoa(l.HHIAfter)})
	}
	return writeSovereigntyTable(w, name+".csv", rows)
}
