package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

func importCommand() command {
	return command{name: "import", summary: "import organisations from ROR or from a Setu export", run: runImport}
}

const importHelp = `Usage: setu import ror|orgs FILE [FILE...] [--db DATABASE]
       setu import iati FILE [--db DATABASE]

Import reads records from files into the database. Each file is imported in
one transaction: a file with an error writes nothing, and the error names
the file and line. Importing the same file again changes nothing.`

func runImport(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu import", importHelp, []command{importRORCommand(), importOrgsCommand(), importIATICommand()}, args)
}

// importFunc imports the organisations next yields.
type importFunc func(ctx context.Context, next store.ImportSource, progress func(int)) (store.ImportStats, error)

// reader reads organisations from an input and says where the last one
// was.
type reader interface {
	Next() (*registry.Organisation, error)
	Line() int
}

// importFiles imports each file in turn with open and imp, and prints a
// summary line per file. It stops at the first file that fails; the files
// before it stay imported.
func importFiles(ctx context.Context, e *env, files []string, open func(in *input) (reader, error), imp importFunc) error {
	for _, name := range files {
		st, err := importFile(ctx, e, name, open, imp)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", name, st)
	}
	return nil
}

func importFile(ctx context.Context, e *env, name string, open func(in *input) (reader, error), imp importFunc) (store.ImportStats, error) {
	in, err := e.openInput(name)
	if err != nil {
		return store.ImportStats{}, err
	}
	defer in.Close()
	// The audit entry of the import records the SHA-256 of the file.
	sum := sha256.New()
	in.r = io.TeeReader(in.r, sum)
	ctx = store.WithImportDigest(ctx, func() string { return hex.EncodeToString(sum.Sum(nil)) })
	ctx = cliContext(ctx) // the audit trail records the import as "cli"
	rd, err := open(in)
	if err != nil {
		return store.ImportStats{}, err
	}
	return imp(ctx, func() (*registry.Organisation, string, error) {
		o, err := rd.Next()
		return o, fmt.Sprintf("%s:%d", name, rd.Line()), err
	}, nil)
}
