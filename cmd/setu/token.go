package main

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
)

func tokenCommand() command {
	return command{name: "token", summary: "create API tokens for scripts", run: runToken}
}

const tokenHelp = `Usage: setu token create --email EMAIL --role ROLE [--org ID] [--name NAME] [--db DATABASE]

Token creates an API token for a user's scripts and prints it once; Setu
keeps only its hash. Scripts send it as "Authorization: Bearer setu_...".
ROLE is the user's own role; the secretariat may also make a member token
for one organisation (--org). A member's token may be limited to one of
its organisations with --org. Revoke tokens on the account page.`

func runToken(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "setu token", tokenHelp, []command{
		{name: "create", summary: "create a token and print it once", run: runTokenCreate},
	}, args)
}

func runTokenCreate(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("setu token create", tokenHelp)
	db := dbFlag(fs)
	email := fs.String("email", "", "the token's owner")
	role := fs.String("role", "", "the token's role")
	org := fs.String("org", "", "limit the token to this organisation")
	name := fs.String("name", "cli", "what to call the token")
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
	st, err := e.openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = cliContext(ctx)
	u, err := st.UserByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("no user %s", *email)
	}
	if err := auth.CheckTokenScope(u.Principal("cli"), auth.Role(*role), *org); err != nil {
		return err
	}
	if *org != "" {
		if _, err := st.Organisation(ctx, *org); err != nil {
			return err
		}
	}
	secret := auth.NewAPIToken()
	t := &store.APIToken{UserID: u.ID, Name: *name, TokenHash: auth.HashToken(secret), Role: auth.Role(*role), OrgID: *org}
	if err := st.CreateAPIToken(ctx, t); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "token %s for %s (%s%s); it is shown only now:\n", t.ID, u.Email, t.Role, orgSuffix(t.OrgID))
	fmt.Fprintln(e.stdout, secret)
	return nil
}

func orgSuffix(org string) string {
	if org == "" {
		return ""
	}
	return ", " + org
}
