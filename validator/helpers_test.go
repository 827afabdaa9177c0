package validator_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testKeys holds one key pair per algorithm family, generated once per test binary.
type testKeys struct {
	rsa     *rsa.PrivateKey
	rsa1024 *rsa.PrivateKey
	p256    *ecdsa.PrivateKey
	p384    *ecdsa.PrivateKey
	p521    *ecdsa.PrivateKey
	ed      ed25519.PrivateKey
	other   *rsa.PrivateKey // never published: signs forgeries
}

var (
	keysOnce sync.Once
	keys     testKeys
)

func generatedKeys(t testing.TB) *testKeys {
	t.Helper()
	keysOnce.Do(func() {
		must := func(err error) {
			if err != nil {
				panic(err)
			}
		}
		var err error
		keys.rsa, err = rsa.GenerateKey(rand.Reader, 2048)
		must(err)
		keys.other, err = rsa.GenerateKey(rand.Reader, 2048)
		must(err)
		keys.rsa1024, err = rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // deliberately weak: must be refused
		must(err)
		keys.p256, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(err)
		keys.p384, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		must(err)
		keys.p521, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
		must(err)
		_, keys.ed, err = ed25519.GenerateKey(rand.Reader)
		must(err)
	})
	return &keys
}

// mapKeys is a KeySource over a fixed kid → key map; err, when set, makes every lookup fail.
type mapKeys struct {
	keys  map[string]crypto.PublicKey
	err   error
	calls int
	mu    sync.Mutex
}

func (m *mapKeys) VerificationKey(_ context.Context, kid, _ string) (crypto.PublicKey, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.err != nil {
		return nil, false, m.err
	}
	k, ok := m.keys[kid]
	return k, ok, nil
}

func standardKeySource(t testing.TB) *mapKeys {
	k := generatedKeys(t)
	return &mapKeys{keys: map[string]crypto.PublicKey{
		"rsa":     &k.rsa.PublicKey,
		"rsa1024": &k.rsa1024.PublicKey,
		"p256":    &k.p256.PublicKey,
		"p384":    &k.p384.PublicKey,
		"p521":    &k.p521.PublicKey,
		"ed":      k.ed.Public(),
	}}
}

const (
	testIssuer   = "https://idp.example.com"
	testAudience = "https://api.example.com"
)

// fixedNow is the clock every test runs at.
var fixedNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// baseClaims are valid claims at fixedNow.
func baseClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":       testIssuer,
		"sub":       "user-1",
		"aud":       testAudience,
		"exp":       fixedNow.Add(5 * time.Minute).Unix(),
		"iat":       fixedNow.Add(-time.Minute).Unix(),
		"nbf":       fixedNow.Add(-time.Minute).Unix(),
		"jti":       "id-1",
		"client_id": "client-1",
		"scope":     "orders:read orders:write",
	}
}

// sign mints a token with golang-jwt, the way an identity provider would.
func sign(t testing.TB, method jwt.SigningMethod, kid string, key any, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	tok.Header["typ"] = "at+jwt"
	for name, value := range header {
		if value == nil {
			delete(tok.Header, name)
		} else {
			tok.Header[name] = value
		}
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

// rawToken assembles a token from literal header and payload JSON and signs it with RS256 and the
// standard key, for cases golang-jwt refuses to produce (duplicate members, odd types).
func rawToken(t testing.TB, headerJSON, payloadJSON string) string {
	t.Helper()
	k := generatedKeys(t)
	input := base64.RawURLEncoding.EncodeToString([]byte(headerJSON)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payloadJSON))
	sig, err := jwt.SigningMethodRS256.Sign(input, k.rsa)
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func claimsJSON(t testing.TB, c jwt.MapClaims) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func assertReason(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("want %v, got %v", want, err)
	}
}

func assertNoTokenIn(t *testing.T, text, token string) {
	t.Helper()
	for _, part := range strings.Split(token, ".") {
		if len(part) >= 8 && strings.Contains(text, part) {
			t.Fatalf("text %q contains part of the token", text)
		}
	}
}
