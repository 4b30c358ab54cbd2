package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/setu-council/setu/internal/store"
)

func roundCommand() command {
	return command{name: "round", summary: "run, export or import a stored placement round", run: runRound}
}

const roundHelp = `Usage: setu round run|export [--db DATABASE] ROUND_ID
       setu round import [--db DATABASE] ROUND_ID FILE

A placement round is kept in the database: its positions, the applicants'
and hosts' rankings and the host countries' caps. The secretariat runs its
match on the web page or with the API; these commands do the same from the
shell. See docs/placement.md.`

func runRound(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu round", roundHelp, []command{roundRunCommand(), roundExportCommand(), roundImportCommand()}, args)
}

func roundRunCommand() command {
	return command{name: "run", summary: "run a round's match and store the run", run: runRoundRun}
}

const roundRunHelp = `Usage: setu round run [--db DATABASE] ROUND_ID

Round run runs the match of a round whose ranking has closed, verifies
it and stores the run (seed, SHA-256 of the canonical ROUND.json, verdict,
every applicant's result and explanation) in one transaction, as the
secretariat's "Run the match" does. It prints the run. A run is never
changed; running again stores another.`

// crashHoldEnv names a file: when set, round run creates it in the middle
// of the run's transaction, after writing the run's rows and before
// committing, and waits there, so that a test can kill the process at
// that point (cmd/setu/crash_test.go).
const crashHoldEnv = "SETU_TEST_HOLD_RUN"

func runRoundRun(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu round run", roundRunHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{fs.Name(), "want one ROUND_ID"}
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = cliContext(ctx)
	if hold := e.getenv(crashHoldEnv); hold != "" {
		ctx = store.WithRunHook(ctx, func() {
			os.WriteFile(hold, []byte("running\n"), 0o644)
			time.Sleep(time.Hour)
		})
	}
	run, err := st.RunRound(ctx, pos[0])
	if err != nil {
		return err
	}
	verdict := "stable"
	if !run.VerdictOK {
		verdict = "FAILED verification"
	}
	fmt.Fprintf(e.stdout, "round %s run %d (%s): %d of %d applicants placed, %d proposals, seed %d, input sha256 %s, %s\n",
		run.RoundID, run.Number, run.ID, run.Assigned, run.Applicants, run.Proposals, run.Seed, run.InputSHA256, verdict)
	if !run.VerdictOK {
		return fmt.Errorf("round %s run %d failed its verification: %s", run.RoundID, run.Number, run.Verdict)
	}
	return nil
}

func roundExportCommand() command {
	return command{name: "export", summary: "write a round as ROUND.json", run: runRoundExport}
}

const roundExportHelp = `Usage: setu round export [--db DATABASE] ROUND_ID

Round export writes a stored round to standard output as ROUND.json, the
input of 'setu match': the applicants' and hosts' rankings, each capped
country as a region with its positions' targets, and the round's seed.
'setu match --in' on it gives the result the round's next run stores.`

func runRoundExport(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu round export", roundExportHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{fs.Name(), "want one ROUND_ID"}
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	data, err := st.ExportRound(ctx, pos[0])
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(data)
	return err
}
