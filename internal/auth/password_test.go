package auth

import (
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=4$") || strings.Count(h, "$") != 5 {
		t.Errorf("got %q, want a PHC string with RFC 9106 parameters", h)
	}
	if err := VerifyPassword(h, "correct horse battery staple"); err != nil {
		t.Errorf("right password: got %v, want nil", err)
	}
	if err := VerifyPassword(h, "correct horse battery stapler"); err != ErrPasswordMismatch {
		t.Errorf("wrong password: got %v, want ErrPasswordMismatch", err)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h2 == h {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyPasswordOtherParameters(t *testing.T) {
	// A hash made with other parameters (as after a future change of
	// defaults) still verifies: the parameters come from the string. This
	// one uses OWASP's minimum, m=19456 t=2 p=1.
	salt := []byte("somesaltsomesalt")
	key := argon2.IDKey([]byte("password"), salt, 2, 19456, 1, 32)
	h := "$argon2id$v=19$m=19456,t=2,p=1$" + base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(key)
	if err := VerifyPassword(h, "password"); err != nil {
		t.Errorf("right password: got %v, want nil", err)
	}
	if err := VerifyPassword(h, "nope"); err != ErrPasswordMismatch {
		t.Errorf("wrong password: got %v, want ErrPasswordMismatch", err)
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	for _, h := range []string{
		"", "plain", "$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=16$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=65536,t=3,p=4$!!$aGFzaGhhc2hoYXNoaGFzaA",
	} {
		if err := VerifyPassword(h, "x"); err == nil || err == ErrPasswordMismatch {
			t.Errorf("%q: got %v, want a malformed-hash error", h, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{{"short", false}, {"twelve chars", true}, {"ünïcödé-pass", true}, {strings.Repeat("x", 257), false}} {
		if err := CheckPassword(tc.pw); (err == nil) != tc.ok {
			t.Errorf("%q: got %v, want ok=%v", tc.pw, err, tc.ok)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewAPIToken(), NewAPIToken()
	if a == b || !IsAPIToken(a) || IsAPIToken("setu_short") || IsAPIToken(NewSessionToken()) {
		t.Errorf("API tokens: got %q and %q", a, b)
	}
	if h := HashToken(a); len(h) != 64 || h == HashToken(b) || h != HashToken(a) {
		t.Errorf("HashToken: got %q, want a stable 64-hex SHA-256", h)
	}
	s := NewSessionToken()
	if c := CSRFToken(s); !CheckCSRF(s, c) || CheckCSRF(NewSessionToken(), c) || CheckCSRF("", CSRFToken("")) || CheckCSRF(s, "") {
		t.Errorf("CSRF token does not bind to its session")
	}
}
