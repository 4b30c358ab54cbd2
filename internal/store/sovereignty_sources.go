package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyProject is what the sources need of one project in which the
// home country takes part.
type sovereigntyProject struct {
	year     int
	partners []string // distinct countries of its participants other than home
	layers   []string
	withHome bool // an organisation of home participates
}

// interner returns one string per distinct value of the few that
// countries, layers and currencies take, so that reading a million rows
// does not allocate a million copies of "IN".
type interner map[string]string

func (in interner) ofString(v string) string {
	if s, ok := in[v]; ok {
		return s
	}
	v = strings.Clone(v) // not a piece of a longer string kept alive
	in[v] = v
	return v
}

func (in interner) of(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// sovereigntyYear returns the year of an ISO 8601 date at any precision, or 0.
func sovereigntyYear(d string) int {
	if len(d) < 4 {
		return 0
	}
	y, err := strconv.Atoi(d[:4])
	if err != nil {
		return 0
	}
	return y
}

// sovereigntySources reads, in q (one read transaction), the records of
// every source for home: the projects in which an organisation of home
// participates with organisations of other countries (not cancelled),
// counted and weighted by budget, and their outputs by the country of
// the IP holder, the placements of its people by host country, and the
// investment desk's leads into home by origin country (counted, pooled
// where few: sovereignty_investments.go).
// It also returns how many of the projects counted are sample records.
func (s *Store) sovereigntySources(ctx context.Context, q querier, home string) ([]sovereignty.Source, int, error) {
	outs, err := s.sovereigntyOutputRows(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	projects, err := s.sovereigntyProjects(ctx, q, home, outs.holders)
	if err != nil {
		return nil, 0, err
	}
	samples, err := s.sampleProjectsAmong(ctx, q, projects)
	if err != nil {
		return nil, 0, err
	}
	// The counted records of a partner, layer and year are summed here, in
	// the order of the projects' ids as Compute would sum them: one record
	// each instead of one per project. Undated ones stay one per project,
	// as Compute counts them.
	counted := sovereignty.Source{Name: sovereignty.SourceProjects}
	type cell struct {
		partner, layer string
		year           int
	}
	at := map[cell]int{}
	// The records of one budget of each project: the budgets' likely number.
	perProject := 0
	for _, id := range slices.Sorted(maps.Keys(projects)) { // a fixed order of addition
		p := projects[id]
		perProject += len(p.layers) * len(p.partners)
		w := 1 / float64(len(p.partners))
		for _, l := range p.layers {
			for _, c := range p.partners {
				k := cell{c, l, p.year}
				if i, ok := at[k]; ok && p.year != 0 {
					counted.Records[i].Weight += w
					continue
				}
				at[k] = len(counted.Records)
				counted.Records = append(counted.Records, sovereignty.Record{Partner: c, Layer: l, Year: p.year, Weight: w})
			}
		}
	}
	budgets, err := s.sovereigntyBudgets(ctx, q, projects, perProject)
	if err != nil {
		return nil, 0, err
	}
	outputs, err := s.sovereigntyOutputs(ctx, q, home, projects, outs)
	if err != nil {
		return nil, 0, err
	}
	placements, err := s.sovereigntyPlacements(ctx, q, home)
	if err != nil {
		return nil, 0, err
	}
	investments, err := s.sovereigntyInvestments(ctx, q, home)
	if err != nil {
		return nil, 0, err
	}
	return []sovereignty.Source{counted, budgets, outputs, placements, investments}, samples, nil
}

// sampleProjectsAmong counts the sample records among projects (the
// shipped sample ledger, a few rows: the query reads only those).
func (s *Store) sampleProjectsAmong(ctx context.Context, q querier, projects map[string]*sovereigntyProject) (int, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id FROM projects WHERE sample = ?`), true)
	if err != nil {
		return 0, fmt.Errorf("store: sovereignty sample projects: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		if projects[id] != nil {
			n++
		}
	}
	return n, rows.Err()
}

// sovereigntyProjects returns home's cooperation projects by id, from
// their rows in sovereignty_projects (written with each project:
// sovereignty_countries.go). The participants also give the countries
// of the IP holders in holders that take part in a project.
func (s *Store) sovereigntyProjects(ctx context.Context, q querier, home string, holders map[string]*string) (map[string]*sovereigntyProject, error) {
	all := map[string]*sovereigntyProject{}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT project_id, actual_start, planned_start, participants, layers
		FROM sovereignty_projects WHERE status <> ?`), int(ledger.StatusCancelled))
	if err != nil {
		return nil, fmt.Errorf("store: sovereignty projects: %w", err)
	}
	defer rows.Close()
	countries, layers := interner{}, interner{}
	var id, actual, planned sql.RawBytes
	var parts, ls string
	for rows.Next() {
		if err := rows.Scan(&id, &actual, &planned, &parts, &ls); err != nil {
			return nil, fmt.Errorf("store: sovereignty projects: %w", err)
		}
		p := &sovereigntyProject{year: sovereigntyYear(string(actual))}
		if p.year == 0 {
			p.year = sovereigntyYear(string(planned))
		}
		for rest := parts; rest != ""; {
			var part string
			part, rest, _ = strings.Cut(rest, sovRecordSep)
			org, country, _ := strings.Cut(part, sovUnitSep)
			if h := holders[org]; h != nil && *h == "" {
				*h = countries.ofString(country)
			}
			if country == home {
				p.withHome = true
			} else if country != "" && !slices.Contains(p.partners, country) {
				p.partners = append(p.partners, countries.ofString(country))
			}
		}
		if !p.withHome || len(p.partners) == 0 {
			continue
		}
		for rest := ls; rest != ""; {
			var l string
			l, rest, _ = strings.Cut(rest, " ")
			p.layers = append(p.layers, layers.ofString(l))
		}
		all[string(id)] = p
	}
	return all, rows.Err()
}

// sovereigntyBudgets weights each project by its budgets: each budget, in
// its currency and dated by the start of its period, is split equally
// among the project's partner countries, in each of its layers.
func (s *Store) sovereigntyBudgets(ctx context.Context, q querier, projects map[string]*sovereigntyProject, hint int) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourceBudgets, Records: make([]sovereignty.Record, 0, hint)}
	rows, err := q.QueryContext(ctx, `SELECT project_id, period_start, value, currency FROM budgets ORDER BY project_id, pos`)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty budgets: %w", err)
	}
	defer rows.Close()
	dates, currencies := interner{}, interner{}
	var id, rawStart, rawCurrency sql.RawBytes
	var value int64
	for rows.Next() {
		if err := rows.Scan(&id, &rawStart, &value, &rawCurrency); err != nil {
			return src, fmt.Errorf("store: sovereignty budgets: %w", err)
		}
		p := projects[string(id)]
		if p == nil {
			continue
		}
		start, currency := dates.of(rawStart), currencies.of(rawCurrency)
		amount := float64(value) / 100 / float64(len(p.partners))
		year := sovereigntyYear(start)
		if year == 0 {
			year = p.year
		}
		for _, l := range p.layers {
			for _, c := range p.partners {
				src.Records = append(src.Records, sovereignty.Record{Partner: c, Layer: l, Year: year, Weight: amount, Currency: currency, Date: start})
			}
		}
	}
	return src, rows.Err()
}

// sovereigntyReadTx opens a read-only transaction that sees one snapshot: SQLite's
// deferred transactions do; PostgreSQL needs repeatable read.
func (s *Store) sovereigntyReadTx(ctx context.Context) (*sql.Tx, error) {
	var opts *sql.TxOptions
	if s.dialect == postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return s.db.BeginTx(ctx, opts)
}
