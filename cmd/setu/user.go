package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
)

func userCommand() command {
	return command{name: "user", summary: "add and list user accounts", run: runUser}
}

const userHelp = `Usage: setu user add|list [FLAGS]

User manages the accounts that may sign in. "setu user add" creates the
first administrator (--role secretariat); there is no default password.`

func runUser(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu user", userHelp, []command{
		{name: "add", summary: "add a user", run: runUserAdd},
		{name: "list", summary: "list the users", run: runUserList},
	}, args)
}

// cliContext is the context of a command run from the command line: it
// acts as the secretariat, and the audit trail records it as "cli".
func cliContext(ctx context.Context) context.Context {
	return auth.WithPrincipal(ctx, auth.Principal{Role: auth.Secretariat, Via: "cli"})
}

// stringsFlag is a flag that may be given more than once.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

const userAddHelp = `Usage: setu user add --email EMAIL --role ROLE [--org ID]... [--person ID] [--password-file FILE] [--db DATABASE]

Add creates a user. ROLE is secretariat, member (give each organisation
with --org) or applicant (give the person record with --person).

The password (at least 12 characters) is asked for twice when standard
input is a terminal; otherwise the first line of standard input is read,
or of FILE with --password-file.`

func runUserAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu user add", userAddHelp)
	db := dbFlag(fs)
	email := fs.String("email", "", "the user's email")
	role := fs.String("role", "", "secretariat, member or applicant")
	var orgs stringsFlag
	fs.Var(&orgs, "org", "an organisation a member acts for (repeatable)")
	person := fs.String("person", "", "an applicant's person record")
	pwFile := fs.String("password-file", "", "read the password from the first line of this file")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usageError{fs.Name(), "--email and --role are required"}
	}
	pw, err := e.readPassword(*pwFile)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword(pw); err != nil {
		return fmt.Errorf("password: %w", err)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u := &store.User{Email: *email, PasswordHash: hash, Role: auth.Role(*role), OrgIDs: orgs, PersonID: *person}
	if err := st.CreateUser(cliContext(ctx), u); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %s (%s) as %s\n", u.Email, u.ID, u.Role)
	return nil
}

// readPassword reads a new password: from file if it is not empty, else
// twice from the terminal without echo, else the first line of standard
// input.
func (e *env) readPassword(file string) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", err
		}
		defer f.Close()
		return firstLine(f)
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), nil
	}
	return firstLine(e.stdin)
}

func firstLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password given (type it on a terminal, pipe it to standard input, or use --password-file)")
	}
	return line, nil
}

const userListHelp = `Usage: setu user list [--db DATABASE]

List prints every user: email, role, organisations or person record.`

func runUserList(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu user list", userListHelp)
	db := dbFlag(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, pos); err != nil {
		return err
	}
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.ListUsers(cliContext(ctx))
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tROLE\tORGANISATIONS\tPERSON\tID")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Role, dash(strings.Join(u.OrgIDs, ",")), dash(u.PersonID), u.ID)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
