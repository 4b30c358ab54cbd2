package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// ImportStats counts what an import did.
type ImportStats struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// String returns "created N, updated N, unchanged N".
func (st ImportStats) String() string {
	return fmt.Sprintf("created %d, updated %d, unchanged %d", st.Created, st.Updated, st.Unchanged)
}

// ImportSource yields the records of one import. Next returns the next
// organisation and where it was read ("FILE:LINE"), or io.EOF at the end.
type ImportSource func() (org *registry.Organisation, where string, err error)

// ImportOrganisations stores every organisation that next yields, in one
// transaction: all or nothing. A record is matched to a stored
// organisation by its id, else by any of its external ids; a match is
// updated if its content differs and counted unchanged if not; a record
// with no match is created. A record that is invalid, or whose external
// ids belong to two different organisations, aborts the import with an
// error that starts with where the record was read. progress, if not nil,
// is called after each record with the count so far.
func (s *Store) ImportOrganisations(ctx context.Context, next ImportSource, progress func(n int)) (ImportStats, error) {
	var st ImportStats
	src := &auditedSource[*registry.Organisation]{}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st, err = s.importOrganisations(ctx, newStmtTx(tx), src.wrap(next), progress); err != nil {
			return err
		}
		return s.recordImport(ctx, tx, "import", "organisations", src.name, "", src.records, st)
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}

// DatasetSHA returns the SHA-256 recorded when the shipped data set name
// was last loaded, or "" if it never was.
func (s *Store) DatasetSHA(ctx context.Context, name string) (string, error) {
	var sha string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT sha256 FROM dataset_loads WHERE name = ?`), name).Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: dataset %s: %w", name, err)
	}
	return sha, nil
}

// ImportDataset imports a shipped data set, as ImportOrganisations does,
// and records its name and SHA-256 in the same transaction, so that a
// crash never leaves a data set half loaded or loaded but not recorded.
func (s *Store) ImportDataset(ctx context.Context, name, sha string, next ImportSource, progress func(n int)) (ImportStats, error) {
	var st ImportStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = s.importOrganisations(ctx, newStmtTx(tx), next, progress)
		if err != nil {
			return err
		}
		if err := s.recordImport(ctx, tx, "import-dataset", "organisations", name, sha, st.Created+st.Updated+st.Unchanged, st); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM dataset_loads WHERE name = ?`), name); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO dataset_loads (name, sha256, loaded_at, summary) VALUES (?, ?, ?, ?)`),
			name, sha, s.dialect.timeValue(s.now()), st.String())
		return err
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}

// importBatch holds the new organisations of an import that are not
// inserted yet, so that they go in with a few multi-row statements.
type importBatch struct {
	seqs    seqAllocator
	rows    []orgInsert
	wheres  []string // where each row was read
	ftsFrom int64    // SQLite: the first key not yet in the full-text index, 0 if none
	ftsEnd  int64
}

// importBatchSize is how many new organisations an import holds before it
// inserts them.
const importBatchSize = 512

// pending reports whether the organisation with key seq is held in the
// batch or missing from the full-text index, so that changing it must
// wait for a flush.
func (b *importBatch) pending(seq int64) bool {
	if b.ftsFrom != 0 && seq >= b.ftsFrom && seq < b.ftsEnd {
		return true
	}
	for _, r := range b.rows {
		if r.seq == seq {
			return true
		}
	}
	return false
}

// flush inserts the held organisations; with index, it also brings the
// full-text index up to date.
func (s *Store) flushImport(ctx context.Context, tx querier, b *importBatch, index bool) error {
	if len(b.rows) > 0 {
		if err := s.insertOrganisations(ctx, tx, b.rows); err != nil {
			return &errs.Error{Op: b.wheres[0], Kind: errs.KindOf(err), Err: err}
		}
		if s.dialect == sqlite {
			if b.ftsFrom == 0 {
				b.ftsFrom = b.rows[0].seq
			}
			b.ftsEnd = b.rows[len(b.rows)-1].seq + 1
		}
		b.rows, b.wheres = b.rows[:0], b.wheres[:0]
	}
	if index && b.ftsFrom != 0 {
		if err := s.indexOrganisations(ctx, tx, b.ftsFrom, b.ftsEnd); err != nil {
			return err
		}
		b.ftsFrom, b.ftsEnd = 0, 0
	}
	return nil
}

// preparedOrg is a record read, normalised and validated ahead of the
// database work, with the values derived from it.
type preparedOrg struct {
	o           *registry.Organisation
	where       string
	names, body string   // search documents
	tags        string   // filter tokens
	keys        []string // name keys
	hash        string   // content hash
	err         error    // a read error (as is) or an invalid record (with where)
}

// prepareOrgs reads records and prepares them on another goroutine, so
// that reading, tokenising and hashing the next records overlaps with
// inserting the last ones. It stops reading when done is closed and
// closes the channel it returns when it has stopped.
func prepareOrgs(next ImportSource, v registry.Vocabulary, done <-chan struct{}) <-chan preparedOrg {
	out := make(chan preparedOrg, 2*importBatchSize)
	go func() {
		defer close(out)
		for {
			var p preparedOrg
			p.o, p.where, p.err = next()
			if p.err == nil {
				p.o.Normalize()
				if err := p.o.Validate(v); err != nil {
					p.err = &errs.Error{Op: p.where, Kind: errs.KindOf(err), Err: err}
				} else {
					p.names, p.body, p.keys = searchDocuments(p.o, v)
					p.tags = searchTags(p.o)
					p.hash = contentHash(p.o)
				}
			}
			select {
			case out <- p:
			case <-done:
				return
			}
			if p.err != nil {
				return
			}
		}
	}()
	return out
}

func (s *Store) importOrganisations(ctx context.Context, tx *stmtTx, next ImportSource, progress func(n int)) (ImportStats, error) {
	var st ImportStats
	v, err := s.vocabularyTx(ctx, tx)
	if err != nil {
		return st, err
	}
	idx, err := s.loadImportIndex(ctx, tx)
	if err != nil {
		return st, err
	}
	rebuild, err := s.deferIndexes(ctx, tx, idx)
	if err != nil {
		return st, err
	}
	recount, err := s.deferBridgeCounts(ctx, tx, idx)
	if err != nil {
		return st, err
	}
	logLoad, err := s.deferChangeLog(ctx, tx, idx)
	if err != nil {
		return st, err
	}
	done := make(chan struct{})
	prepared := prepareOrgs(next, v, done)
	defer func() {
		// Wait for the reader to stop, so that next is never called after
		// the import returns.
		close(done)
		for range prepared {
		}
	}()
	b := &importBatch{}
	for n := 1; ; n++ {
		p := <-prepared
		if errors.Is(p.err, io.EOF) {
			if err := s.flushImport(ctx, tx, b, true); err != nil {
				return st, err
			}
			if err := rebuild(); err != nil {
				return st, err
			}
			if err := logLoad(); err != nil {
				return st, err
			}
			return st, recount()
		}
		if p.err != nil {
			return st, p.err
		}
		if err := s.importOne(ctx, tx, idx, b, &p, v, &st); err != nil {
			return st, &errs.Error{Op: p.where, Kind: errs.KindOf(err), Err: err}
		}
		if len(b.rows) >= importBatchSize {
			if err := s.flushImport(ctx, tx, b, false); err != nil {
				return st, err
			}
		}
		if progress != nil {
			progress(n)
		}
		if n%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
	}
}

// importIndex finds stored organisations by id and external id during an
// import without a query per record.
type importIndex struct {
	byID  map[string]int64
	byExt map[registry.ExternalID]int64
	extOf map[int64][]registry.ExternalID
	hash  map[int64]string
	ids   map[int64]string
}

// setExternalIDs records that seq now holds exactly ids.
func (idx *importIndex) setExternalIDs(seq int64, ids []registry.ExternalID) {
	for _, x := range idx.extOf[seq] {
		delete(idx.byExt, x)
	}
	for _, x := range ids {
		idx.byExt[x] = seq
	}
	idx.extOf[seq] = ids
}

func (s *Store) loadImportIndex(ctx context.Context, tx querier) (*importIndex, error) {
	idx := &importIndex{byID: map[string]int64{}, byExt: map[registry.ExternalID]int64{}, extOf: map[int64][]registry.ExternalID{}, hash: map[int64]string{}, ids: map[int64]string{}}
	rows, err := tx.QueryContext(ctx, `SELECT seq, id, content_hash FROM organisations`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var seq int64
		var id, h string
		if err := rows.Scan(&seq, &id, &h); err != nil {
			rows.Close()
			return nil, err
		}
		idx.byID[id], idx.hash[seq], idx.ids[seq] = seq, h, id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT org_seq, scheme, value FROM organisation_external_ids`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var x registry.ExternalID
		if err := rows.Scan(&seq, &x.Scheme, &x.Value); err != nil {
			return nil, err
		}
		idx.byExt[x] = seq
		idx.extOf[seq] = append(idx.extOf[seq], x)
	}
	return idx, rows.Err()
}

