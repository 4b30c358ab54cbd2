package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
)

// ProjectImport is an import of projects from an outside file, written as
// the file is read so that memory does not grow with the file: one
// transaction, which Commit ends and records with one audit entry, and
// Rollback (or any error) undoes. A project, milestone or output whose id
// is already stored, or was added earlier in the import, is a conflict.
// It is not safe for concurrent use.
type ProjectImport struct {
	s        *Store
	tx       *sql.Tx
	q        *importTx
	source   string
	seqs     seqAllocator
	stats    ImportStats
	projects int
	done     bool
}

// importTx is the transaction of an import: statements prepared once, the
// vocabulary read once, and the references found to exist remembered, so
// that checking a record costs no query for what an earlier record named.
// Records written through it are new, so their child rows need no
// clearing first.
type importTx struct {
	*stmtTx
	vocab registry.Vocabulary
	found map[string]bool // table + "\x00" + id, of rows that were there before the import
	// lastProject is the project written last, which the milestones and
	// outputs that follow it name. Only it is remembered, so that memory
	// does not grow with the file.
	lastProject string
	// pending holds child rows (participants, budgets, transactions, value
	// lists) not yet inserted, by "table (columns)": nothing reads them
	// during an import, and one statement for many projects' rows costs
	// less than one per project. Flushed when a batch is full and before
	// the commit.
	pending map[string]*pendingRows
}

// importBatchRows is how many child rows an import sends in one statement.
const importBatchRows = 64

type pendingRows struct {
	ncols int
	args  []any
}

// queue adds rows of ncols values to the batch of into, sending full
// batches.
func (it *importTx) queue(ctx context.Context, s *Store, into string, ncols int, args []any) error {
	if it.pending == nil {
		it.pending = map[string]*pendingRows{}
	}
	p := it.pending[into]
	if p == nil {
		p = &pendingRows{ncols: ncols}
		it.pending[into] = p
	}
	p.args = append(p.args, args...)
	full := importBatchRows * ncols
	for len(p.args) >= full {
		if err := s.insertRowsNow(ctx, it, into, ncols, p.args[:full]); err != nil {
			return err
		}
		n := copy(p.args, p.args[full:])
		clear(p.args[n:])
		p.args = p.args[:n]
	}
	return nil
}

// flush sends every waiting row.
func (it *importTx) flush(ctx context.Context, s *Store) error {
	for into, p := range it.pending {
		if len(p.args) > 0 {
			if err := s.insertRowsNow(ctx, it, into, p.ncols, p.args); err != nil {
				return fmt.Errorf("%s: %w", into, err)
			}
			p.args = p.args[:0]
		}
	}
	return nil
}

// BeginProjectImport starts an import from source (a file name, for the
// audit entry).
func (s *Store) BeginProjectImport(ctx context.Context, source string) (*ProjectImport, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, errs.Wrap("import projects", fmt.Errorf("begin: %w", err))
	}
	q := &importTx{stmtTx: newStmtTx(tx), found: map[string]bool{}}
	if q.vocab, err = s.vocabularyTx(ctx, q); err != nil {
		tx.Rollback()
		return nil, errs.Wrap("import projects", err)
	}
	return &ProjectImport{s: s, tx: tx, q: q, source: source}, nil
}

// fail ends the import after an error, undoing it.
func (im *ProjectImport) fail(op string, err error) error {
	im.Rollback()
	return errs.Wrap(op, err)
}

func (im *ProjectImport) check() error {
	if im.done {
		return errs.E("import projects", errs.Invalid, "the import has ended")
	}
	return nil
}

