package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

const orgColumns = `o.seq, o.id, o.name, o.kind, o.country, o.city, o.established, o.website, o.description, o.status, o.sample,
	o.prov_source, o.prov_source_id, o.prov_release, o.prov_licence, o.created_at, o.updated_at`

func scanOrganisation(sc interface{ Scan(...any) error }, seq *int64, o *registry.Organisation) error {
	var est sql.NullInt64
	err := sc.Scan(seq, &o.ID, &o.Name, &o.Kind, &o.Country, &o.City, &est, &o.Website, &o.Description, &o.Status, &o.Sample,
		&o.Provenance.Source, &o.Provenance.SourceID, &o.Provenance.Release, &o.Provenance.Licence,
		timeScan{&o.CreatedAt}, timeScan{&o.UpdatedAt})
	o.Established = int(est.Int64)
	return err
}

// Organisation returns the organisation with id, with everything that hangs
// off it; relationships to organisations in the registry carry their id and
// name.
func (s *Store) Organisation(ctx context.Context, id string) (*registry.Organisation, error) {
	var o *registry.Organisation
	// One snapshot: the row and its children from the same version.
	err := s.inReadTx(ctx, func(q querier) error {
		var err error
		o, err = s.organisation(ctx, q, id)
		return err
	})
	return o, err
}

// organisation reads the organisation with id in q.
func (s *Store) organisation(ctx context.Context, q querier, id string) (*registry.Organisation, error) {
	var o registry.Organisation
	var seq int64
	err := scanOrganisation(q.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+orgColumns+` FROM organisations o WHERE o.id = ?`), id), &seq, &o)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Op: "get organisation", Kind: errs.NotFound, Msg: fmt.Sprintf("no organisation %q", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("store: get organisation %s: %w", id, err)
	}
	byseq := map[int64]*registry.Organisation{seq: &o}
	if err := s.loadOrgChildren(ctx, q, byseq); err != nil {
		return nil, fmt.Errorf("store: get organisation %s: %w", id, err)
	}
	return &o, nil
}

