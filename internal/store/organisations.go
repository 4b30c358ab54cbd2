package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/fulltext"
	"github.com/setu-council/setu/internal/registry"
)

// NewOrganisationID returns a fresh organisation id. Organisations that
// come from ROR get "ror-" and their ROR id instead, so the same record has
// the same id in every Setu database.
func NewOrganisationID() string { return "org-" + randomID() }

// NewPersonID returns a fresh person id.
func NewPersonID() string { return "per-" + randomID() }

func randomID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// organisationID picks the id for a new organisation: a ROR id if it has
// one, else a random one.
func organisationID(o *registry.Organisation) string {
	for _, x := range o.ExternalIDs {
		if x.Scheme == registry.SchemeROR {
			return "ror-" + x.Value
		}
	}
	return NewOrganisationID()
}

// contentHash identifies the content of an organisation record, leaving out
// its id and timestamps, so an import can tell unchanged records apart.
func contentHash(o *registry.Organisation) string {
	c := *o
	c.ID = ""
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// searchDocuments returns the names and body documents indexed for search
// and the keys of the organisation's names (other names in order, then the
// display name), each name tokenised once.
func searchDocuments(o *registry.Organisation, v registry.Vocabulary) (names, body string, keys []string) {
	lists := make([][]string, 0, len(o.OtherNames)+1)
	keys = make([]string, len(o.OtherNames)+1)
	key, toks := fulltext.Analyse(o.Name)
	lists = append(lists, toks)
	keys[len(o.OtherNames)] = key
	for i, n := range o.OtherNames {
		keys[i], toks = fulltext.Analyse(n.Value)
		lists = append(lists, toks)
	}
	bs := []string{o.City, registry.CountryName(o.Country), o.Description}
	for _, d := range o.Domains {
		bs = append(bs, v.DomainLabel(d))
	}
	for _, c := range o.Capabilities {
		bs = append(bs, c.Text)
	}
	return fulltext.Join(lists...), fulltext.Document(bs...), keys
}

// CreateOrganisation validates and stores a new organisation, giving it an
// id if it has none. An external id that another organisation has is a
// conflict.
func (s *Store) CreateOrganisation(ctx context.Context, o *registry.Organisation) error {
	const op = "create organisation"
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		v, err := s.vocabularyTx(ctx, tx)
		if err != nil {
			return err
		}
		o.Normalize()
		if err := o.Validate(v); err != nil {
			return err
		}
		if o.ID == "" {
			o.ID = organisationID(o)
		}
		if err := s.checkExternalIDs(ctx, tx, 0, o.ExternalIDs); err != nil {
			return err
		}
		if _, err := s.orgSeq(ctx, tx, o.ID); err == nil {
			return &errs.Error{Kind: errs.Conflict, Msg: fmt.Sprintf("organisation %q exists", o.ID), Fields: []errs.FieldError{{Field: "id", Problem: "is taken"}}}
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		o.CreatedAt = s.now()
		o.UpdatedAt = o.CreatedAt
		var seqs seqAllocator
		seq, err := s.nextSeq(ctx, tx, &seqs, 1)
		if err != nil {
			return err
		}
		if err := s.insertOrganisations(ctx, tx, []orgInsert{newOrgInsert(seq, o, v)}); err != nil {
			return err
		}
		if err := s.indexOrganisations(ctx, tx, seq, seq+1); err != nil {
			return err
		}
		// Projects may name an organisation deleted before and created again.
		if err := s.noteParticipantCountry(ctx, tx, o.ID, o.Country); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditOrganisation, o.ID, nil, o)
	})
	return errs.Wrap(op, err)
}

// UpdateOrganisation validates and replaces the stored organisation with
// o.ID, keeping its creation time.
func (s *Store) UpdateOrganisation(ctx context.Context, o *registry.Organisation) error {
	const op = "update organisation"
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		v, err := s.vocabularyTx(ctx, tx)
		if err != nil {
			return err
		}
		o.Normalize()
		if err := o.Validate(v); err != nil {
			return err
		}
		seq, err := s.orgSeq(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		if err := s.checkExternalIDs(ctx, tx, seq, o.ExternalIDs); err != nil {
			return err
		}
		before, err := s.organisationTx(ctx, tx, seq)
		if err != nil {
			return err
		}
		if err := s.updateOrganisation(ctx, tx, seq, o, v); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditOrganisation, o.ID, before, o)
	})
	return errs.Wrap(op, err)
}

