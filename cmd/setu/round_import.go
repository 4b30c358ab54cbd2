package main

import (
	"context"
	"fmt"
	"io"
)

func roundImportCommand() command {
	return command{name: "import", summary: "read ROUND.json into a round before its first run", run: runRoundImport}
}

const roundImportHelp = `Usage: setu round import [--db DATABASE] ROUND_ID FILE

Round import reads FILE, a ROUND.json as 'setu round export' writes it and
'setu match' reads it, into the stored round ROUND_ID, as the API's
POST /api/v1/rounds/{id}/import does: the round must exist and have no run
yet (a round with a run is a conflict: its input is kept as its runs read
it); the file's applicants must be people of the registry and its
positions the round's own, with their seats. Each application and host
ranking is replaced by the file's, each region becomes a country's cap
with its order of positions, and the file's seed replaces the round's.

It is one transaction with its audit entry (actor "cli"): a file with a
problem writes nothing, and the error names the file and every problem
with its JSON path or line. "-" reads standard input. It prints
"FILE: round ROUND_ID: N applications, N host rankings, N caps".`

func runRoundImport(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu round import", roundImportHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{fs.Name(), "want ROUND_ID and FILE"}
	}
	roundID, name := pos[0], pos[1]
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	in, err := e.openInput(name)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(in)
	in.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	sum, err := st.ImportRound(cliContext(ctx), roundID, data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(e.stdout, "%s: round %s: %d applications, %d host rankings, %d caps\n",
		name, roundID, sum.Applications, sum.Rankings, sum.Caps)
	return nil
}
