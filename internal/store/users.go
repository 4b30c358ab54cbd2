package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
)

// User is an account: who may sign in, with what role, for which
// organisations or person record.
type User struct {
	ID           string
	Email        string // lower case
	PasswordHash string // argon2id, PHC string format
	Role         auth.Role
	OrgIDs       []string // the organisations a member acts for
	PersonID     string   // an applicant's own person record
	CreatedAt    time.Time
}

// Principal returns the principal a signed-in user acts as; via says how
// they signed in ("session" or "token").
func (u *User) Principal(via string) auth.Principal {
	return auth.Principal{UserID: u.ID, Email: u.Email, Role: u.Role, OrgIDs: u.OrgIDs, PersonID: u.PersonID, Via: via}
}

// NormaliseEmail returns the form in which emails are stored and looked
// up: trimmed and lower case.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func newUserID() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "usr-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

// CreateUser stores a new user with its organisations; u.PasswordHash
// must already be a hash. It sets u.ID. An email already taken is a
// conflict; an unknown organisation or person is invalid.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	const op = "create user"
	u.Email = NormaliseEmail(u.Email)
	if err := checkUser(op, u); err != nil {
		return err
	}
	u.ID = newUserID()
	u.CreatedAt = s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkUserRefs(ctx, tx, op, u); err != nil {
			return err
		}
		now := millis(u.CreatedAt)
		_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO users (id, email, password_hash, role, person_id, created_ms, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), u.ID, u.Email, u.PasswordHash, string(u.Role), nullString(u.PersonID), now, now)
		if isUniqueViolation(err) {
			return &errs.Error{Op: op, Kind: errs.Conflict, Msg: fmt.Sprintf("a user with email %s exists", u.Email)}
		}
		if err != nil {
			return err
		}
		for _, org := range u.OrgIDs {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO user_organisations (user_id, org_id) VALUES (?, ?)`), u.ID, org); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return errs.Wrap("store: "+op, err)
	}
	return nil
}

func checkUser(op string, u *User) error {
	var p errs.Problems
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
		p.Add("email", "%q is not an email address", u.Email)
	}
	if !u.Role.Valid() || u.Role == auth.Public {
		p.Add("role", "%q must be secretariat, member or applicant", u.Role)
	}
	if u.Role == auth.Member && len(u.OrgIDs) == 0 {
		p.Add("organisations", "a member needs at least one organisation")
	}
	if u.Role != auth.Member && len(u.OrgIDs) > 0 {
		p.Add("organisations", "only a member acts for organisations")
	}
	if u.Role != auth.Applicant && u.PersonID != "" {
		p.Add("person", "only an applicant has a person record")
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		p.Add("password", "is not an argon2id hash")
	}
	return p.Err(op)
}

// checkUserRefs checks that u's organisations and person exist.
func (s *Store) checkUserRefs(ctx context.Context, tx *sql.Tx, op string, u *User) error {
	var p errs.Problems
	for _, org := range u.OrgIDs {
		var one int
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT 1 FROM organisations WHERE id = ?`), org).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			p.Add("organisations", "no organisation %q", org)
		} else if err != nil {
			return err
		}
	}
	if u.PersonID != "" {
		var one int
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT 1 FROM people WHERE id = ?`), u.PersonID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			p.Add("person", "no person %q", u.PersonID)
		} else if err != nil {
			return err
		}
	}
	return p.Err(op)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const userColumns = `u.id, u.email, u.password_hash, u.role, u.person_id, u.created_ms`

func scanUser(row interface{ Scan(...any) error }, u *User) error {
	var person sql.NullString
	var created sql.NullInt64
	var role string
	if err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &role, &person, &created); err != nil {
		return err
	}
	u.Role, u.PersonID, u.CreatedAt = auth.Role(role), person.String, fromMillis(created)
	return nil
}

// UserByEmail returns the user with email, with its organisations.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.userWhere(ctx, "u.email = ?", NormaliseEmail(email))
}

// User returns the user with id, with its organisations.
func (s *Store) User(ctx context.Context, id string) (*User, error) {
	return s.userWhere(ctx, "u.id = ?", id)
}

func (s *Store) userWhere(ctx context.Context, where string, arg any) (*User, error) {
	var u User
	err := scanUser(s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+userColumns+` FROM users u WHERE `+where), arg), &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Op: "get user", Kind: errs.NotFound, Msg: "no such user"}
	}
	if err != nil {
		return nil, fmt.Errorf("store: get user: %w", err)
	}
	if u.OrgIDs, err = s.userOrganisations(ctx, s.db, u.ID); err != nil {
		return nil, err
	}
	return &u, nil
}

func (s *Store) userOrganisations(ctx context.Context, q querier, userID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT org_id FROM user_organisations WHERE user_id = ? ORDER BY org_id`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: user organisations: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ListUsers returns every user, by email, with their organisations.
func (s *Store) ListUsers(ctx context.Context) ([]*User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.email`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var users []*User
	byID := map[string]*User{}
	for rows.Next() {
		var u User
		if err := scanUser(rows, &u); err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		users = append(users, &u)
		byID[u.ID] = &u
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	orgs, err := s.db.QueryContext(ctx, `SELECT user_id, org_id FROM user_organisations ORDER BY user_id, org_id`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer orgs.Close()
	for orgs.Next() {
		var uid, org string
		if err := orgs.Scan(&uid, &org); err != nil {
			return nil, err
		}
		if u := byID[uid]; u != nil {
			u.OrgIDs = append(u.OrgIDs, org)
		}
	}
	return users, orgs.Err()
}

// SetPassword replaces a user's password hash and ends all their
// sessions.
func (s *Store) SetPassword(ctx context.Context, userID, hash string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE users SET password_hash = ?, updated_ms = ? WHERE id = ?`), hash, millis(s.now()), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &errs.Error{Kind: errs.NotFound, Msg: "no such user"}
		}
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM sessions WHERE user_id = ?`), userID)
		return err
	})
	return errs.Wrap("store: set password", err)
}

// RecordLoginAttempt records a sign-in attempt for email from address.
// A success clears the account's earlier failures.
func (s *Store) RecordLoginAttempt(ctx context.Context, email, address string, ok bool) error {
	email = NormaliseEmail(email)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := millis(s.now())
		if ok {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM login_attempts WHERE email = ? AND ok = ?`), email, false); err != nil {
				return err
			}
		}
		// Attempts older than a day count for nothing; drop them now and then.
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM login_attempts WHERE at_ms < ?`), now-24*time.Hour.Milliseconds()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO login_attempts (email, address, at_ms, ok) VALUES (?, ?, ?, ?)`), email, address, now, ok)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record login attempt: %w", err)
	}
	return nil
}

// LoginFailures counts the failed sign-in attempts since since for email
// and from address, and returns the time of the oldest counted failure of
// each, from which a caller can tell when the window frees up.
func (s *Store) LoginFailures(ctx context.Context, email, address string, since time.Time) (byEmail, byAddress LoginFailureCount, err error) {
	count := func(col, v string) (LoginFailureCount, error) {
		var c LoginFailureCount
		var oldest sql.NullInt64
		err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*), MIN(at_ms) FROM login_attempts WHERE `+col+` = ? AND ok = ? AND at_ms >= ?`),
			v, false, millis(since)).Scan(&c.N, &oldest)
		c.Oldest = fromMillis(oldest)
		return c, err
	}
	if byEmail, err = count("email", NormaliseEmail(email)); err == nil {
		byAddress, err = count("address", address)
	}
	if err != nil {
		err = fmt.Errorf("store: count login failures: %w", err)
	}
	return byEmail, byAddress, err
}

// LoginFailureCount is how many sign-in attempts failed in a window, and
// when the first of them was.
type LoginFailureCount struct {
	N      int
	Oldest time.Time
}