// DeleteOrganisation removes an organisation and everything that hangs off
// it.
func (s *Store) DeleteOrganisation(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		seq, err := s.orgSeq(ctx, tx, id)
		if err != nil {
			return err
		}
		before, err := s.organisationTx(ctx, tx, seq)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM organisations WHERE seq = ?`), seq); err != nil {
			return err
		}
		if err := s.noteParticipantCountry(ctx, tx, id, ""); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "delete", AuditOrganisation, id, before, nil)
	})
	return errs.Wrap("delete organisation", err)
}

func (s *Store) vocabularyTx(ctx context.Context, tx querier) (registry.Vocabulary, error) {
	var v registry.Vocabulary
	for _, t := range []struct {
		table string
		dst   *[]registry.Term
	}{{"kinds", &v.Kinds}, {"domains", &v.Domains}} {
		rows, err := tx.QueryContext(ctx, `SELECT code, label FROM `+t.table)
		if err != nil {
			return v, err
		}
		for rows.Next() {
			var term registry.Term
			if err := rows.Scan(&term.Code, &term.Label); err != nil {
				rows.Close()
				return v, err
			}
			*t.dst = append(*t.dst, term)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return v, err
		}
	}
	return v, nil
}

// orgSeq returns the internal key of the organisation with id.
func (s *Store) orgSeq(ctx context.Context, q querier, id string) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT seq FROM organisations WHERE id = ?`), id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &errs.Error{Kind: errs.NotFound, Msg: fmt.Sprintf("no organisation %q", id)}
	}
	return seq, err
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// checkExternalIDs returns a conflict if another organisation than seq
// holds one of ids.
func (s *Store) checkExternalIDs(ctx context.Context, tx querier, seq int64, ids []registry.ExternalID) error {
	var p errs.Problems
	for i, x := range ids {
		var other string
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT o.id FROM organisation_external_ids x JOIN organisations o ON o.seq = x.org_seq
			WHERE x.scheme = ? AND x.value = ? AND x.org_seq <> ?`), x.Scheme, x.Value, seq).Scan(&other)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		p.Add(fmt.Sprintf("external_ids[%d]", i), "%s %s belongs to organisation %s", x.Scheme, x.Value, other)
	}
	if len(p) > 0 {
		return &errs.Error{Kind: errs.Conflict, Msg: "duplicate external id", Fields: p}
	}
	return nil
}

func (s *Store) updateOrganisation(ctx context.Context, tx querier, seq int64, o *registry.Organisation, v registry.Vocabulary) error {
	var created timeScan
	created.t = &o.CreatedAt
	if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT created_at FROM organisations WHERE seq = ?`), seq).Scan(created); err != nil {
		return err
	}
	o.UpdatedAt = s.now()
	names, body, keys := searchDocuments(o, v)
	set := `name = ?, kind = ?, country = ?, city = ?, established = ?,
		website = ?, description = ?, status = ?, sample = ?, prov_source = ?, prov_source_id = ?, prov_release = ?, prov_licence = ?,
		content_hash = ?, search_names = ?, search_body = ?, updated_at = ?`
	args := []any{o.Name, o.Kind, o.Country, o.City, nullInt(o.Established), o.Website, o.Description, o.Status, o.Sample,
		o.Provenance.Source, o.Provenance.SourceID, o.Provenance.Release, o.Provenance.Licence, contentHash(o), names, body,
		s.dialect.timeValue(o.UpdatedAt)}
	if s.dialect == sqlite {
		// A trigger brings the full-text index up to date.
		set += `, search_tags = ?`
		args = append(args, searchTags(o))
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE organisations SET `+set+` WHERE seq = ?`), append(args, seq)...)
	if err != nil {
		return fmt.Errorf("update organisation %s: %w", o.ID, err)
	}
	if err := s.noteParticipantCountry(ctx, tx, o.ID, o.Country); err != nil {
		return err
	}
	for _, table := range orgChildTables {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM `+table+` WHERE org_seq = ?`), seq); err != nil {
			return err
		}
	}
	if err := s.noteCountries(ctx, tx, []orgInsert{{seq: seq, o: o}}); err != nil {
		return err
	}
	return s.insertOrgChildren(ctx, tx, []orgInsert{{seq: seq, o: o, keys: keys}})
}

var orgChildTables = []string{"organisation_names", "organisation_external_ids", "organisation_layers",
	"organisation_domains", "capabilities", "organisation_relationships"}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