// AddOrganisation creates an organisation the file names that the registry
// lacks. o.ID is set if empty.
func (im *ProjectImport) AddOrganisation(ctx context.Context, o *registry.Organisation) error {
	if err := im.check(); err != nil {
		return err
	}
	s := im.s
	o.Normalize()
	if err := o.Validate(im.q.vocab); err != nil {
		return im.fail("import projects", &errs.Error{Op: "organisation " + o.Name, Kind: errs.KindOf(err), Err: err})
	}
	if o.ID == "" {
		o.ID = organisationID(o)
	}
	o.CreatedAt = s.now()
	o.UpdatedAt = o.CreatedAt
	seq, err := s.nextSeq(ctx, im.q, &im.seqs, 1)
	if err == nil {
		err = s.insertOrganisations(ctx, im.q, []orgInsert{newOrgInsert(seq, o, im.q.vocab)})
	}
	if err == nil {
		err = s.indexOrganisations(ctx, im.q, seq, seq+1)
	}
	if err != nil {
		return im.fail("import projects", fmt.Errorf("organisation %s: %w", o.Name, err))
	}
	im.q.found["organisations\x00"+o.ID] = true
	im.stats.Created++
	return nil
}

// AddProject checks and writes one project.
func (im *ProjectImport) AddProject(ctx context.Context, p *ledger.Project) error {
	if err := im.check(); err != nil {
		return err
	}
	if err := im.s.createProject(ctx, im.q, p); err != nil {
		return im.fail("import projects", &errs.Error{Op: "project " + p.ID, Kind: errs.KindOf(err), Err: err})
	}
	im.projects++
	im.stats.Created++
	return nil
}

// AddMilestone checks and writes one milestone of a project added before.
func (im *ProjectImport) AddMilestone(ctx context.Context, m *ledger.Milestone) error {
	if err := im.check(); err != nil {
		return err
	}
	if err := im.s.createMilestone(ctx, im.q, m); err != nil {
		return im.fail("import projects", &errs.Error{Op: "milestone " + m.ID, Kind: errs.KindOf(err), Err: err})
	}
	im.stats.Created++
	return nil
}

// AddOutput checks and writes one output of a project added before.
func (im *ProjectImport) AddOutput(ctx context.Context, o *ledger.Output) error {
	if err := im.check(); err != nil {
		return err
	}
	if err := im.s.createOutput(ctx, im.q, o); err != nil {
		return im.fail("import projects", &errs.Error{Op: "output " + o.ID, Kind: errs.KindOf(err), Err: err})
	}
	im.stats.Created++
	return nil
}

// Commit records the import's audit entry and commits it.
func (im *ProjectImport) Commit(ctx context.Context) (ImportStats, error) {
	if err := im.check(); err != nil {
		return ImportStats{}, err
	}
	if err := im.q.flush(ctx, im.s); err != nil {
		return ImportStats{}, im.fail("import projects", err)
	}
	if err := im.s.recordImport(ctx, im.q, "import", "projects", im.source, "", im.projects, im.stats); err != nil {
		return ImportStats{}, im.fail("import projects", err)
	}
	im.done = true
	if err := im.tx.Commit(); err != nil {
		return ImportStats{}, errs.Wrap("import projects", fmt.Errorf("commit: %w", err))
	}
	return im.stats, nil
}

// Rollback undoes the import, if it has not ended.
func (im *ProjectImport) Rollback() {
	if !im.done {
		im.done = true
		im.tx.Rollback()
	}
}

// isTaken reports whether table already has a record with id, before one
// is inserted. An import asks nothing: the insert's unique violation tells
// it (see inserted), which costs no query.
func (s *Store) isTaken(ctx context.Context, q querier, table, id string) (bool, error) {
	if freshRecord(q) {
		return false, nil
	}
	return s.exists(ctx, q, table, id)
}

// inserted passes on err, the result of inserting the record what with id
// into table. In an import it turns a unique violation into a conflict
// naming the record, and remembers the project written last.
func inserted(q querier, table, what, id string, err error) error {
	if it, ok := q.(*importTx); ok {
		if isUniqueViolation(err) {
			return taken(what, id)
		}
		if err == nil && table == "projects" {
			it.lastProject = id
		}
	}
	return err
}

// freshRecord reports whether records written through q are new, so their
// child rows need no clearing.
func freshRecord(q querier) bool {
	_, ok := q.(*importTx)
	return ok
}

// ledgerVocabulary is the vocabulary for checking a record: the import's,
// read once, or read now.
func (s *Store) ledgerVocabulary(ctx context.Context, q querier) (registry.Vocabulary, error) {
	if it, ok := q.(*importTx); ok {
		return it.vocab, nil
	}
	return s.vocabularyTx(ctx, q)
}
