package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

const personColumns = `p.id, p.name, p.home_country, COALESCE(o.id, ''), p.email, p.skills, p.languages, p.layers, p.domains, p.sample,
	p.prov_source, p.prov_source_id, p.prov_release, p.prov_licence, p.created_at, p.updated_at`

const personFrom = ` FROM people p LEFT JOIN organisations o ON o.seq = p.home_org_seq`

func scanPerson(sc interface{ Scan(...any) error }, p *registry.Person) error {
	var skills, langs, layers, domains string
	if err := sc.Scan(&p.ID, &p.Name, &p.HomeCountry, &p.HomeOrgID, &p.Email, &skills, &langs, &layers, &domains, &p.Sample,
		&p.Provenance.Source, &p.Provenance.SourceID, &p.Provenance.Release, &p.Provenance.Licence,
		timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt}); err != nil {
		return err
	}
	for _, f := range []struct {
		src string
		dst *[]string
	}{{skills, &p.Skills}, {langs, &p.Languages}, {layers, &p.Layers}, {domains, &p.Domains}} {
		*f.dst = []string{}
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return fmt.Errorf("person %s: corrupt list: %w", p.ID, err)
		}
	}
	return nil
}

func jsonList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// CreatePerson validates and stores a new person, giving them an id if
// they have none.
func (s *Store) CreatePerson(ctx context.Context, p *registry.Person) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		orgSeq, err := s.preparePerson(ctx, tx, p)
		if err != nil {
			return err
		}
		if p.ID == "" {
			p.ID = NewPersonID()
		}
		p.CreatedAt = s.now()
		p.UpdatedAt = p.CreatedAt
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO people (id, name, home_country, home_org_seq, email, skills, languages,
			layers, domains, sample, prov_source, prov_source_id, prov_release, prov_licence, created_at, updated_at)
			VALUES (`+placeholders(16)+`)`),
			p.ID, p.Name, p.HomeCountry, orgSeq, p.Email, jsonList(p.Skills), jsonList(p.Languages), jsonList(p.Layers), jsonList(p.Domains),
			p.Sample, p.Provenance.Source, p.Provenance.SourceID, p.Provenance.Release, p.Provenance.Licence,
			s.dialect.timeValue(p.CreatedAt), s.dialect.timeValue(p.UpdatedAt))
		if err != nil && isUniqueViolation(err) {
			return &errs.Error{Kind: errs.Conflict, Msg: fmt.Sprintf("person %q exists", p.ID), Fields: []errs.FieldError{{Field: "id", Problem: "is taken"}}}
		}
		if err != nil {
			return err
		}
		after, err := s.sealPerson(ctx, tx, p)
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "create", AuditPerson, p.ID, nil, after)
	})
	return errs.Wrap("create person", err)
}

// UpdatePerson validates and replaces the stored person with p.ID.
func (s *Store) UpdatePerson(ctx context.Context, p *registry.Person) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		orgSeq, err := s.preparePerson(ctx, tx, p)
		if err != nil {
			return err
		}
		old, err := s.person(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p.CreatedAt = old.CreatedAt
		p.UpdatedAt = s.now()
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`UPDATE people SET name = ?, home_country = ?, home_org_seq = ?, email = ?, skills = ?,
			languages = ?, layers = ?, domains = ?, sample = ?, prov_source = ?, prov_source_id = ?, prov_release = ?, prov_licence = ?,
			updated_at = ? WHERE id = ?`),
			p.Name, p.HomeCountry, orgSeq, p.Email, jsonList(p.Skills), jsonList(p.Languages), jsonList(p.Layers), jsonList(p.Domains),
			p.Sample, p.Provenance.Source, p.Provenance.SourceID, p.Provenance.Release, p.Provenance.Licence,
			s.dialect.timeValue(p.UpdatedAt), p.ID)
		if err != nil {
			return err
		}
		before, err := s.sealPerson(ctx, tx, old)
		if err != nil {
			return err
		}
		after, err := s.sealPerson(ctx, tx, p)
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditPerson, p.ID, before, after)
	})
	return errs.Wrap("update person", err)
}

// preparePerson normalises and validates p and resolves its home
// organisation.
func (s *Store) preparePerson(ctx context.Context, tx querier, p *registry.Person) (any, error) {
	v, err := s.vocabularyTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	p.Normalize()
	if err := p.Validate(v); err != nil {
		return nil, err
	}
	if p.HomeOrgID == "" {
		return nil, nil
	}
	seq, err := s.orgSeq(ctx, tx, p.HomeOrgID)
	if errs.Is(err, errs.NotFound) {
		return nil, &errs.Error{Kind: errs.Invalid, Msg: "invalid input", Fields: []errs.FieldError{{Field: "home_org_id", Problem: fmt.Sprintf("no organisation %q", p.HomeOrgID)}}}
	}
	return seq, err
}

// Person returns the person with id.
func (s *Store) Person(ctx context.Context, id string) (*registry.Person, error) {
	p, err := s.person(ctx, s.db, id)
	return p, errs.Wrap("get person", err)
}

func (s *Store) person(ctx context.Context, q querier, id string) (*registry.Person, error) {
	var p registry.Person
	err := scanPerson(q.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+personColumns+personFrom+` WHERE p.id = ?`), id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Kind: errs.NotFound, Msg: fmt.Sprintf("no person %q", id)}
	}
	return &p, err
}

// PeopleQuery filters a list of people.
type PeopleQuery struct {
	HomeCountry string
	HomeOrgID   string
	Sample      *bool
	Page        int
	PerPage     int
}

// ListPeople returns one page of people, by name, and the total.
func (s *Store) ListPeople(ctx context.Context, q PeopleQuery) ([]*registry.Person, int, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 || q.PerPage > MaxPerPage {
		q.PerPage = DefaultPerPage
	}
	var cs []condition
	if q.HomeCountry != "" {
		cs = append(cs, condition{`p.home_country = ?`, []any{q.HomeCountry}})
	}
	if q.HomeOrgID != "" {
		cs = append(cs, condition{`o.id = ?`, []any{q.HomeOrgID}})
	}
	if q.Sample != nil {
		cs = append(cs, condition{`p.sample = ?`, []any{*q.Sample}})
	}
	w, args := where(cs)
	var total int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*)`+personFrom+w), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: list people: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT `+personColumns+personFrom+w+` ORDER BY `+s.dialect.collate("p.name")+`, p.id LIMIT ? OFFSET ?`),
		append(args, q.PerPage, (q.Page-1)*q.PerPage)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list people: %w", err)
	}
	defer rows.Close()
	people := []*registry.Person{}
	for rows.Next() {
		p := &registry.Person{}
		if err := scanPerson(rows, p); err != nil {
			return nil, 0, fmt.Errorf("store: list people: %w", err)
		}
		people = append(people, p)
	}
	return people, total, rows.Err()
}
