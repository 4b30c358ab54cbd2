package store

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/sovereignty"
)

// sovereigntyOutputList is every output with what the outputs source
// needs of it, and the countries of their IP holders, filled in later.
type sovereigntyOutputList struct {
	rows    []sovereigntyOutput
	holders map[string]*string // IP holder id -> its country, empty until known
}

type sovereigntyOutput struct {
	project, date string
	holderID      string
	holder        *string // the country of the IP holder
	licensedHome  bool
}

// sovereigntyOutputRows reads the outputs that have an IP holder, in
// project order. Their holders' countries are not joined here: most
// holders take part in the output's project, and the participants,
// which carry their organisations' countries, are read anyway
// (sovereigntyProjects); sovereigntyOutputs looks up the rest.
func (s *Store) sovereigntyOutputRows(ctx context.Context, q querier) (sovereigntyOutputList, error) {
	l := sovereigntyOutputList{holders: map[string]*string{}}
	rows, err := q.QueryContext(ctx, `SELECT project_id, date, ip_holder, licensed_home FROM outputs WHERE ip_holder <> '' ORDER BY project_id, seq`)
	if err != nil {
		return l, fmt.Errorf("store: sovereignty outputs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o sovereigntyOutput
		if err := rows.Scan(&o.project, &o.date, &o.holderID, &o.licensedHome); err != nil {
			return l, fmt.Errorf("store: sovereignty outputs: %w", err)
		}
		o.holder = l.holders[o.holderID]
		if o.holder == nil {
			o.holder = new(string)
			l.holders[o.holderID] = o.holder
		}
		l.rows = append(l.rows, o)
	}
	return l, rows.Err()
}

// sovereigntyOutputs counts each output of home's projects once per
// layer of its project, for the country of its IP holder. Outputs held
// at home, or licensed home, are home's own and left out; so are
// outputs without a holder or whose holder is not in the registry.
func (s *Store) sovereigntyOutputs(ctx context.Context, q querier, home string, projects map[string]*sovereigntyProject, outs sovereigntyOutputList) (sovereignty.Source, error) {
	src := sovereignty.Source{Name: sovereignty.SourceOutputs}
	// The holders that take part in no project of home's, of the outputs
	// that count.
	var missing []any
	seen := map[*string]bool{}
	for _, o := range outs.rows {
		if projects[o.project] != nil && !o.licensedHome && *o.holder == "" && !seen[o.holder] {
			seen[o.holder] = true
			missing = append(missing, o.holderID)
		}
	}
	for len(missing) > 0 {
		batch := missing[:min(len(missing), 500)]
		missing = missing[len(batch):]
		rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id, country FROM organisations WHERE id IN (`+placeholders(len(batch))+`)`), batch...)
		if err != nil {
			return src, fmt.Errorf("store: sovereignty IP holders: %w", err)
		}
		for rows.Next() {
			var id, country string
			if err := rows.Scan(&id, &country); err != nil {
				rows.Close()
				return src, fmt.Errorf("store: sovereignty IP holders: %w", err)
			}
			*outs.holders[id] = country
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return src, fmt.Errorf("store: sovereignty IP holders: %w", err)
		}
	}
	for _, o := range outs.rows {
		p := projects[o.project]
		country := *o.holder
		if p == nil || country == "" || country == home || o.licensedHome {
			continue
		}
		year := sovereigntyYear(o.date)
		if year == 0 {
			year = p.year
		}
		for _, l := range p.layers {
			src.Records = append(src.Records, sovereignty.Record{Partner: country, Layer: l, Year: year, Weight: 1})
		}
	}
	return src, nil
}
