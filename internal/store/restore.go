package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/setu-council/setu/internal/registry"
)

// RestoreOrganisations imports organisations as ImportOrganisations does,
// in one transaction, and then gives each record the creation and update
// times it carries, when it carries them, so that a Setu export restored
// into another database exports again to the same bytes. A record without
// times gets the import's time, as in ImportOrganisations.
func (s *Store) RestoreOrganisations(ctx context.Context, next ImportSource, progress func(n int)) (ImportStats, error) {
	type stamp struct {
		o                *registry.Organisation
		created, updated time.Time
	}
	var stamps []stamp
	remember := func() (*registry.Organisation, string, error) {
		o, where, err := next()
		if err == nil && o != nil && !o.CreatedAt.IsZero() {
			updated := o.UpdatedAt
			if updated.IsZero() {
				updated = o.CreatedAt
			}
			stamps = append(stamps, stamp{o, o.CreatedAt, updated})
		}
		return o, where, err
	}
	var st ImportStats
	src := &auditedSource[*registry.Organisation]{}
	remember = src.wrap(remember)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stx := newStmtTx(tx)
		var err error
		if st, err = s.importOrganisations(ctx, stx, remember, progress); err != nil {
			return err
		}
		q := s.dialect.rebind(`UPDATE organisations SET created_at = ?, updated_at = ? WHERE id = ?`)
		for _, sp := range stamps {
			// importOne has set o.ID to the id the record is stored under.
			if _, err := stx.ExecContext(ctx, q, s.dialect.timeValue(sp.created), s.dialect.timeValue(sp.updated), sp.o.ID); err != nil {
				return err
			}
		}
		return s.recordImport(ctx, tx, "restore", "organisations", src.name, "", src.records, st)
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}
