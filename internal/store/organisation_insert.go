package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// orgInsert is a new organisation ready to store: its key and the values
// derived from it.
type orgInsert struct {
	seq         int64
	o           *registry.Organisation
	names, body string   // search documents
	tags        string   // SQLite: filter tokens, see searchTags
	keys        []string // name keys: other names in order, then the display name
	hash        string   // content hash
}

func newOrgInsert(seq int64, o *registry.Organisation, v registry.Vocabulary) orgInsert {
	names, body, keys := searchDocuments(o, v)
	return orgInsert{seq: seq, o: o, names: names, body: body, tags: searchTags(o), keys: keys, hash: contentHash(o)}
}

// seqAllocator hands out the keys of new organisations before they are
// inserted, so that a batch of organisations and their children can be
// inserted with a few multi-row statements. In SQLite the keys continue
// after the largest stored one, as SQLite's own rowids would (the
// transaction holds the write lock); in PostgreSQL they come from the
// identity sequence.
type seqAllocator struct {
	next int64   // SQLite: the next key, 0 before the first
	free []int64 // PostgreSQL: keys taken from the sequence, not yet used
}

// nextSeq returns a key for a new organisation. On PostgreSQL it takes
// ahead keys from the sequence, as many as batch.
func (s *Store) nextSeq(ctx context.Context, tx querier, a *seqAllocator, batch int) (int64, error) {
	if s.dialect == sqlite {
		if a.next == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(seq), 0) + 1 FROM organisations`).Scan(&a.next); err != nil {
				return 0, fmt.Errorf("next organisation key: %w", err)
			}
		}
		a.next++
		return a.next - 1, nil
	}
	if len(a.free) == 0 {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('organisations', 'seq')) FROM generate_series(1, $1)`, max(batch, 1))
		if err != nil {
			return 0, fmt.Errorf("next organisation key: %w", err)
		}
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				rows.Close()
				return 0, err
			}
			a.free = append(a.free, seq)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("next organisation key: %w", err)
		}
	}
	seq := a.free[0]
	a.free = a.free[1:]
	return seq, nil
}

// maxParams bounds the placeholders of one statement, well below SQLite's
// limit (32766) and PostgreSQL's (65535).
const maxParams = 16384

