package store

import (
	"context"
	"database/sql"

	"github.com/setu-council/setu/internal/registry"
)

// loadPartnerOrgs loads the organisations with keys seqs, in that order,
// with what partners.Rank reads: id, name, kind, country, status,
// description, layers, domains and capabilities. Other names, external
// ids and relationships are left empty: they are most of a full load's
// rows and no reason reads them. Keys not found are skipped.
func (s *Store) loadPartnerOrgs(ctx context.Context, seqs []int64) ([]*registry.Organisation, error) {
	if len(seqs) == 0 {
		return []*registry.Organisation{}, nil
	}
	args := int64sAny(seqs)
	in := `(` + placeholders(len(seqs)) + `)`
	byseq := make(map[int64]*registry.Organisation, len(seqs))
	var seq int64
	err := s.eachRow(ctx, `SELECT seq, id, name, kind, country, status, description FROM organisations WHERE seq IN `+in, args, func(rows *sql.Rows) error {
		o := &registry.Organisation{Layers: []string{}, Domains: []string{}, Capabilities: []registry.Capability{}}
		if err := rows.Scan(&seq, &o.ID, &o.Name, &o.Kind, &o.Country, &o.Status, &o.Description); err != nil {
			return err
		}
		byseq[seq] = o
		return nil
	})
	if err == nil {
		err = s.eachRow(ctx, `SELECT org_seq, layer FROM organisation_layers WHERE org_seq IN `+in, args, func(rows *sql.Rows) error {
			var l string
			if err := rows.Scan(&seq, &l); err != nil {
				return err
			}
			byseq[seq].Layers = append(byseq[seq].Layers, l)
			return nil
		})
	}
	if err == nil {
		err = s.eachRow(ctx, `SELECT org_seq, domain FROM organisation_domains WHERE org_seq IN `+in+` ORDER BY org_seq, domain`, args, func(rows *sql.Rows) error {
			var d string
			if err := rows.Scan(&seq, &d); err != nil {
				return err
			}
			byseq[seq].Domains = append(byseq[seq].Domains, d)
			return nil
		})
	}
	if err == nil {
		err = s.eachRow(ctx, `SELECT org_seq, direction, layer, domain, text FROM capabilities WHERE org_seq IN `+in+` ORDER BY org_seq, pos`, args, func(rows *sql.Rows) error {
			var c registry.Capability
			if err := rows.Scan(&seq, &c.Direction, &c.Layer, &c.Domain, &c.Text); err != nil {
				return err
			}
			byseq[seq].Capabilities = append(byseq[seq].Capabilities, c)
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	out := make([]*registry.Organisation, 0, len(seqs))
	for _, k := range seqs {
		if o := byseq[k]; o != nil {
			sortLayers(o.Layers)
			out = append(out, o)
		}
	}
	return out, nil
}

// eachRow runs query with args and calls scan for each row.
func (s *Store) eachRow(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