// importOne matches a prepared record to the stored organisations and
// creates (in the batch), updates or skips it.
func (s *Store) importOne(ctx context.Context, tx querier, idx *importIndex, b *importBatch, p *preparedOrg, v registry.Vocabulary, st *ImportStats) error {
	o := p.o
	var seq int64
	if o.ID != "" {
		seq = idx.byID[o.ID]
	}
	var probs errs.Problems
	for i, x := range o.ExternalIDs {
		other, ok := idx.byExt[x]
		switch {
		case !ok:
		case seq == 0:
			seq = other
		case other != seq:
			probs.Add(fmt.Sprintf("external_ids[%d]", i), "%s %s belongs to organisation %s", x.Scheme, x.Value, idx.ids[other])
		}
	}
	if len(probs) > 0 {
		return &errs.Error{Kind: errs.Conflict, Msg: "duplicate external id", Fields: probs}
	}
	if seq == 0 {
		if o.ID == "" {
			o.ID = organisationID(o)
		}
		if _, taken := idx.byID[o.ID]; taken {
			return &errs.Error{Kind: errs.Conflict, Msg: fmt.Sprintf("organisation id %q is taken by another record", o.ID)}
		}
		o.CreatedAt = s.now()
		o.UpdatedAt = o.CreatedAt
		seq, err := s.nextSeq(ctx, tx, &b.seqs, importBatchSize)
		if err != nil {
			return err
		}
		r := orgInsert{seq: seq, o: o, names: p.names, body: p.body, tags: p.tags, keys: p.keys, hash: p.hash}
		b.rows, b.wheres = append(b.rows, r), append(b.wheres, p.where)
		idx.byID[o.ID], idx.ids[seq], idx.hash[seq] = seq, o.ID, r.hash
		idx.setExternalIDs(seq, o.ExternalIDs)
		st.Created++
		return nil
	}
	o.ID = idx.ids[seq]
	h := p.hash // the hash leaves out the id
	if idx.hash[seq] == h {
		st.Unchanged++
		return nil
	}
	if b.pending(seq) {
		// The update replaces rows and index entries that must exist first.
		if err := s.flushImport(ctx, tx, b, true); err != nil {
			return err
		}
	}
	if err := s.updateOrganisation(ctx, tx, seq, o, v); err != nil {
		return err
	}
	idx.setExternalIDs(seq, o.ExternalIDs)
	idx.hash[seq] = h
	st.Updated++
	return nil
}