// OrganisationByExternalID returns the organisation that holds an external
// id, e.g. ("ror", "057zh3y96").
func (s *Store) OrganisationByExternalID(ctx context.Context, scheme, value string) (*registry.Organisation, error) {
	var id string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT o.id FROM organisation_external_ids x JOIN organisations o ON o.seq = x.org_seq
		WHERE x.scheme = ? AND x.value = ?`), scheme, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Op: "get organisation", Kind: errs.NotFound, Msg: fmt.Sprintf("no organisation with %s id %q", scheme, value)}
	}
	if err != nil {
		return nil, fmt.Errorf("store: get organisation by %s id: %w", scheme, err)
	}
	return s.Organisation(ctx, id)
}

// readOrganisations runs query, which selects orgColumns, in q and returns
// its organisations in order, with everything that hangs off them, and
// their keys. The rows are read and closed before the children are, as
// pgx runs one statement at a time on a transaction's connection.
func (s *Store) readOrganisations(ctx context.Context, q querier, query string, args ...any) ([]*registry.Organisation, map[int64]*registry.Organisation, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(query), args...)
	if err != nil {
		return nil, nil, err
	}
	items := []*registry.Organisation{}
	byseq := map[int64]*registry.Organisation{}
	for rows.Next() {
		o := &registry.Organisation{}
		var seq int64
		if err := scanOrganisation(rows, &seq, o); err != nil {
			rows.Close()
			return nil, nil, err
		}
		items = append(items, o)
		byseq[seq] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if err := s.loadOrgChildren(ctx, q, byseq); err != nil {
		return nil, nil, err
	}
	return items, byseq, nil
}

// loadOrgChildren fills in the names, ids, layers, domains, capabilities and
// relationships of the organisations in byseq.
func (s *Store) loadOrgChildren(ctx context.Context, q querier, byseq map[int64]*registry.Organisation) error {
	if len(byseq) == 0 {
		return nil
	}
	seqs := make([]any, 0, len(byseq))
	for seq, o := range byseq {
		seqs = append(seqs, seq)
		o.OtherNames, o.ExternalIDs, o.Layers, o.Domains = []registry.Name{}, []registry.ExternalID{}, []string{}, []string{}
		o.Capabilities, o.Relationships = []registry.Capability{}, []registry.Relationship{}
	}
	in := "(" + placeholders(len(seqs)) + ")"
	each := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, s.dialect.rebind(query), seqs...)
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
	var seq int64
	if err := each(`SELECT org_seq, type, value, lang FROM organisation_names WHERE type <> 'display' AND org_seq IN `+in+` ORDER BY org_seq, pos`, func(rows *sql.Rows) error {
		var n registry.Name
		if err := rows.Scan(&seq, &n.Type, &n.Value, &n.Lang); err != nil {
			return err
		}
		byseq[seq].OtherNames = append(byseq[seq].OtherNames, n)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT org_seq, scheme, value FROM organisation_external_ids WHERE org_seq IN `+in+` ORDER BY org_seq, scheme`, func(rows *sql.Rows) error {
		var x registry.ExternalID
		if err := rows.Scan(&seq, &x.Scheme, &x.Value); err != nil {
			return err
		}
		byseq[seq].ExternalIDs = append(byseq[seq].ExternalIDs, x)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT org_seq, layer FROM organisation_layers WHERE org_seq IN `+in, func(rows *sql.Rows) error {
		var l string
		if err := rows.Scan(&seq, &l); err != nil {
			return err
		}
		byseq[seq].Layers = append(byseq[seq].Layers, l)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT org_seq, domain FROM organisation_domains WHERE org_seq IN `+in+` ORDER BY org_seq, domain`, func(rows *sql.Rows) error {
		var d string
		if err := rows.Scan(&seq, &d); err != nil {
			return err
		}
		byseq[seq].Domains = append(byseq[seq].Domains, d)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT org_seq, direction, layer, domain, text FROM capabilities WHERE org_seq IN `+in+` ORDER BY org_seq, pos`, func(rows *sql.Rows) error {
		var c registry.Capability
		if err := rows.Scan(&seq, &c.Direction, &c.Layer, &c.Domain, &c.Text); err != nil {
			return err
		}
		byseq[seq].Capabilities = append(byseq[seq].Capabilities, c)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT r.org_seq, r.type, r.target_scheme, r.target_value, COALESCE(t.id, ''), COALESCE(t.name, '')
		FROM organisation_relationships r
		LEFT JOIN organisation_external_ids x ON x.scheme = r.target_scheme AND x.value = r.target_value
		LEFT JOIN organisations t ON t.seq = x.org_seq
		WHERE r.org_seq IN `+in+` ORDER BY r.org_seq, r.pos`, func(rows *sql.Rows) error {
		var r registry.Relationship
		if err := rows.Scan(&seq, &r.Type, &r.TargetScheme, &r.TargetValue, &r.TargetID, &r.TargetName); err != nil {
			return err
		}
		byseq[seq].Relationships = append(byseq[seq].Relationships, r)
		return nil
	}); err != nil {
		return err
	}
	for _, o := range byseq {
		sortLayers(o.Layers)
	}
	return nil
}

// sortLayers puts layers in stack order, application first.
func sortLayers(ls []string) {
	rank := func(l string) int {
		for i, t := range registry.Layers {
			if t.Code == l {
				return i
			}
		}
		return len(registry.Layers)
	}
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && rank(ls[j]) < rank(ls[j-1]); j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

// EachOrganisation calls fn for every organisation, in id order, fully
// loaded, reading in batches so memory stays flat. It reads from one
// snapshot (ReadSnapshot), so the organisations are those of one moment
// whatever is written meanwhile. It stops at fn's first error.
func (s *Store) EachOrganisation(ctx context.Context, fn func(*registry.Organisation) error) error {
	return s.inReadTx(ctx, func(q querier) error { return s.eachOrganisation(ctx, q, fn) })
}

// eachOrganisation calls fn for every organisation in q, in batches: each
// batch's rows are read and closed before its children are, as pgx runs
// one statement at a time on a transaction's connection.
func (s *Store) eachOrganisation(ctx context.Context, q querier, fn func(*registry.Organisation) error) error {
	const batch = 500
	after := ""
	for {
		list, _, err := s.readOrganisations(ctx, q, `SELECT `+orgColumns+` FROM organisations o WHERE o.id > ? ORDER BY o.id LIMIT ?`, after, batch)
		if err != nil {
			return fmt.Errorf("store: list organisations: %w", err)
		}
		if len(list) == 0 {
			return nil
		}
		for _, o := range list {
			if err := fn(o); err != nil {
				return err
			}
		}
		after = list[len(list)-1].ID
	}
}

// CountOrganisations returns how many organisations there are, and how
// many of them are samples.
func (s *Store) CountOrganisations(ctx context.Context) (total, samples int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN sample THEN 1 ELSE 0 END), 0) FROM organisations`).Scan(&total, &samples)
	if err != nil {
		err = fmt.Errorf("store: count organisations: %w", err)
	}
	return total, samples, err
}
