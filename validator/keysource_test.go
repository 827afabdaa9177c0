package validator_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Issue 22 item 12: a token under a freshly rotated kid, arriving while the JWK Set endpoint fails, is
// our outage — 503 keys_unavailable with Retry-After — and 401 unknown_key only once a fetch has
// succeeded without its kid.
func TestRotatedKIDDuringOutage(t *testing.T) {
	iss := issuertest.New(t)
	set, err := jwks.New(context.Background(), iss.JWKSURL(), jwks.WithLogger(slog.New(slog.DiscardHandler)),
		jwks.WithUnknownKIDGap(time.Millisecond), jwks.WithRetryBackoff(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	v, err := validator.New(set, validator.WithIssuer(iss.URL()), validator.WithAudience("api"))
	if err != nil {
		t.Fatal(err)
	}
	h := nethttp.Middleware(v)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	serve := func(token string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(rec, req)
		return rec
	}

	if err := iss.Rotate(); err != nil {
		t.Fatal(err)
	}
	iss.SetJWKSFault(issuertest.FaultStatus(http.StatusInternalServerError))
	rotated := iss.MustMint(t, issuertest.WithAudience("api"))
	_, err = v.Validate(context.Background(), rotated)
	assertReason(t, err, validator.ErrKeysUnavailable)
	if rec := serve(rotated); rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("nethttp: status %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}

	iss.SetJWKSFault(issuertest.FaultNone)
	// Inside WithUnknownKIDGap the last fetch's outcome answers; the next lookup after it refetches.
	for deadline := time.Now().Add(5 * time.Second); serve(rotated).Code != http.StatusOK; {
		if time.Now().After(deadline) {
			t.Fatal("the rotated kid was not found once the endpoint was back")
		}
		time.Sleep(2 * time.Millisecond)
	}
	invented := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithUnknownKey())
	_, err = v.Validate(context.Background(), invented)
	assertReason(t, err, validator.ErrUnknownKey)
	if rec := serve(invented); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Header().Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("unknown kid after a good fetch: status %d, %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

// Issue 22 item 2: a token without kid is tried against at most four keys that fit its algorithm,
// whatever the source; when more fit, it is unknown_key before any signature work.
func TestKidlessTokenAgainstManyKeys(t *testing.T) {
	k := generatedKeys(t)
	keys := []published{{key: &k.rsa.PublicKey, kid: "a"}, {key: &k.p256.PublicKey, kid: "b"}, {key: &k.p384.PublicKey, kid: "c"}, {key: &k.p521.PublicKey, kid: "d"}}
	for i := range 3 {
		keys = append(keys, published{key: randomRSAKey(t), kid: "r" + string(rune('0'+i))})
	}
	token := sign(t, jwt.SigningMethodRS256, "", k.rsa, baseClaims(), nil)
	es256 := sign(t, jwt.SigningMethodES256, "", k.p256, baseClaims(), nil)
	more := append(keys, published{key: randomRSAKey(t), kid: "r9"})
	for name, source := range map[string]func(...published) validator.KeySource{
		"jwks.Set":    func(p ...published) validator.KeySource { return staticSet(t, p...) },
		"FromKeyfunc": func(p ...published) validator.KeySource { return validator.FromKeyfunc(jsonKeyfunc(t, p...)) },
	} {
		if _, err := newValidator(t, source(keys...)).Validate(context.Background(), token); err != nil {
			t.Errorf("%s, four RSA keys: %v", name, err)
		}
		v := newValidator(t, source(more...))
		_, err := v.Validate(context.Background(), token)
		if !errors.Is(err, validator.ErrUnknownKey) {
			t.Errorf("%s, five RSA keys: err = %v, want ErrUnknownKey", name, err)
		}
		if _, err := v.Validate(context.Background(), es256); err != nil {
			t.Errorf("%s, five RSA keys, the one P-256 key: %v", name, err)
		}
	}
}

// randomRSAKey is an RSA public key with a random odd 2048-bit modulus: it loads and verifies nothing,
// and costs no key generation.
func randomRSAKey(t testing.TB) *rsa.PublicKey {
	n := make([]byte, 256)
	if _, err := rand.Read(n); err != nil {
		t.Fatal(err)
	}
	n[0] |= 0x80
	n[255] |= 1
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: 65537}
}

// Issue 22 item 9: PS256 verifies only with the salt length RFC 7518 §3.5 fixes (the hash's size).
func TestPSSSaltLength(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, staticSet(t, published{key: &k.rsa.PublicKey, kid: "rsa"}))
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"PS256","kid":"rsa"}`))
	payload := base64.RawURLEncoding.EncodeToString([]byte(claimsJSON(t, baseClaims())))
	input := header + "." + payload
	digest := sha256.Sum256([]byte(input))
	for _, tt := range []struct {
		salt int
		want error
	}{{rsa.PSSSaltLengthEqualsHash, nil}, {20, validator.ErrInvalidSignature}, {rsa.PSSSaltLengthAuto, validator.ErrInvalidSignature}} {
		sig, err := rsa.SignPSS(rand.Reader, k.rsa, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: tt.salt})
		if err != nil {
			t.Fatal(err)
		}
		_, err = v.Validate(context.Background(), input+"."+base64.RawURLEncoding.EncodeToString(sig))
		if !errors.Is(err, tt.want) && (tt.want != nil || err != nil) {
			t.Errorf("salt %d: err = %v, want %v", tt.salt, err, tt.want)
		}
	}
}
