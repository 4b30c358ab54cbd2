package main

import (
	"context"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/ror"
)

func importRORCommand() command {
	return command{name: "ror", summary: "import ROR records (compact JSON Lines or a v2 JSON dump)", run: runImportROR}
}

const importRORHelp = `Usage: setu import ror FILE [FILE...] [--db DATABASE]

Import ror reads Research Organization Registry records from each FILE, in
Setu's compact JSON Lines (as in data/ror) or an official ROR schema v2
JSON dump, plain or gzip-compressed, and imports them as organisations.
A record matches the stored organisation with its ROR id, which it updates
if it differs; others are created. Each file is one transaction; a
malformed record aborts it with "FILE:LINE: what is wrong" and exit status
1, and writes nothing of that file. "-" reads standard input.

It prints "FILE: created N, updated N, unchanged N" for each file, and a
progress bar while it reads when standard output is a terminal.`

func runImportROR(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu import ror", importRORHelp)
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
	return importFiles(ctx, e, files, openROR, st.ImportOrganisations)
}

// rorReader maps ROR records to organisations as it reads them.
type rorReader struct{ *ror.Reader }

func (r rorReader) Next() (*registry.Organisation, error) {
	rec, err := r.Reader.Next()
	if err != nil {
		return nil, err
	}
	return rec.Organisation(), nil
}

func openROR(in *input) (reader, error) {
	rd, err := ror.NewReader(in, in.name)
	if err != nil {
		return nil, err
	}
	return rorReader{rd}, nil
}