// insertRows inserts rows of len(cols) values each, flattened in vals, with
// a few multi-row statements. Each statement inserts a power of two rows,
// so that a bulk import prepares a handful of statements per table, once.
func (s *Store) insertRows(ctx context.Context, tx querier, table string, cols []string, vals []any) error {
	ncols := len(cols)
	most := 1
	for most*2*ncols <= maxParams {
		most *= 2
	}
	row := "(" + placeholders(ncols) + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for len(vals) > 0 {
		n := most
		for n*ncols > len(vals) {
			n /= 2
		}
		var q strings.Builder
		q.Grow(len(head) + n*(len(row)+2))
		q.WriteString(head)
		for i := range n {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(row)
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(q.String()), vals[:n*ncols]...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		vals = vals[n*ncols:]
	}
	return nil
}

var orgInsertColumns = []string{"seq", "id", "name", "kind", "country", "city", "established", "website", "description", "status", "sample",
	"prov_source", "prov_source_id", "prov_release", "prov_licence", "content_hash", "search_names", "search_body", "created_at", "updated_at"}

// orgInsertColumnsSQLite adds the filter tokens, which only SQLite keeps.
var orgInsertColumnsSQLite = append(append([]string{}, orgInsertColumns...), "search_tags")

// insertOrganisations inserts new organisations, with their keys already
// given, and their children. On SQLite the full-text index is not touched:
// indexOrganisations adds them, so that a bulk import updates it once.
func (s *Store) insertOrganisations(ctx context.Context, tx querier, batch []orgInsert) error {
	if len(batch) == 0 {
		return nil
	}
	cols := orgInsertColumns
	if s.dialect == sqlite {
		cols = orgInsertColumnsSQLite
	}
	vals := make([]any, 0, len(batch)*len(cols))
	for _, r := range batch {
		o := r.o
		vals = append(vals, r.seq, o.ID, o.Name, o.Kind, o.Country, o.City, nullInt(o.Established), o.Website, o.Description, o.Status, o.Sample,
			o.Provenance.Source, o.Provenance.SourceID, o.Provenance.Release, o.Provenance.Licence, r.hash, r.names, r.body,
			s.dialect.timeValue(o.CreatedAt), s.dialect.timeValue(o.UpdatedAt))
		if s.dialect == sqlite {
			tags := r.tags
			if tags == "" {
				tags = searchTags(o)
			}
			vals = append(vals, tags)
		}
	}
	if err := s.insertRows(ctx, tx, "organisations", cols, vals); err != nil {
		if len(batch) == 1 {
			return fmt.Errorf("insert organisation %s: %w", batch[0].o.ID, err)
		}
		return fmt.Errorf("insert organisations %s to %s: %w", batch[0].o.ID, batch[len(batch)-1].o.ID, err)
	}
	if err := s.noteCountries(ctx, tx, batch); err != nil {
		return err
	}
	return s.insertOrgChildren(ctx, tx, batch)
}

// noteCountries records the countries of a batch in SQLite's
// organisation_countries, the candidate values of the country facet.
func (s *Store) noteCountries(ctx context.Context, tx querier, batch []orgInsert) error {
	if s.dialect != sqlite {
		return nil
	}
	seen := map[string]bool{}
	for _, r := range batch {
		if seen[r.o.Country] {
			continue
		}
		seen[r.o.Country] = true
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO organisation_countries (country) VALUES (?)`, r.o.Country); err != nil {
			return fmt.Errorf("note country: %w", err)
		}
	}
	return nil
}

// indexOrganisations adds the organisations with keys from first up to
// (not including) end to SQLite's full-text index, in one statement. FTS5
// writes its pending changes at the end of every statement, so one
// statement for a whole import is much faster than one per row. PostgreSQL
// keeps its index in step by itself.
func (s *Store) indexOrganisations(ctx context.Context, tx querier, first, end int64) error {
	if s.dialect != sqlite || first >= end {
		return nil
	}
	if st, ok := tx.(*stmtTx); ok {
		tx = st.Tx
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO organisation_fts (rowid, search_names, search_body, search_tags)
		SELECT seq, search_names, search_body, search_tags FROM organisations WHERE seq >= ? AND seq < ?`, first, end)
	if err != nil {
		return fmt.Errorf("index organisations: %w", err)
	}
	return nil
}

func (s *Store) insertOrgChildren(ctx context.Context, tx querier, batch []orgInsert) error {
	var names, ids, layers, domains, caps, rels []any
	for _, r := range batch {
		seq, o := r.seq, r.o
		keys := r.keys
		if len(keys) != len(o.OtherNames)+1 {
			_, _, keys = searchDocuments(o, registry.Vocabulary{})
		}
		for i, n := range o.OtherNames {
			names = append(names, seq, i, n.Type, n.Value, n.Lang, keys[i])
		}
		// The display name is kept as a name too, so exact-name ranking
		// looks in one place.
		names = append(names, seq, len(o.OtherNames), "display", o.Name, "", keys[len(o.OtherNames)])
		for _, x := range o.ExternalIDs {
			ids = append(ids, seq, x.Scheme, x.Value)
		}
		for _, l := range o.Layers {
			layers = append(layers, seq, l)
		}
		for _, d := range o.Domains {
			domains = append(domains, seq, d)
		}
		for i, c := range o.Capabilities {
			caps = append(caps, seq, i, c.Direction, c.Layer, c.Domain, c.Text)
		}
		for i, rel := range o.Relationships {
			rels = append(rels, seq, i, rel.Type, rel.TargetScheme, rel.TargetValue)
		}
	}
	for _, t := range []struct {
		table string
		cols  []string
		vals  []any
	}{
		{"organisation_names", []string{"org_seq", "pos", "type", "value", "lang", "name_key"}, names},
		{"organisation_external_ids", []string{"org_seq", "scheme", "value"}, ids},
		{"organisation_layers", []string{"org_seq", "layer"}, layers},
		{"organisation_domains", []string{"org_seq", "domain"}, domains},
		{"capabilities", []string{"org_seq", "pos", "direction", "layer", "domain", "text"}, caps},
		{"organisation_relationships", []string{"org_seq", "pos", "type", "target_scheme", "target_value"}, rels},
	} {
		if err := s.insertRows(ctx, tx, t.table, t.cols, t.vals); err != nil {
			return err
		}
	}
	return nil
}
