package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// testClock is a clock a test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// passwordHash is one argon2id hash, made once: hashing is slow on purpose.
var passwordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword("correct horse battery staple")
	if err != nil {
		panic(err)
	}
	return h
})

// accountsFixture stores an organisation and a person for users to refer to.
func accountsFixture(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	if err := s.CreateOrganisation(ctx, &registry.Organisation{ID: "org-a", Name: "Org A", Kind: "startup", Country: "IN"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePerson(ctx, &registry.Person{ID: "per-a", Name: "Person A", HomeCountry: "IN"}); err != nil {
		t.Fatal(err)
	}
}

func TestUsers(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		accountsFixture(t, s)
		member := &store.User{Email: " Mira@Example.org ", PasswordHash: passwordHash(), Role: auth.Member, OrgIDs: []string{"org-a"}}
		if err := s.CreateUser(ctx, member); err != nil {
			t.Fatalf("create member: %v", err)
		}
		applicant := &store.User{Email: "ana@example.org", PasswordHash: passwordHash(), Role: auth.Applicant, PersonID: "per-a"}
		if err := s.CreateUser(ctx, applicant); err != nil {
			t.Fatalf("create applicant: %v", err)
		}
		got, err := s.UserByEmail(ctx, "MIRA@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != member.ID || got.Email != "mira@example.org" || got.Role != auth.Member || !slices.Equal(got.OrgIDs, []string{"org-a"}) {
			t.Errorf("got %+v, want the member with org-a", got)
		}
		if got, _ := s.User(ctx, applicant.ID); got == nil || got.PersonID != "per-a" {
			t.Errorf("got applicant %+v, want person per-a", got)
		}
		users, err := s.ListUsers(ctx)
		if err != nil || len(users) != 2 || users[0].Email != "ana@example.org" || len(users[1].OrgIDs) != 1 {
			t.Errorf("list users: got %d users (%v), want ana then mira with one organisation", len(users), err)
		}

		cases := []struct {
			name  string
			u     store.User
			kind  errs.Kind
			field string
		}{
			{"taken email", store.User{Email: "mira@example.org", PasswordHash: passwordHash(), Role: auth.Secretariat}, errs.Conflict, ""},
			{"bad email", store.User{Email: "not an email", PasswordHash: passwordHash(), Role: auth.Secretariat}, errs.Invalid, "email"},
			{"public role", store.User{Email: "p@example.org", PasswordHash: passwordHash(), Role: auth.Public}, errs.Invalid, "role"},
			{"member without organisation", store.User{Email: "m@example.org", PasswordHash: passwordHash(), Role: auth.Member}, errs.Invalid, "organisations"},
			{"unknown organisation", store.User{Email: "m@example.org", PasswordHash: passwordHash(), Role: auth.Member, OrgIDs: []string{"org-x"}}, errs.Invalid, "organisations"},
			{"plain password", store.User{Email: "m@example.org", PasswordHash: "hunter2", Role: auth.Secretariat}, errs.Invalid, "password"},
		}
		for _, tc := range cases {
			err := s.CreateUser(ctx, &tc.u)
			if k := errs.KindOf(err); k != tc.kind {
				t.Errorf("%s: got kind %v (%v), want %v", tc.name, k, err, tc.kind)
				continue
			}
			if tc.field != "" {
				if f := errs.FieldsOf(err); len(f) == 0 || f[0].Field != tc.field {
					t.Errorf("%s: got fields %v, want %s", tc.name, f, tc.field)
				}
			}
		}
		if _, err := s.UserByEmail(ctx, "nobody@example.org"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown email: got %v, want not found", err)
		}
	})
}

