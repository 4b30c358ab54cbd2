package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
)

// APIToken is a token for scripts, as stored: never the token itself,
// only its SHA-256.
type APIToken struct {
	ID        string
	UserID    string
	Name      string // what the owner calls it, e.g. "nightly import"
	TokenHash string
	Role      auth.Role
	OrgID     string // "" unless limited to one organisation
	CreatedAt time.Time
	LastUsed  time.Time // zero if never used
	RevokedAt time.Time // zero if live
}

// Revoked reports whether the token has been revoked.
func (t *APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// apiTokenTouchEvery is how stale a token's last-used time may get before
// a request writes it again.
const apiTokenTouchEvery = time.Minute

func newTokenID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "tok-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// CreateAPIToken stores t (its hash, owner, name, role and organisation)
// and sets its ID and creation time. The caller checks the scope
// (auth.CheckTokenScope) first.
func (s *Store) CreateAPIToken(ctx context.Context, t *APIToken) error {
	const op = "create token"
	var p errs.Problems
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len(t.Name) > 100 {
		p.Add("name", "must be 1-100 characters")
	}
	if len(t.TokenHash) != 64 {
		p.Add("token", "is not a SHA-256 hash")
	}
	if err := p.Err(op); err != nil {
		return err
	}
	t.ID, t.CreatedAt = newTokenID(), s.now()
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`INSERT INTO api_tokens (id, user_id, name, token_hash, role, org_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		t.ID, t.UserID, t.Name, t.TokenHash, string(t.Role), nullString(t.OrgID), millis(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return nil
}

const tokenColumns = `t.id, t.user_id, t.name, t.token_hash, t.role, t.org_id, t.created_ms, t.last_used_ms, t.revoked_ms`

func scanToken(row interface{ Scan(...any) error }, t *APIToken) error {
	var role string
	var org sql.NullString
	var created, used, revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.TokenHash, &role, &org, &created, &used, &revoked); err != nil {
		return err
	}
	t.Role, t.OrgID = auth.Role(role), org.String
	t.CreatedAt, t.LastUsed, t.RevokedAt = fromMillis(created), fromMillis(used), fromMillis(revoked)
	return nil
}

// APITokenUser returns the live token stored under tokenHash and its
// owner, and records now as its last use. An unknown or revoked token is
// an Unauthorised error.
func (s *Store) APITokenUser(ctx context.Context, tokenHash string) (*APIToken, *User, error) {
	var t APIToken
	err := scanToken(s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+tokenColumns+` FROM api_tokens t WHERE t.token_hash = ?`), tokenHash), &t)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && t.Revoked()) {
		return nil, nil, errs.E("api token", errs.Unauthorised, "the API token is unknown or revoked")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: api token: %w", err)
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if now.Sub(t.LastUsed) >= apiTokenTouchEvery {
		if _, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE api_tokens SET last_used_ms = ? WHERE id = ?`), millis(now), t.ID); err != nil {
			return nil, nil, fmt.Errorf("store: touch api token: %w", err)
		}
		t.LastUsed = now
	}
	return &t, u, nil
}

// APITokens returns a user's tokens, live and revoked, newest first.
func (s *Store) APITokens(ctx context.Context, userID string) ([]*APIToken, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = ? ORDER BY t.created_ms DESC, t.id`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: list api tokens: %w", err)
	}
	defer rows.Close()
	var ts []*APIToken
	for rows.Next() {
		var t APIToken
		if err := scanToken(rows, &t); err != nil {
			return nil, fmt.Errorf("store: list api tokens: %w", err)
		}
		ts = append(ts, &t)
	}
	return ts, rows.Err()
}

// APIToken returns the token with id.
func (s *Store) APIToken(ctx context.Context, id string) (*APIToken, error) {
	var t APIToken
	err := scanToken(s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+tokenColumns+` FROM api_tokens t WHERE t.id = ?`), id), &t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Op: "get token", Kind: errs.NotFound, Msg: fmt.Sprintf("no token %q", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("store: get token: %w", err)
	}
	return &t, nil
}

// RevokeAPIToken revokes the token with id. Revoking a revoked token
// changes nothing.
func (s *Store) RevokeAPIToken(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE api_tokens SET revoked_ms = COALESCE(revoked_ms, ?) WHERE id = ?`), millis(s.now()), id)
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &errs.Error{Op: "revoke token", Kind: errs.NotFound, Msg: fmt.Sprintf("no token %q", id)}
	}
	return nil
}
