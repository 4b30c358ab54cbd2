package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/setu-council/setu/internal/orgfile"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

func exportOrgsCommand() command {
	return command{name: "orgs", summary: "export every organisation", run: runExportOrgs}
}

const exportOrgsHelp = `Usage: setu export orgs [--format jsonl|csv] [--out FILE] [--db DATABASE]

Export orgs writes every organisation, in id order, to FILE or standard
output. 'setu import orgs' reads either format back to the same records.

jsonl: one JSON object per line with every field of the record, as the
API returns it.

csv: UTF-8 with a byte order mark, a header row, and one row per
organisation. Codes come with their labels for reading (kind and
kind_label, country and country_name, layers and layer_labels, domains and
domain_labels); import reads the codes and ignores the labels. A cell with
a list holds items separated by "; " and, within an item, fields separated
by "|"; a backslash makes the next character literal (\; \| \\):
  other_names    value|type[|lang]          東京大学|label|ja; UT|acronym
  external_ids   scheme|value               ror|057zh3y96
  capabilities   direction|layer|domain|text
  relationships  type|scheme|value[|target id|target name]
Times are RFC 3339 in UTC. A cell starting with = + - @ or ' gets a ' in
front so spreadsheets do not run it as a formula; import removes it.

The format is --format, else told by the extension of --out, else jsonl.
With --out the file is written whole or not at all. The export reads one
snapshot of the database, so it may run while the server writes, without
blocking it.`

func runExportOrgs(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu export orgs", exportOrgsHelp)
	db := dbFlag(fs)
	format := fs.String("format", "", "jsonl or csv (default: from the extension of --out, else jsonl)")
	out := fs.String("out", "", "the file to write (default standard output)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	f := orgfile.FormatOfName(*out)
	if *format != "" {
		if f, err = orgfile.ParseFormat(*format); err != nil {
			return usageError{fs.Name(), "--format: " + err.Error()}
		}
	}
	if f == "" {
		f = orgfile.JSONL
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n := 0
	// One snapshot for the vocabulary and every organisation, so the file
	// is the registry of one moment while the server goes on writing.
	write := func(w io.Writer) error {
		return st.ReadSnapshot(ctx, func(sn *store.Snapshot) error {
			v, err := sn.Vocabulary(ctx)
			if err != nil {
				return err
			}
			ow, err := orgfile.NewWriter(w, f, v)
			if err != nil {
				return err
			}
			if err := sn.EachOrganisation(ctx, func(o *registry.Organisation) error { n++; return ow.Write(o) }); err != nil {
				return err
			}
			return ow.Close()
		})
	}
	if *out == "" || *out == "-" {
		return write(e.stdout)
	}
	if err := writeFileAtomic(*out, write); err != nil {
		return fmt.Errorf("export to %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "%s: %d organisations\n", *out, n)
	return nil
}

// writeFileAtomic writes name through a temporary file in the same
// folder, renamed into place only when write succeeds.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
