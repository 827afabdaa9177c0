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
	"math/big"
	"net/url"
	"strconv"
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

// newVerifier returns a Verifier on testNow's clock for the server of testURL, shaped by opts.
func newVerifier(t testing.TB, opts ...dpop.Option) *dpop.Verifier {
	t.Helper()
	return newVerifierFor(t, append([]dpop.Option{dpop.WithBaseURL("https://api.example.com")}, opts...)...)
}

// newVerifierFor is newVerifier with opts naming the server's URL (WithBaseURL or WithTrustedHosts).
func newVerifierFor(t testing.TB, opts ...dpop.Option) *dpop.Verifier {
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

// craftedProof is a proof whose jwk header is jwk (JSON) and whose signature is sig, as they are: what
// an attacker who needs no private key sends. Its claims are right for GET testURL at testNow.
func craftedProof(alg, jwk string, sig []byte) string {
	enc := base64.RawURLEncoding
	header := `{"typ":"dpop+jwt","alg":"` + alg + `","jwk":` + jwk + `}`
	claims := `{"htm":"GET","htu":"` + testURL + `","iat":` + strconv.FormatInt(testNow.Unix(), 10) + `,"jti":"crafted","ath":"` + athOf(testToken) + `"}`
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims)) + "." + enc.EncodeToString(sig)
}

// craftedRSA returns a proof by a made-up RSA "key" of bits bits and exponent e, with a signature
// below its modulus (so verifying it would run the whole RSA operation), and that key's thumbprint.
func craftedRSA(t testing.TB, bits, e int) (proof, jkt string) {
	t.Helper()
	n := make([]byte, bits/8)
	if _, err := rand.Read(n); err != nil {
		t.Fatal(err)
	}
	n[0] |= 0x80
	n[len(n)-1] |= 1
	key := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: e}
	members, err := thumbprint.AppendMembers(nil, key)
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, len(n))
	sig[0] = n[0] >> 1
	return craftedProof("RS256", string(members), sig), thumbprint.OfMembers(members)
}

// smallOrderEd25519 returns a proof by the identity point as an Ed25519 key, signed with the made-up
// signature (R = identity, S = 0) that verifies any message under that key, and the key's thumbprint.
func smallOrderEd25519() (proof, jkt string) {
	identity := make(ed25519.PublicKey, ed25519.PublicKeySize)
	identity[0] = 1
	members, _ := thumbprint.AppendMembers(nil, identity)
	sig := make([]byte, ed25519.SignatureSize)
	sig[0] = 1
	return craftedProof("EdDSA", string(members), sig), thumbprint.OfMembers(members)
}
