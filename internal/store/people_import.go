package store

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"slices"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// PersonSource yields the people of one import. Next returns the next
// person and where it was read ("FILE:LINE"), or io.EOF at the end.
type PersonSource func() (p *registry.Person, where string, err error)

// ImportPeople stores every person that next yields, in one transaction:
// all or nothing. A person is matched to a stored one by id; a match is
// updated if its content differs and counted unchanged if not; a person
// with no match, or no id, is created. An invalid person, or one whose
// home organisation is not stored, aborts the import with an error that
// starts with where the person was read.
func (s *Store) ImportPeople(ctx context.Context, next PersonSource, progress func(n int)) (ImportStats, error) {
	var st ImportStats
	src := &auditedSource[*registry.Person]{}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st, err = s.importPeople(ctx, newStmtTx(tx), src.wrap(next), progress); err != nil {
			return err
		}
		return s.recordImport(ctx, tx, "import", "people", src.name, "", src.records, st)
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}

// ImportPeopleDataset imports a shipped data set of people, as
// ImportPeople does, and records its name and SHA-256 in the same
// transaction, as ImportDataset does for organisations.
func (s *Store) ImportPeopleDataset(ctx context.Context, name, sha string, next PersonSource, progress func(n int)) (ImportStats, error) {
	var st ImportStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st, err = s.importPeople(ctx, newStmtTx(tx), next, progress); err != nil {
			return err
		}
		if err := s.recordImport(ctx, tx, "import-dataset", "people", name, sha, st.Created+st.Updated+st.Unchanged, st); err != nil {
			return err
		}
		return s.recordDataset(ctx, tx, name, sha, st)
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}

// recordDataset records that data set name with sha is loaded.
func (s *Store) recordDataset(ctx context.Context, tx querier, name, sha string, st ImportStats) error {
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM dataset_loads WHERE name = ?`), name); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO dataset_loads (name, sha256, loaded_at, summary) VALUES (?, ?, ?, ?)`),
		name, sha, s.dialect.timeValue(s.now()), st.String())
	return err
}

func (s *Store) importPeople(ctx context.Context, tx querier, next PersonSource, progress func(n int)) (ImportStats, error) {
	var st ImportStats
	for n := 1; ; n++ {
		p, where, err := next()
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			return st, err
		}
		if err := s.importPerson(ctx, tx, p, &st); err != nil {
			return st, &errs.Error{Op: where, Kind: errs.KindOf(err), Err: err}
		}
		if progress != nil {
			progress(n)
		}
	}
}

func (s *Store) importPerson(ctx context.Context, tx querier, p *registry.Person, st *ImportStats) error {
	orgSeq, err := s.preparePerson(ctx, tx, p)
	if err != nil {
		return err
	}
	var old *registry.Person
	if p.ID != "" {
		old, err = s.person(ctx, tx, p.ID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	now := s.now()
	switch {
	case old == nil:
		if p.ID == "" {
			p.ID = NewPersonID()
		}
		p.CreatedAt, p.UpdatedAt = now, now
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO people (id, name, home_country, home_org_seq, email, skills, languages,
			layers, domains, sample, prov_source, prov_source_id, prov_release, prov_licence, created_at, updated_at)
			VALUES (`+placeholders(16)+`)`),
			p.ID, p.Name, p.HomeCountry, orgSeq, p.Email, jsonList(p.Skills), jsonList(p.Languages), jsonList(p.Layers), jsonList(p.Domains),
			p.Sample, p.Provenance.Source, p.Provenance.SourceID, p.Provenance.Release, p.Provenance.Licence,
			s.dialect.timeValue(p.CreatedAt), s.dialect.timeValue(p.UpdatedAt))
		st.Created++
	case samePerson(old, p):
		p.CreatedAt, p.UpdatedAt = old.CreatedAt, old.UpdatedAt
		st.Unchanged++
	default:
		p.CreatedAt, p.UpdatedAt = old.CreatedAt, now
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`UPDATE people SET name = ?, home_country = ?, home_org_seq = ?, email = ?, skills = ?,
			languages = ?, layers = ?, domains = ?, sample = ?, prov_source = ?, prov_source_id = ?, prov_release = ?, prov_licence = ?,
			updated_at = ? WHERE id = ?`),
			p.Name, p.HomeCountry, orgSeq, p.Email, jsonList(p.Skills), jsonList(p.Languages), jsonList(p.Layers), jsonList(p.Domains),
			p.Sample, p.Provenance.Source, p.Provenance.SourceID, p.Provenance.Release, p.Provenance.Licence,
			s.dialect.timeValue(p.UpdatedAt), p.ID)
		st.Updated++
	}
	return err
}

// samePerson reports whether two people have the same content, leaving
// out their timestamps.
func samePerson(a, b *registry.Person) bool {
	return a.ID == b.ID && a.Name == b.Name && a.HomeCountry == b.HomeCountry && a.HomeOrgID == b.HomeOrgID && a.Email == b.Email &&
		slices.Equal(a.Skills, b.Skills) && slices.Equal(a.Languages, b.Languages) && slices.Equal(a.Layers, b.Layers) &&
		slices.Equal(a.Domains, b.Domains) && a.Sample == b.Sample && a.Provenance == b.Provenance
}
