// Command setu runs Setu, the open registry of the council's AI ecosystem:
// it serves the web application and API, and imports and exports records.
// Run "setu help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// env is what a command may use of the world outside the program: main
// passes the process's, tests their own buffers and variables.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand. run parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands returns the table of subcommands, in the order help lists them.
func commands() []command {
	return []command{
		serveCommand(),
		importCommand(),
		exportCommand(),
		auditCommand(),
		backupCommand(),
		restoreCommand(),
		userCommand(),
		tokenCommand(),
		matchCommand(),
		roundCommand(),
		deskCommand(),
		helpCommand(),
	}
}

// run runs the program with args (without the program name) and returns
// its exit status: 0 for success, 1 for failure, 2 for a usage error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	err := dispatch(ctx, e, "setu", mainHelp, commands(), args)
	var ue usageError
	switch {
	case err == nil, errors.Is(err, errHelpShown):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s\nRun '%s -h' for help.\n", ue, ue.cmd)
		return 2
	default:
		// Errors are printed as they are, so that one about an input
		// starts with its FILE:LINE.
		fmt.Fprintln(stderr, err)
		return 1
	}
}

const mainHelp = `Setu keeps the registry of the council's AI ecosystem: organisations,
people and what they offer and need.

Usage: setu COMMAND [ARGUMENTS]

Every command takes the database as --db or the environment variable
SETU_DB: a SQLite file path or a postgres:// URL; the flag wins, and the
default is setu.db in the working folder.`

// dispatch runs the command of cmds that args[0] names. group names the
// caller, for messages.
func dispatch(ctx context.Context, e *env, group, help string, cmds []command, args []string) error {
	if len(args) == 0 {
		return usageError{group, "missing command; one of: " + commandNames(cmds)}
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printGroupHelp(e.stdout, group, help, cmds)
		return errHelpShown
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return usageError{group, fmt.Sprintf("unknown command %q; one of: %s", args[0], commandNames(cmds))}
}

func printGroupHelp(w io.Writer, group, help string, cmds []command) {
	fmt.Fprintf(w, "%s\n\nCommands:\n", help)
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun '%s COMMAND -h' for a command's help.\n", group)
}

func commandNames(cmds []command) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct {
	cmd string // e.g. "setu import ror"
	msg string
}

func (u usageError) Error() string { return u.cmd + ": " + u.msg }

// errHelpShown reports that help was asked for and printed.
var errHelpShown = errors.New("help shown")
