package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/setu-council/setu/internal/iati"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

func exportIATICommand() command {
	return command{name: "iati", summary: "export the ledger's projects as IATI 2.03 activity XML", run: runExportIATI}
}

const exportIATIHelp = `Usage: setu export iati [--out FILE] [--include-samples] [--db DATABASE]

Export iati writes every project of the cooperation ledger as an IATI 2.03
activity file, valid against the IATI schema, to FILE or standard output.
Sample projects are left out unless --include-samples is given.

Each project is one iati-activity: participants are participating-org
elements (XI-ROR-<ror id> for organisations with a ROR id, XI-SETU-<id> for
others), layers and domains are sectors of vocabularies 99 and 98, and
outputs are results. What IATI has no place for (the commitments a project
serves, milestones, an output's IP holder and whether it returned home)
is written in Setu's extension namespace, so that 'setu import iati'
reads the file back to the same records. The export reads one snapshot of
the database, so it may run while the server writes, without blocking it.`

func runExportIATI(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu export iati", exportIATIHelp)
	db := dbFlag(fs)
	out := fs.String("out", "", "the file to write (default standard output)")
	samples := fs.Bool("include-samples", false, "include the sample projects")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n := 0
	write := func(w io.Writer) error {
		var err error
		n, err = writeIATI(ctx, st, w, *samples, time.Time{})
		return err
	}
	if *out == "" || *out == "-" {
		return write(e.stdout)
	}
	if err := writeFileAtomic(*out, write); err != nil {
		return fmt.Errorf("export to %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "%s: %d activities\n", *out, n)
	return nil
}

// writeIATI writes the projects of st as an IATI activity file and returns
// how many it wrote. It reads from one snapshot of st, held while it
// writes, as the organisations the projects name are read as they come.
func writeIATI(ctx context.Context, st *store.Store, w io.Writer, samples bool, generated time.Time) (int, error) {
	n := 0
	err := st.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
		var err error
		n, err = writeIATISnapshot(ctx, sn, w, samples, generated)
		return err
	})
	return n, err
}

func writeIATISnapshot(ctx context.Context, st *store.Snapshot, w io.Writer, samples bool, generated time.Time) (int, error) {
	l, err := st.Ledger(ctx)
	if err != nil {
		return 0, err
	}
	v, err := st.Vocabulary(ctx)
	if err != nil {
		return 0, err
	}
	frameworkOf := map[string]string{}
	for _, c := range l.Commitments {
		frameworkOf[c.ID] = c.FrameworkID
	}
	milestones := map[string][]ledger.Milestone{}
	for _, m := range l.Milestones {
		milestones[m.ProjectID] = append(milestones[m.ProjectID], m)
	}
	outputs := map[string][]ledger.Output{}
	for _, o := range l.Outputs {
		outputs[o.ProjectID] = append(outputs[o.ProjectID], o)
	}
	orgs := map[string]*registry.Organisation{}
	org := func(id string) error {
		if id == "" || orgs[id] != nil {
			return nil
		}
		o, err := st.Organisation(ctx, id)
		if err != nil {
			return err
		}
		orgs[id] = o
		return nil
	}
	iw := iati.NewWriter(w, generated)
	n := 0
	for i := range l.Projects {
		p := &l.Projects[i]
		if p.Sample && !samples {
			continue
		}
		for _, pt := range p.Participants {
			if err := org(pt.OrgID); err != nil {
				return n, err
			}
		}
		for _, o := range outputs[p.ID] {
			if err := org(o.IPHolder); err != nil {
				return n, err
			}
		}
		if err := iw.Write(activityOf(p, milestones[p.ID], outputs[p.ID], orgs, v, frameworkOf)); err != nil {
			return n, fmt.Errorf("project %s: %w", p.ID, err)
		}
		n++
	}
	return n, iw.Close()
}