func TestSessions(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		s.SetClock(clock.now)
		u := &store.User{Email: "sec@example.org", PasswordHash: passwordHash(), Role: auth.Secretariat}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		hash := auth.HashToken(auth.NewSessionToken())
		if _, err := s.CreateSession(ctx, hash, u.ID); err != nil {
			t.Fatal(err)
		}
		// Requests every 50 minutes keep it alive until its absolute end.
		for i := 0; i < 15; i++ {
			_, got, err := s.SessionUser(ctx, hash)
			if err != nil {
				t.Fatalf("after %d×50 min: %v", i, err)
			}
			if got.ID != u.ID {
				t.Fatalf("got user %s, want %s", got.ID, u.ID)
			}
			clock.add(50 * time.Minute)
		}
		if _, _, err := s.SessionUser(ctx, hash); !errs.Is(err, errs.Unauthorised) {
			t.Errorf("past the lifetime: got %v, want unauthorised", err)
		}

		idle := auth.HashToken(auth.NewSessionToken())
		s.CreateSession(ctx, idle, u.ID)
		clock.add(auth.SessionIdle + time.Second)
		if _, _, err := s.SessionUser(ctx, idle); !errs.Is(err, errs.Unauthorised) {
			t.Errorf("idle: got %v, want unauthorised", err)
		}

		out := auth.HashToken(auth.NewSessionToken())
		s.CreateSession(ctx, out, u.ID)
		if err := s.DeleteSession(ctx, out); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, out); !errs.Is(err, errs.Unauthorised) {
			t.Errorf("after logout: got %v, want unauthorised", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		accountsFixture(t, s)
		clock := &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		s.SetClock(clock.now)
		u := &store.User{Email: "m@example.org", PasswordHash: passwordHash(), Role: auth.Member, OrgIDs: []string{"org-a"}}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		secret := auth.NewAPIToken()
		tok := &store.APIToken{UserID: u.ID, Name: "nightly", TokenHash: auth.HashToken(secret), Role: auth.Member, OrgID: "org-a"}
		if err := s.CreateAPIToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		clock.add(time.Hour)
		got, owner, err := s.APITokenUser(ctx, auth.HashToken(secret))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != tok.ID || owner.ID != u.ID || got.OrgID != "org-a" || !got.LastUsed.Equal(clock.now()) {
			t.Errorf("got token %+v owner %s, want %s used at %v", got, owner.ID, tok.ID, clock.now())
		}
		list, err := s.APITokens(ctx, u.ID)
		if err != nil || len(list) != 1 || list[0].LastUsed.IsZero() || list[0].TokenHash != auth.HashToken(secret) {
			t.Errorf("list: got %v (%v), want the one token, used", list, err)
		}
		if err := s.RevokeAPIToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.APITokenUser(ctx, auth.HashToken(secret)); !errs.Is(err, errs.Unauthorised) {
			t.Errorf("revoked: got %v, want unauthorised", err)
		}
		if err := s.RevokeAPIToken(ctx, "tok-none"); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoke unknown: got %v, want not found", err)
		}
	})
}

func TestLoginFailures(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		s.SetClock(clock.now)
		for i := 0; i < 3; i++ {
			s.RecordLoginAttempt(ctx, "A@example.org", "192.0.2.1", false)
			clock.add(time.Minute)
		}
		s.RecordLoginAttempt(ctx, "b@example.org", "192.0.2.1", false)
		byEmail, byAddr, err := s.LoginFailures(ctx, "a@example.org", "192.0.2.1", clock.now().Add(-15*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if byEmail.N != 3 || byAddr.N != 4 {
			t.Errorf("got %d by email and %d by address, want 3 and 4", byEmail.N, byAddr.N)
		}
		if want := clock.now().Add(-3 * time.Minute); !byEmail.Oldest.Equal(want) {
			t.Errorf("got oldest %v, want %v", byEmail.Oldest, want)
		}
		s.RecordLoginAttempt(ctx, "a@example.org", "192.0.2.9", true)
		byEmail, _, _ = s.LoginFailures(ctx, "a@example.org", "192.0.2.1", clock.now().Add(-15*time.Minute))
		if byEmail.N != 0 {
			t.Errorf("after a success: got %d failures by email, want 0", byEmail.N)
		}
		clock.add(16 * time.Minute)
		_, byAddr, _ = s.LoginFailures(ctx, "a@example.org", "192.0.2.1", clock.now().Add(-15*time.Minute))
		if byAddr.N != 0 {
			t.Errorf("after the window: got %d by address, want 0", byAddr.N)
		}
	})
}
