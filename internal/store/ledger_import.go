package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
)

// ImportLedgerDataset loads a shipped ledger data set in one transaction:
// each record is created, or updated in place if it changed since the data
// set was last loaded, in the order frameworks, commitments, projects,
// milestones, outputs. It records one audit entry for the whole data set
// and the data set's SHA-256, as ImportDataset does.
func (s *Store) ImportLedgerDataset(ctx context.Context, name, sha string, l *ledger.Ledger) (ImportStats, error) {
	var st ImportStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		steps := []func() error{
			func() error {
				return upsertAll(ctx, tx, &st, "frameworks", l.Frameworks, s.frameworks, s.createFrameworkRow, s.updateFramework, func(f *ledger.Framework) string { return f.ID })
			},
			func() error {
				return upsertAll(ctx, tx, &st, "commitments", l.Commitments, s.commitments, s.createCommitmentRow, s.updateCommitment, func(c *ledger.Commitment) string { return c.ID })
			},
			func() error {
				return upsertAll(ctx, tx, &st, "projects", l.Projects, s.projects, s.createProject, s.updateProject, func(p *ledger.Project) string { return p.ID })
			},
			func() error {
				return upsertAll(ctx, tx, &st, "milestones", l.Milestones, s.milestones, s.createMilestone, s.updateMilestone, func(m *ledger.Milestone) string { return m.ID })
			},
			func() error {
				return upsertAll(ctx, tx, &st, "outputs", l.Outputs, s.outputs, s.createOutput, s.updateOutput, func(o *ledger.Output) string { return o.ID })
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		n := len(l.Frameworks) + len(l.Commitments) + len(l.Projects) + len(l.Milestones) + len(l.Outputs)
		if err := s.recordImport(ctx, tx, "import-dataset", "ledger", name, sha, n, st); err != nil {
			return err
		}
		return s.recordDataset(ctx, tx, name, sha, st)
	})
	if err != nil {
		return ImportStats{}, errs.Wrap("import ledger "+name, err)
	}
	return st, nil
}

// upsertAll creates each record of recs that is not stored and updates
// each that differs from the stored one, counting what it did in st.
// Errors name the record's place, e.g. "projects[2]".
func upsertAll[T any](ctx context.Context, tx querier, st *ImportStats, list string, recs []T,
	read func(context.Context, querier, string, ...any) ([]T, error),
	create, update func(context.Context, querier, *T) error, id func(*T) string) error {
	for i := range recs {
		r := &recs[i]
		where := fmt.Sprintf("%s[%d]", list, i)
		old, err := byID(ctx, tx, read, list, id(r))
		switch {
		case errs.Is(err, errs.NotFound):
			if err := create(ctx, tx, r); err != nil {
				return &errs.Error{Op: where, Kind: errs.KindOf(err), Err: err}
			}
			st.Created++
			continue
		case err != nil:
			return err
		}
		if err := update(ctx, tx, r); err != nil {
			return &errs.Error{Op: where, Kind: errs.KindOf(err), Err: err}
		}
		a, _ := json.Marshal(old)
		b, _ := json.Marshal(r)
		if string(a) == string(b) {
			st.Unchanged++
		} else {
			st.Updated++
		}
	}
	return nil
}

// ImportProjects stores the projects of an outside file (an IATI import)
// in one transaction: first the organisations the file names that the
// registry lacks (orgs), then the projects, milestones and outputs of l.
// A project, milestone or output whose id is already stored is a conflict:
// an import never overwrites. It records one audit entry for the file,
// named source.
func (s *Store) ImportProjects(ctx context.Context, source string, orgs []*registry.Organisation, l *ledger.Ledger) (ImportStats, error) {
	im, err := s.BeginProjectImport(ctx, source)
	if err != nil {
		return ImportStats{}, err
	}
	for _, o := range orgs {
		if err := im.AddOrganisation(ctx, o); err != nil {
			return ImportStats{}, err
		}
	}
	for i := range l.Projects {
		if err := im.AddProject(ctx, &l.Projects[i]); err != nil {
			return ImportStats{}, err
		}
	}
	for i := range l.Milestones {
		if err := im.AddMilestone(ctx, &l.Milestones[i]); err != nil {
			return ImportStats{}, err
		}
	}
	for i := range l.Outputs {
		if err := im.AddOutput(ctx, &l.Outputs[i]); err != nil {
			return ImportStats{}, err
		}
	}
	return im.Commit(ctx)
}
