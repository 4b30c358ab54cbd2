package main

import (
	"context"

	"github.com/setu-council/setu/internal/orgfile"
)

func importOrgsCommand() command {
	return command{name: "orgs", summary: "restore organisations from 'setu export orgs' (JSON Lines or CSV)", run: runImportOrgs}
}

const importOrgsHelp = `Usage: setu import orgs FILE [FILE...] [--db DATABASE]

Import orgs restores organisations from files that 'setu export orgs'
wrote, as JSON Lines or CSV (told by the extension: .jsonl, .ndjson, .json
or .csv, optionally .gz; otherwise by the content). A record matches the
stored organisation with its id or one of its external ids, which it
updates if it differs; others are created with the id they carry. The
records keep their creation and update times, so exporting the restored
database gives the same file again. Each file is one transaction; an
invalid record aborts it with "FILE:LINE: what is wrong", exit status 1,
and writes nothing of that file. "-" reads standard input.

A kind or domain that the database does not know is an error; add it
first. It prints "FILE: created N, updated N, unchanged N" for each file.`

func runImportOrgs(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu import orgs", importOrgsHelp)
	db := dbFlag(fs)
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{fs.Name(), "name at least one FILE"}
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	return importFiles(ctx, e, files, func(in *input) (reader, error) {
		return orgfile.NewReader(in, in.name)
	}, st.RestoreOrganisations)
}
