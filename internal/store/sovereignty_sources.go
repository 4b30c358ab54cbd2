package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyProject is what the sources need of one project in which the
// home country takes part.
type sovereigntyProject struct {
	year     int
	partners []string // distinct countries of its participants other than home
	layers   []string
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
// the IP holder, and the placements of its people by host country.
// Investments are not a source yet.
func (s *Store) sovereigntySources(ctx context.Context, q querier, home string) ([]sovereignty.Source, error) {
	projects, err := s.sovereigntyProjects(ctx, q, home)
	if err != nil {
		return nil, err
	}
	counted := sovereignty.Source{Name: sovereignty.SourceProjects}
	for _, id := range slices.Sorted(maps.Keys(projects)) { // a fixed order of addition
		p := projects[id]
		w := 1 / float64(len(p.partners))
		for _, l := range p.layers {
			for _, c := range p.partners {
				counted.Records = append(counted.Records, sovereignty.Record{Partner: c, Layer: l, Year: p.year, Weight: w})
			}
		}
	}
	budgets, err := s.sovereigntyBudgets(ctx, q, projects)
	if err != nil {
		return nil, err
	}
	outputs, err := s.sovereigntyOutputs(ctx, q, home, projects)
	if err != nil {
		return nil, err
	}
	placements, err := s.sovereigntyPlacements(ctx, q, home)
	if err != nil {
		return nil, err
	}
	return []sovereignty.Source{counted, budgets, outputs, placements}, nil
}

// sovereigntyProjects returns home's cooperation projects by id. The
// projects, their participants (with their organisations' countries) and
// their layers are each read from their own table and joined in Go.
func (s *Store) sovereigntyProjects(ctx context.Context, q querier, home string) (map[string]*sovereigntyProject, error) {
	all := map[string]*sovereigntyProject{}
	prows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id, actual_start, planned_start FROM projects WHERE status <> ?`), int(ledger.StatusCancelled))
	if err != nil {
		return nil, fmt.Errorf("store: sovereignty projects: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var id, actual, planned string
		if err := prows.Scan(&id, &actual, &planned); err != nil {
			return nil, fmt.Errorf("store: sovereignty projects: %w", err)
		}
		p := &sovereigntyProject{year: sovereigntyYear(actual)}
		if p.year == 0 {
			p.year = sovereigntyYear(planned)
		}
		all[id] = p
	}
	if err := prows.Err(); err != nil {
		return nil, fmt.Errorf("store: sovereignty projects: %w", err)
	}
	// A participant carries its organisation's country ('' when the
	// organisation is gone: sovereignty_countries.go).
	rows, err := q.QueryContext(ctx, `SELECT project_id, country FROM project_participants WHERE country <> ''`)
	if err != nil {
		return nil, fmt.Errorf("store: sovereignty participants: %w", err)
	}
	defer rows.Close()
	withHome := map[*sovereigntyProject]bool{}
	var id, country sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &country); err != nil {
			return nil, fmt.Errorf("store: sovereignty participants: %w", err)
		}
		p := all[string(id)]
		if p == nil {
			continue // cancelled
		}
		if string(country) == home {
			withHome[p] = true
		} else if !slices.Contains(p.partners, string(country)) {
			p.partners = append(p.partners, string(country))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sovereignty participants: %w", err)
	}
	for id, p := range all {
		if !withHome[p] || len(p.partners) == 0 {
			delete(all, id)
		}
	}
	lrows, err := q.QueryContext(ctx, `SELECT project_id, value FROM project_layers ORDER BY project_id, pos`)
	if err != nil {
		return nil, fmt.Errorf("store: sovereignty layers: %w", err)
	}
	defer lrows.Close()
	for lrows.Next() {
		var id, layer string
		if err := lrows.Scan(&id, &layer); err != nil {
			return nil, fmt.Errorf("store: sovereignty layers: %w", err)
		}
		if p := all[id]; p != nil {
			p.layers = append(p.layers, layer)
		}
	}
	return all, lrows.Err()
}

// sovereigntyBudgets weights each project by its budgets: each budget, in
// its currency and dated by the start of its period, is split equally
// among the project's partner countries, in each of its layers.
func (s *Store) sovereigntyBudgets(ctx context.Context, q querier, projects map[string]*sovereigntyProject) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourceBudgets}
	rows, err := q.QueryContext(ctx, `SELECT project_id, period_start, value, currency FROM budgets ORDER BY project_id, pos`)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty budgets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, start, currency string
		var value int64
		if err := rows.Scan(&id, &start, &value, &currency); err != nil {
			return src, fmt.Errorf("store: sovereignty budgets: %w", err)
		}
		p := projects[id]
		if p == nil {
			continue
		}
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

// sovereigntyOutputs counts each output of home's projects once per
// layer of its project, for the country of its IP holder. Outputs held
// at home, or licensed home, are home's own and left out; so are
// outputs without a holder.
func (s *Store) sovereigntyOutputs(ctx context.Context, q querier, home string, projects map[string]*sovereigntyProject) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourceOutputs}
	rows, err := q.QueryContext(ctx, `
		SELECT o.project_id, o.date, org.country, o.licensed_home
		FROM outputs o JOIN organisations org ON org.id = o.ip_holder
		ORDER BY o.project_id, o.seq`)
	if err != nil {
		return src, fmt.Errorf("store: sovereignty outputs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, date, country string
		var licensedHome bool
		if err := rows.Scan(&id, &date, &country, &licensedHome); err != nil {
			return src, fmt.Errorf("store: sovereignty outputs: %w", err)
		}
		p := projects[id]
		if p == nil || country == home || licensedHome {
			continue
		}
		year := sovereigntyYear(date)
		if year == 0 {
			year = p.year
		}
		for _, l := range p.layers {
			src.Records = append(src.Records, sovereignty.Record{Partner: country, Layer: l, Year: year, Weight: 1})
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
