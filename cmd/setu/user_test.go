package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
)

// setuIn runs the program with stdin as its standard input.
func setuIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return result{code, out.String(), errb.String()}
}

func TestUserAddListAndToken(t *testing.T) {
	db := tempDB(t)
	if r := setuIn(t, "correct horse battery staple\n", "user", "add", "--db", db, "--email", "Admin@Example.org", "--role", "secretariat"); r.code != 0 {
		t.Fatalf("user add: exit %d\n%s", r.code, r.stderr)
	}
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("another long password\n"), 0o600)
	mustSetu(t, nil, "user", "add", "--db", db, "--email", "c@example.org", "--role", "secretariat", "--password-file", pwFile)

	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"no password", "", []string{"--email", "x@example.org", "--role", "secretariat"}, "no password given"},
		{"short password", "short\n", []string{"--email", "x@example.org", "--role", "secretariat"}, "at least 12"},
		{"taken email", "correct horse battery staple\n", []string{"--email", "admin@example.org", "--role", "secretariat"}, "exists"},
		{"bad role", "correct horse battery staple\n", []string{"--email", "x@example.org", "--role", "root"}, "role"},
	} {
		r := setuIn(t, tc.stdin, append([]string{"user", "add", "--db", db}, tc.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: got exit %d, stderr %q; want failure mentioning %q", tc.name, r.code, r.stderr, tc.want)
		}
	}

	list := mustSetu(t, nil, "user", "list", "--db", db)
	if !strings.Contains(list.stdout, "admin@example.org") || !strings.Contains(list.stdout, "secretariat") {
		t.Errorf("user list: got\n%s", list.stdout)
	}

	tok := mustSetu(t, nil, "token", "create", "--db", db, "--email", "admin@example.org", "--role", "secretariat")
	secret := strings.TrimSpace(tok.stdout)
	if !auth.IsAPIToken(secret) {
		t.Fatalf("token create: got %q, want a setu_ token", tok.stdout)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(context.Background(), "admin@example.org")
	if err != nil || auth.VerifyPassword(u.PasswordHash, "correct horse battery staple") != nil {
		t.Fatalf("stored admin: %v", err)
	}
	if _, owner, err := st.APITokenUser(context.Background(), auth.HashToken(secret)); err != nil || owner.ID != u.ID {
		t.Errorf("stored token: got %v, want the admin's", err)
	}
	if r := setu(t, nil, "token", "create", "--db", db, "--email", "admin@example.org", "--role", "member"); r.code == 0 {
		t.Errorf("member token without organisation: got exit 0")
	}
}
