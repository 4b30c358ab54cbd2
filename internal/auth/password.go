package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: RFC 9106's second recommended option (section 4),
// for machines where 2 GiB per hash is too much: 64 MiB of memory, three
// passes, four lanes, a 16-byte salt and a 32-byte tag. They also exceed
// OWASP's minimum (19 MiB, t=2, p=1).
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 3
	argonThreads = 4
	argonSaltLen = 16
	argonKeyLen  = 32
)

// MinPasswordLength is the shortest password Setu accepts (NIST SP
// 800-63B asks for at least 8; we ask for more, with no other rules).
const MinPasswordLength = 12

// MaxPasswordLength bounds the work one login can ask of the server.
const MaxPasswordLength = 256

// ErrPasswordMismatch is VerifyPassword's answer for a wrong password.
var ErrPasswordMismatch = errors.New("auth: password does not match")

// CheckPassword reports what is wrong with a new password, or nil.
func CheckPassword(pw string) error {
	switch n := len([]rune(pw)); {
	case n < MinPasswordLength:
		return fmt.Errorf("must be at least %d characters", MinPasswordLength)
	case len(pw) > MaxPasswordLength:
		return fmt.Errorf("must be at most %d bytes", MaxPasswordLength)
	}
	return nil
}

// HashPassword hashes pw with argon2id and a fresh random salt, and
// returns it in the PHC string format:
// $argon2id$v=19$m=65536,t=3,p=4$SALT$HASH (unpadded base64).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks pw against a PHC string that HashPassword made,
// using the parameters the string records, in constant time. It returns
// nil, ErrPasswordMismatch, or an error for a malformed hash.
func VerifyPassword(phc, pw string) error {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return err
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrPasswordMismatch
	}
	return nil
}

// dummyHash is a hash to verify against when a login names no account,
// made once on first use, so that such a login takes as long as one for a
// real account.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("setu-dummy-password-for-timing")
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return h
})

// SpendPasswordTime does the work of one password check and discards it,
// so a login for an unknown email takes as long as one for a known email.
func SpendPasswordTime(pw string) {
	_ = VerifyPassword(dummyHash(), pw)
}

type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
}

func parsePHC(phc string) (argonParams, []byte, []byte, error) {
	var p argonParams
	bad := fmt.Errorf("auth: malformed password hash")
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, bad
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, bad
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return p, nil, nil, bad
	}
	if p.memory < 8*uint32(p.threads) || p.memory > 1<<22 || p.time < 1 || p.time > 32 || p.threads < 1 {
		return p, nil, nil, bad
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, bad
	}
	return p, salt, key, nil
}
