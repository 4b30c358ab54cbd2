package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// Session lifetimes: a session ends SessionLifetime after sign-in, or
// after SessionIdle without a request, whichever comes first.
const (
	SessionLifetime = 12 * time.Hour
	SessionIdle     = 1 * time.Hour
)

// APITokenPrefix starts every API token, so a leaked one is easy to
// recognise (and to scan for) and easy to tell from a session token.
const APITokenPrefix = "setu_"

// newSecret returns 256 random bits, base64url without padding.
func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewSessionToken returns a fresh session token: 256 random bits. Only
// its hash (HashToken) is stored.
func NewSessionToken() string { return newSecret() }

// NewAPIToken returns a fresh API token, "setu_" and 256 random bits. It
// is shown once; only its hash is stored.
func NewAPIToken() string { return APITokenPrefix + newSecret() }

// IsAPIToken reports whether s looks like an API token.
func IsAPIToken(s string) bool {
	return strings.HasPrefix(s, APITokenPrefix) && len(s) == len(APITokenPrefix)+43
}

// HashToken returns the hex SHA-256 of a session or API token, the form
// in which the database keeps it. The tokens carry 256 random bits, so a
// fast unsalted hash is enough: there is nothing to guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CSRFToken returns the anti-forgery token bound to a cookie secret (the
// session token, or the pre-session token before sign-in): an HMAC of a
// fixed label keyed with the secret. A page on another site cannot read
// the cookie, so it cannot compute the token.
func CSRFToken(cookieSecret string) string {
	m := hmac.New(sha256.New, []byte(cookieSecret))
	m.Write([]byte("setu csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF reports, in constant time, whether got is the anti-forgery
// token for cookieSecret.
func CheckCSRF(cookieSecret, got string) bool {
	if cookieSecret == "" || got == "" {
		return false
	}
	return hmac.Equal([]byte(CSRFToken(cookieSecret)), []byte(got))
}
