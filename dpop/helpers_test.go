package dpop_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// testNow is the clock every test Verifier reads, so iat cases do not depend on the wall clock.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	testURL   = "https://api.example.com/orders/42"
	testToken = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl" // only its hash matters here
)

// keys are made once: RSA generation is slow.
var keys = sync.OnceValue(func() struct {
	p256, p256b, p384 *ecdsa.PrivateKey
	rsa, rsa1024      *rsa.PrivateKey
	ed                ed25519.PrivateKey
} {
	var k struct {
		p256, p256b, p384 *ecdsa.PrivateKey
		rsa, rsa1024      *rsa.PrivateKey
		ed                ed25519.PrivateKey
	}
	k.p256, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k.p256b, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k.p384, _ = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	k.rsa, _ = rsa.GenerateKey(rand.Reader, 2048)
	k.rsa1024, _ = rsa.GenerateKey(rand.Reader, 1024)
	_, k.ed, _ = ed25519.GenerateKey(rand.Reader)
	return k
})

func jkt(t testing.TB, key crypto.Signer) string {
	t.Helper()
	s, err := thumbprint.JWK(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newVerifier(t testing.TB, opts ...dpop.Option) *dpop.Verifier {
	t.Helper()
	v, err := dpop.NewVerifier(append([]dpop.Option{dpop.WithClock(func() time.Time { return testNow })}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// proof makes a proof for GET testURL at testNow with testToken's ath, shaped by opts.
func proof(t testing.TB, key crypto.Signer, opts ...dpop.ProofOption) string {
	t.Helper()
	p, err := dpop.NewProof(key, "GET", testURL, testToken, append([]dpop.ProofOption{dpop.WithProofIssuedAt(testNow)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rawProof signs the given header and claims JSON as they are, for shapes NewProof cannot make
// (duplicate members).
func rawProof(t testing.TB, key *ecdsa.PrivateKey, header, claims string) string {
	t.Helper()
	input := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(claims))
	sig, err := jwt.SigningMethodES256.Sign(input, key)
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// jwkJSON is the canonical public JWK of key.
func jwkJSON(t testing.TB, key crypto.Signer) string {
	t.Helper()
	m, err := thumbprint.AppendMembers(nil, key.Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(m)
}

// testNonces is a NonceSource with one current nonce.
type testNonces struct{ current string }

func (n testNonces) Nonce(context.Context) (string, error)           { return n.current, nil }
func (n testNonces) ValidNonce(_ context.Context, nonce string) bool { return nonce == n.current }

// downCache is a ReplayCache whose store is unreachable.
type downCache struct{}

func (downCache) Remember(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("connection refused")
}

// jsonRaw is a header value NewProof writes as it is.
type jsonRaw string

func (j jsonRaw) MarshalJSON() ([]byte, error) { return []byte(j), nil }

func athOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
