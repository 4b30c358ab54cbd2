package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/setu-council/setu/internal/placement"
)

func matchCommand() command {
	return command{name: "match", summary: "run a placement round: stable, within caps, verified, explained", run: runMatch}
}

const matchHelp = `Usage: setu match --in ROUND.json [--out RESULT.json]

Match runs a placement round: applicant-proposing deferred acceptance with
capacities, ties broken by the round's master orders or a lottery from its
seed, and regional caps met by Kamada and Kojima's flexible deferred
acceptance. It verifies the result against the round and writes
RESULT.json: assignments, unassigned applicants, the seed, how ties were
broken, the input's SHA-256, the verdict, explanations for every applicant
and host, and timings. docs/placement.md describes both formats.

--in - reads standard input. With --out the file is written whole or not
at all.

Exit status 2: the round is invalid; every problem is on standard error
with its JSON path (positions[3].prefs[5]: unknown applicant "a9") and no
result is written. Exit status 1: the round could not be read, the result
could not be written, or the result failed its own verification (it is
written, with its verdict).`

func runMatch(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu match", matchHelp)
	inName := fs.String("in", "", "the round to match, ROUND.json (- for standard input)")
	outName := fs.String("out", "", "the file to write RESULT.json to (default standard output)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	if *inName == "" {
		return usageError{fs.Name(), "name the round with --in ROUND.json"}
	}
	in, name := e.stdin, "standard input"
	if *inName != "-" {
		f, err := os.Open(*inName)
		if err != nil {
			return fmt.Errorf("setu match: %w", err)
		}
		defer f.Close()
		in, name = f, *inName
	}

	var code int
	var problems []string
	match := func(w io.Writer) error {
		cw := &countingWriter{w: w}
		code, problems = placement.RunMatch(in, cw)
		if cw.n == 0 && code != placement.ExitOK {
			return errNoResult // nothing written: leave no file
		}
		return nil
	}
	if *outName == "" || *outName == "-" {
		err = match(e.stdout)
	} else {
		err = writeFileAtomic(*outName, match)
	}
	switch {
	case code == placement.ExitInvalid:
		for _, p := range problems {
			fmt.Fprintln(e.stderr, p)
		}
		return usageError{fs.Name(), fmt.Sprintf("%s: %d problems; no result written", name, len(problems))}
	case code != placement.ExitOK:
		for _, p := range problems[min(1, len(problems)):] {
			fmt.Fprintln(e.stderr, p)
		}
		msg := "failed"
		if len(problems) > 0 {
			msg = problems[0]
		}
		return fmt.Errorf("setu match: %s: %s", name, msg)
	case err != nil:
		return fmt.Errorf("setu match: write %s: %w", *outName, err)
	}
	return nil
}

var errNoResult = errors.New("no result")

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
