package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
)

// ledgerPageRoutes registers the cooperation ledger's pages: the
// frameworks with their figures, a framework's scorecard, the project
// list and a project's page.
func (s *Server) ledgerPageRoutes() {
	s.handle("GET /frameworks", s.frameworksPage)
	s.handle("GET /frameworks/{id}", s.frameworkPage)
	s.handle("GET /projects", s.projectsPage)
	s.handle("GET /projects/{id}", s.projectPage)
}

// frameworksView is the data of the frameworks page: the figures of the
// whole ledger and the headline figures of each framework.
type frameworksView struct {
	layout
	AsOf           string
	Overall        figuresView
	Frameworks     []frameworkRow
	Mode           string // "all" projects, "real" ones only, or sample ones "only"
	SampleProjects int    // sample projects in the figures
	AllURL         string
	RealURL        string
}

// frameworkRow is one framework in the list with its headline figures.
type frameworkRow struct {
	ledger.Framework
	Figures figuresView
}

// frameworksPage serves GET /frameworks: the ledger's overall figures and
// each framework's, computed as the API's /api/v1/ledger/scorecard does.
// sample=false leaves the sample projects out.
func (s *Server) frameworksPage(w http.ResponseWriter, r *http.Request) error {
	qp := newQueryParams(r.URL.Query())
	sample := qp.boolean("sample")
	if err := qp.err("frameworks"); err != nil {
		return err
	}
	ctx := r.Context()
	day := today()
	sc, err := s.store.LedgerScorecard(ctx, store.ScorecardQuery{Sample: sample}, day)
	if err != nil {
		return err
	}
	fws, err := s.allFrameworks(ctx)
	if err != nil {
		return err
	}
	yes := true
	_, samples, err := s.store.ListProjects(ctx, store.LedgerQuery{Sample: &yes, PerPage: 1})
	if err != nil {
		return err
	}
	v := frameworksView{layout: layout{Title: "Cooperation ledger", Nav: "ledger"}, AsOf: day.String(),
		Overall: figuresOf(sc.Overall), Mode: "all", AllURL: "/frameworks", RealURL: "/frameworks?sample=false"}
	if sample != nil {
		v.Mode = map[bool]string{true: "only", false: "real"}[*sample]
	}
	if sample == nil || *sample {
		v.SampleProjects = samples
	}
	for _, ff := range sc.Frameworks {
		if f, ok := fws[ff.FrameworkID]; ok {
			v.Frameworks = append(v.Frameworks, frameworkRow{Framework: f, Figures: figuresOf(ff.Figures)})
		}
	}
	return s.render(w, r, http.StatusOK, "frameworks", &v)
}

// allFrameworks returns every framework, by id.
func (s *Server) allFrameworks(ctx context.Context) (map[string]ledger.Framework, error) {
	m := map[string]ledger.Framework{}
	for page := 1; ; page++ {
		fs, total, err := s.store.ListFrameworks(ctx, store.LedgerQuery{Page: page, PerPage: store.MaxPerPage})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			m[f.ID] = f
		}
		if len(fs) == 0 || page*store.MaxPerPage >= total {
			return m, nil
		}
	}
}

// figuresView is a set of ledger figures written for reading.
type figuresView struct {
	ledger.Figures
	ByStatus     []statusCount
	Conversion   string // "3 of 7 commitments (43%)"
	ReturnedHome string
	Outputs      []kindCount // every kind, in ledger.OutputKinds order
	OutputTotal  int
	Money        []moneyRow
}

type statusCount struct {
	Status ledger.Status
	Label  string
	N      int
}

type kindCount struct {
	Kind, Label string
	N           int
}

// moneyRow is the money of one currency: budgeted, committed and
// disbursed, with the share of the committed money disbursed.
type moneyRow struct {
	Currency                       string
	Budgeted, Committed, Disbursed string
	DisbursedShare                 string
	Overflow                       bool
}

func figuresOf(f ledger.Figures) figuresView {
	v := figuresView{Figures: f, Conversion: shareText(f.Conversion), ReturnedHome: shareText(f.ReturnedHome)}
	for _, st := range ledger.Statuses {
		v.ByStatus = append(v.ByStatus, statusCount{st, statusLabel(st), f.Commitments.Of(st)})
	}
	for _, k := range ledger.OutputKinds {
		v.Outputs = append(v.Outputs, kindCount{k, outputKindLabel(k), f.Outputs[k]})
		v.OutputTotal += f.Outputs[k]
	}
	for _, m := range f.Money {
		row := moneyRow{Currency: m.Currency, Budgeted: formatAmount(m.Budgeted), Committed: formatAmount(m.Committed),
			Disbursed: formatAmount(m.Disbursed), DisbursedShare: "—", Overflow: m.Overflow}
		if m.Committed != 0 {
			row.DisbursedShare = fmt.Sprintf("%.0f%%", 100*m.DisbursedShare())
		}
		v.Money = append(v.Money, row)
	}
	return v
}

// shareText writes a share for reading: "3 of 7 (43%)", or "none yet" when
// there is nothing to count.
func shareText(s ledger.Share) string {
	if s.Of == 0 {
		return "none to count yet"
	}
	return fmt.Sprintf("%s of %s (%.0f%%)", formatCount(s.N), formatCount(s.Of), 100*s.Rate())
}

// statusLabel names a commitment's derived status.
func statusLabel(s ledger.Status) string {
	switch s {
	case ledger.StatementOnly:
		return "Statement only"
	case ledger.InProgress:
		return "In progress"
	case ledger.Delivered:
		return "Delivered"
	case ledger.Overdue:
		return "Overdue"
	}
	return string(s)
}

// outputKindLabel names a kind of output: "standard-contribution" ->
// "Standard contribution".
func outputKindLabel(k string) string {
	if k == "" {
		return ""
	}
	k = strings.ReplaceAll(k, "-", " ")
	return strings.ToUpper(k[:1]) + k[1:]
}

// activityStatusLabel names an IATI activity status: "Implementation".
func activityStatusLabel(s ledger.ActivityStatus) string {
	return outputKindLabel(s.String())
}

// frameworkKindLabel names a kind of framework: "plan-of-action" ->
// "Plan of action".
func frameworkKindLabel(k string) string { return outputKindLabel(k) }

// formatAmount writes an amount with thousands separators: 1250000.5 ->
// "1,250,000.50".
func formatAmount(a ledger.Amount) string {
	s := a.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasDot {
		if len(frac) == 1 {
			frac += "0"
		}
		b.WriteString("." + frac)
	}
	return b.String()
}
