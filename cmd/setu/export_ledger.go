package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

func exportProjectsCommand() command {
	return command{name: "projects", summary: "export the ledger's projects as CSV", run: func(ctx context.Context, e *env, args []string) error {
		return runExportLedgerCSV(ctx, e, args, "projects", exportProjectsHelp, writeProjectsCSV)
	}}
}

func exportCommitmentsCommand() command {
	return command{name: "commitments", summary: "export the ledger's commitments as CSV", run: func(ctx context.Context, e *env, args []string) error {
		return runExportLedgerCSV(ctx, e, args, "commitments", exportCommitmentsHelp, writeCommitmentsCSV)
	}}
}

const exportProjectsHelp = `Usage: setu export projects [--format csv] [--out FILE] [--db DATABASE]

Export projects writes every project of the cooperation ledger, samples
included (see the sample column), as CSV: UTF-8 with a byte order mark, a
header row, one row per project. Codes come with their labels side by side
(status and status_label, countries and country_names, layers and
layer_labels, domains and domain_labels, participants with each role's
label). A cell with a list holds items separated by "; "; a participant is
org_id|role|role_label[|home]. A cell starting with = + - @ gets a ' in
front so spreadsheets do not run it as a formula. The export reads one
snapshot of the database, so it may run while the server writes, without
blocking it.`

const exportCommitmentsHelp = `Usage: setu export commitments [--format csv] [--out FILE] [--db DATABASE]

Export commitments writes every commitment of the cooperation ledger as
CSV, with its framework and its status derived today, codes and labels
side by side (status and status_label, layers and layer_labels, domains and
domain_labels), in the form 'setu export projects' uses.`

func runExportLedgerCSV(ctx context.Context, e *env, args []string, what, help string,
	write func(w *csv.Writer, l *ledger.Ledger, v registry.Vocabulary) (int, error)) error {
	fs := e.flagSet("setu export "+what, help)
	db := dbFlag(fs)
	format := fs.String("format", "csv", "csv (the only format)")
	out := fs.String("out", "", "the file to write (default standard output)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	if *format != "csv" {
		return usageError{fs.Name(), "--format: " + *format + ": want csv"}
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n := 0
	run := func(w io.Writer) error {
		n, err = exportLedgerCSV(ctx, st, w, write)
		return err
	}
	if *out == "" || *out == "-" {
		return run(e.stdout)
	}
	if err := writeFileAtomic(*out, run); err != nil {
		return fmt.Errorf("export to %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "%s: %d %s\n", *out, n, what)
	return nil
}

func exportLedgerCSV(ctx context.Context, st *store.Store, w io.Writer, write func(*csv.Writer, *ledger.Ledger, registry.Vocabulary) (int, error)) (int, error) {
	var (
		l *ledger.Ledger
		v registry.Vocabulary
	)
	// The ledger and the vocabulary from one snapshot; the rows are
	// written from memory after it ends.
	err := st.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
		var err error
		if l, err = sn.Ledger(ctx); err != nil {
			return err
		}
		v, err = sn.Vocabulary(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	n, err := write(cw, l, v)
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// cell guards a CSV cell against spreadsheet formulas.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func cells(ss ...string) []string {
	for i, s := range ss {
		ss[i] = cell(s)
	}
	return ss
}

func labels(codes []string, label func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = label(c)
	}
	return strings.Join(out, "; ")
}

var roleLabels = map[ledger.Role]string{ledger.RoleFunding: "Funding", ledger.RoleAccountable: "Accountable", ledger.RoleExtending: "Extending", ledger.RoleImplementing: "Implementing"}

var statusLabels = map[ledger.Status]string{ledger.StatementOnly: "Statement only", ledger.InProgress: "In progress", ledger.Delivered: "Delivered", ledger.Overdue: "Overdue"}

func writeProjectsCSV(w *csv.Writer, l *ledger.Ledger, v registry.Vocabulary) (int, error) {
	if err := w.Write([]string{"id", "title", "reporting_org", "status", "status_label", "countries", "country_names", "layers", "layer_labels",
		"domains", "domain_labels", "participants", "planned_start", "planned_end", "actual_start", "actual_end", "commitments", "parent_id", "sample"}); err != nil {
		return 0, err
	}
	for _, p := range l.Projects {
		parts := make([]string, len(p.Participants))
		for i, pt := range p.Participants {
			parts[i] = pt.OrgID + "|" + strconv.Itoa(int(pt.Role)) + "|" + roleLabels[pt.Role]
			if pt.Home {
				parts[i] += "|home"
			}
		}
		status := p.Status.String()
		if status != "" {
			status = strings.ToUpper(status[:1]) + status[1:]
		}
		if err := w.Write(cells(p.ID, p.Title, p.ReportingOrg, strconv.Itoa(int(p.Status)), status,
			strings.Join(p.Countries, "; "), labels(p.Countries, registry.CountryName),
			strings.Join(p.Layers, "; "), labels(p.Layers, registry.LayerLabel),
			strings.Join(p.Domains, "; "), labels(p.Domains, v.DomainLabel),
			strings.Join(parts, "; "), p.PlannedStart.String(), p.PlannedEnd.String(), p.ActualStart.String(), p.ActualEnd.String(),
			strings.Join(p.Commitments, "; "), p.ParentID, strconv.FormatBool(p.Sample))); err != nil {
			return 0, err
		}
	}
	return len(l.Projects), nil
}

func writeCommitmentsCSV(w *csv.Writer, l *ledger.Ledger, v registry.Vocabulary) (int, error) {
	if err := w.Write([]string{"id", "framework_id", "framework_title", "text", "status", "status_label", "projects",
		"layers", "layer_labels", "domains", "domain_labels", "target", "responsible", "citation", "url"}); err != nil {
		return 0, err
	}
	titles := map[string]string{}
	for _, f := range l.Frameworks {
		titles[f.ID] = f.Title
	}
	sc := l.Scorecard(ledger.DateOf(time.Now().UTC()), nil)
	for i, c := range l.Commitments {
		st := sc.Commitments[i]
		if err := w.Write(cells(c.ID, c.FrameworkID, titles[c.FrameworkID], c.Text, string(st.Status), statusLabels[st.Status],
			strconv.Itoa(st.Progress.Projects),
			strings.Join(c.Layers, "; "), labels(c.Layers, registry.LayerLabel),
			strings.Join(c.Domains, "; "), labels(c.Domains, v.DomainLabel),
			c.Target.String(), c.Responsible.String(), c.Source.Citation, c.Source.URL)); err != nil {
			return 0, err
		}
	}
	return len(l.Commitments), nil
}
