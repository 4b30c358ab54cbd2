package web

import (
	"context"
	"sync"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery staple"

// testPasswordHash is testPassword's argon2id hash, made once: hashing is
// slow on purpose.
var testPasswordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// newTestUser stores a user with testPassword.
func newTestUser(tb testing.TB, st *store.Store, email string, role auth.Role, orgs []string, person string) *store.User {
	tb.Helper()
	u := &store.User{Email: email, PasswordHash: testPasswordHash(), Role: role, OrgIDs: orgs, PersonID: person}
	if err := st.CreateUser(context.Background(), u); err != nil {
		tb.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// newTestToken stores a user and an API token with the user's role, and
// returns the token.
func newTestToken(tb testing.TB, st *store.Store, email string, role auth.Role, orgs []string, person string) string {
	tb.Helper()
	u := newTestUser(tb, st, email, role, orgs, person)
	return newTokenFor(tb, st, u, role, "")
}

// newTokenFor stores an API token for u with role and organisation.
func newTokenFor(tb testing.TB, st *store.Store, u *store.User, role auth.Role, org string) string {
	tb.Helper()
	secret := auth.NewAPIToken()
	t := &store.APIToken{UserID: u.ID, Name: "test", TokenHash: auth.HashToken(secret), Role: role, OrgID: org}
	if err := st.CreateAPIToken(context.Background(), t); err != nil {
		tb.Fatalf("create token: %v", err)
	}
	return secret
}
