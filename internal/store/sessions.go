package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
)

// Session is a signed-in browser: the hash of its cookie's token, whose
// user, and when it ends.
type Session struct {
	TokenHash string
	UserID    string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time // the absolute end; the idle end is LastSeen + auth.SessionIdle
}

// sessionTouchEvery is how stale a session's last-seen time may get
// before a request writes it again: not every request need write.
const sessionTouchEvery = time.Minute

// CreateSession starts a session for userID under tokenHash (the hash of
// the cookie's token, never the token), ending at the latest
// auth.SessionLifetime from now.
func (s *Store) CreateSession(ctx context.Context, tokenHash, userID string) (*Session, error) {
	now := s.now()
	ss := &Session{TokenHash: tokenHash, UserID: userID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(auth.SessionLifetime)}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Expired sessions are cleared as new ones start.
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM sessions WHERE expires_ms < ? OR last_seen_ms < ?`),
			millis(now), millis(now.Add(-auth.SessionIdle))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO sessions (token_hash, user_id, created_ms, last_seen_ms, expires_ms) VALUES (?, ?, ?, ?, ?)`),
			tokenHash, userID, millis(now), millis(now), millis(ss.ExpiresAt))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create session: %w", err)
	}
	return ss, nil
}

// SessionUser returns the session stored under tokenHash and its user,
// and records the request as the session's latest. A session that is
// unknown, past its end or idle too long is an Unauthorised error (and an
// ended one is deleted).
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (*Session, *User, error) {
	const op = "session"
	var ss Session
	var created, seen, expires sql.NullInt64
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT token_hash, user_id, created_ms, last_seen_ms, expires_ms FROM sessions WHERE token_hash = ?`), tokenHash).
		Scan(&ss.TokenHash, &ss.UserID, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.E(op, errs.Unauthorised, "your session has ended; sign in again")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", err)
	}
	ss.CreatedAt, ss.LastSeen, ss.ExpiresAt = fromMillis(created), fromMillis(seen), fromMillis(expires)
	now := s.now()
	if !now.Before(ss.ExpiresAt) || !now.Before(ss.LastSeen.Add(auth.SessionIdle)) {
		if err := s.DeleteSession(ctx, tokenHash); err != nil {
			return nil, nil, err
		}
		return nil, nil, errs.E(op, errs.Unauthorised, "your session has ended; sign in again")
	}
	u, err := s.User(ctx, ss.UserID)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(ss.LastSeen) >= sessionTouchEvery {
		if _, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?`), millis(now), tokenHash); err != nil {
			return nil, nil, fmt.Errorf("store: touch session: %w", err)
		}
		ss.LastSeen = now
	}
	return &ss, u, nil
}

// DeleteSession ends the session stored under tokenHash; ending one that
// does not exist is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, s.dialect.rebind(`DELETE FROM sessions WHERE token_hash = ?`), tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// SetClock makes the store read the time from now, so tests can move
// past a session's end; production code leaves the wall clock in place.
func (s *Store) SetClock(now func() time.Time) { s.now = now }
