package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/setu-council/setu/internal/store"
)

// flagSet is a command's flags and its help.
type flagSet struct {
	*flag.FlagSet
	e    *env
	help string
}

// flagSet returns an empty flag set for command cmd ("setu serve") whose
// help is help followed by the flags.
func (e *env) flagSet(cmd, help string) *flagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parse prints help for -h; errors say where to find it
	return &flagSet{FlagSet: fs, e: e, help: help}
}

// printHelp prints the help and the flags to standard output.
func (fs *flagSet) printHelp() {
	w := fs.e.stdout
	fmt.Fprintln(w, fs.help)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// parse parses args, allowing flags after the positional arguments
// ("setu import ror a.jsonl --db x.db"); "--" ends the flags. It returns
// the positional arguments, errHelpShown after printing help for -h, or a
// usageError.
func (fs *flagSet) parse(args []string) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if err == flag.ErrHelp {
			fs.printHelp()
			return nil, errHelpShown
		}
		if err != nil {
			return nil, usageError{fs.Name(), err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// dbFlag defines --db on fs. Its value, resolved by database, is the flag's
// if given, else $SETU_DB, else setu.db. The default is applied after
// parsing so that help never prints a password from the environment.
func dbFlag(fs *flagSet) *string {
	return fs.String("db", "", "the database: a SQLite file path or a postgres:// URL (default $SETU_DB, else setu.db)")
}

// database resolves the --db flag's value.
func (e *env) database(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := e.getenv("SETU_DB"); v != "" {
		return v
	}
	return "setu.db"
}

// openStore opens the database, applying its migrations.
func (e *env) openStore(ctx context.Context, flagValue string) (*store.Store, error) {
	dsn := e.database(flagValue)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), err)
	}
	return st, nil
}

// redact hides the password of a postgres:// URL.
func redact(dsn string) string {
	if !store.IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}

// noArgs returns a usageError if there are positional arguments.
func noArgs(fs *flagSet, pos []string) error {
	if len(pos) > 0 {
		return usageError{fs.Name(), "unexpected argument " + strings.Join(pos, " ")}
	}
	return nil
}
