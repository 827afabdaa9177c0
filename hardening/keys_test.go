package hardening

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Validator configurations of the key-hardening classes (issue 22 items 2, 9, 10, 11).
const (
	cfgManyKeys = "many-keys" // trustedJWKS plus four more RSA keys: five fit RS256
	cfgHostile  = "hostile"   // a JWK Set publishing small-order Ed25519 and even-exponent RSA keys
	cfgNaiveEd  = "naive-ed"  // a naive KeySource that answers every lookup with the Ed25519 identity point
)

// edIdentity is the Ed25519 public key x = the identity point: under it the made-up signature
// R = identity, S = 0 verifies every message (crypto/ed25519 does not refuse small-order keys).
var edIdentity = ed25519.PublicKey(append([]byte{1}, make([]byte, 31)...))

// edOrder8 is one of the four points of order 8.
var edOrder8 = ed25519.PublicKey([]byte{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
	0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05})

// keyHardening adds: kid-less tokens against a large key set, small-order and non-canonical Ed25519
// keys, RSA keys with an even or tiny exponent, and PS256 signatures with a salt other than the hash
// length. The rotated-kid-during-an-outage class is TestRotatedKIDDuringOutageEveryAdapter: its answer
// is 503, which the corpus's HTTP checks (always a challenge) do not describe.
func (b *corpusBuilder) keyHardening() {
	t, k := b.t, b.k
	var trusted struct{ Keys []any }
	mustUnmarshal(t, trustedJWKS(t), &trusted)
	many := trusted.Keys
	for i := range 4 {
		many = append(many, jwkOf(t, randomRSA(t), "extra-"+itoa(i), "", "sig"))
	}
	hostile := []any{
		jwkOf(t, k.rsa.Public(), "rsa-1", "", "sig"),
		jwkOf(t, edIdentity, "ed-identity", "", "sig"),
		jwkOf(t, edOrder8, "ed-order8", "", "sig"),
		map[string]any{"kty": "OKP", "crv": "Ed25519", "kid": "ed-noncanonical", "x": b64(append(bytesOf(0xff, 31), 0x7f))},
		map[string]any{"kty": "RSA", "kid": "rsa-even-e", "n": b64(k.rsa.N.Bytes()), "e": b64([]byte{1, 0, 0})},
		map[string]any{"kty": "RSA", "kid": "rsa-e-1", "n": b64(k.rsa.N.Bytes()), "e": b64([]byte{1})},
	}
	for name, keys := range map[string][]any{cfgManyKeys: many, cfgHostile: hostile} {
		set, err := jwks.Static([]byte(jsonOf(t, map[string]any{"keys": keys})), jwks.WithLogger(discardLogger()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = set.Close() })
		b.c.validators[name] = newValidator(t, set)
	}
	b.c.validators[cfgNaiveEd] = newValidator(t, naiveKeys{edIdentity})

	const kidless = "kid-less, many keys"
	forgedSig := b64(make([]byte, 256))
	b.add(kidless, "RS256 without kid, signed by the trusted key, five RSA keys fit",
		b.signed(hdr("RS256", ""), b.body, "RS256", k.rsa), validator.ErrUnknownKey, cfgManyKeys)
	b.add(kidless, "RS256 without kid, forged signature, five RSA keys fit",
		b64s(jsonOf(t, hdr("RS256", "")))+"."+b64s(b.body)+"."+forgedSig, validator.ErrUnknownKey, cfgManyKeys)
	b.add(kidless, "PS512 without kid, six RSA keys fit",
		b.signed(hdr("PS512", ""), b.body, "PS512", k.pinned), validator.ErrUnknownKey, cfgManyKeys)
	b.add("valid", "ES256 without kid, the one P-256 key of a large set",
		b.signed(hdr("ES256", ""), b.body, "ES256", k.p256), nil, cfgManyKeys)
	b.add("valid", "RS256 with kid in a large set",
		b.signed(hdr("RS256", "rsa-1"), b.body, "RS256", k.rsa), nil, cfgManyKeys)

	const smallOrder = "small-order Ed25519"
	madeUp := func(kid string) string {
		sig := make([]byte, ed25519.SignatureSize)
		sig[0] = 1 // R = the identity point, S = 0
		return b64s(jsonOf(t, hdr("EdDSA", kid))) + "." + b64s(b.body) + "." + b64(sig)
	}
	b.add(smallOrder, "identity key published, made-up signature", madeUp("ed-identity"), validator.ErrUnknownKey, cfgHostile)
	b.add(smallOrder, "order-8 key published, made-up signature", madeUp("ed-order8"), validator.ErrUnknownKey, cfgHostile)
	b.add(smallOrder, "non-canonical key published", madeUp("ed-noncanonical"), validator.ErrUnknownKey, cfgHostile)
	b.add(smallOrder, "identity key served by a naive key source, made-up signature", madeUp("x"), validator.ErrUnknownKey, cfgNaiveEd)
	b.add(smallOrder, "identity key, no kid, made-up signature", madeUp(""), validator.ErrUnknownKey, cfgHostile)

	const exponent = "RSA exponent"
	b.add(exponent, "e = 65536 published", b.signed(hdr("RS256", "rsa-even-e"), b.body, "RS256", k.rsa), validator.ErrUnknownKey, cfgHostile)
	b.add(exponent, "e = 1 published", b.signed(hdr("RS256", "rsa-e-1"), b.body, "RS256", k.rsa), validator.ErrUnknownKey, cfgHostile)
	b.add("valid", "RS256 next to the hostile keys", b.signed(hdr("RS256", "rsa-1"), b.body, "RS256", k.rsa), nil, cfgHostile)

	const pss = "PSS salt length"
	for _, salt := range []int{1, 20, 64, rsa.PSSSaltLengthAuto} {
		name := "PS256, salt " + itoa(salt)
		if salt == rsa.PSSSaltLengthAuto {
			name = "PS256, maximal salt"
		}
		b.add(pss, name, pssToken(t, hdr("PS256", "rsa-1"), b.body, k.rsa, salt), validator.ErrInvalidSignature)
	}
	b.add("valid", "PS256, salt = hash length", pssToken(t, hdr("PS256", "rsa-1"), b.body, k.rsa, rsa.PSSSaltLengthEqualsHash), nil)
}

// pssToken signs with RSASSA-PSS SHA-256 and the given salt length (rsa.PSSOptions: 0 is maximal).
func pssToken(t testing.TB, h map[string]any, payload string, key *rsa.PrivateKey, salt int) string {
	t.Helper()
	input := b64s(jsonOf(t, h)) + "." + b64s(payload)
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: salt})
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + b64(sig)
}

// randomRSA is an RSA public key with a random odd 2048-bit modulus: it loads, verifies nothing, and
// costs no key generation.
func randomRSA(t testing.TB) *rsa.PublicKey {
	n := make([]byte, 256)
	if _, err := rand.Read(n); err != nil {
		t.Fatal(err)
	}
	n[0] |= 0x80
	n[255] |= 1
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: 65537}
}

// TestRotatedKIDDuringOutageEveryAdapter (issue 22 item 12): a token under a freshly rotated kid that
// arrives while the JWK Set endpoint fails is answered as our outage by every adapter — 503 with
// Retry-After over HTTP (nethttp, echomw and ginmw alike), Unavailable over gRPC — and, once a fetch
// has succeeded, a token under an invented kid as unknown (401, Unauthenticated) while the rotated
// one passes.
func TestRotatedKIDDuringOutageEveryAdapter(t *testing.T) {
	idp := newIdP(t)
	set, _ := newSet(t, idp.JWKSURL(), jwks.WithUnknownKIDGap(time.Millisecond), jwks.WithRetryBackoff(time.Hour))
	v := idpValidator(t, idp, set)

	gin.SetMode(gin.TestMode)
	ok := func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }
	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "ok") }, echomw.Middleware(v))
	g := gin.New()
	g.GET("/", ginmw.Middleware(v), func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	handlers := map[string]http.Handler{"nethttp": nethttp.Middleware(v)(http.HandlerFunc(ok)), "echomw": e, "ginmw": g}
	auth := grpcinterceptor.AuthFunc(v)
	check := func(token string, wantHTTP int, wantGRPC codes.Code, when string) {
		t.Helper()
		// Inside WithUnknownKIDGap the last fetch's outcome answers; past it, a lookup refetches.
		time.Sleep(2 * time.Millisecond)
		for name, h := range handlers {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != wantHTTP {
				t.Errorf("%s, %s: status %d, want %d", when, name, rec.Code, wantHTTP)
			}
			if wantHTTP == http.StatusServiceUnavailable && rec.Header().Get("Retry-After") == "" {
				t.Errorf("%s, %s: 503 without Retry-After", when, name)
			}
		}
		ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+token))
		if _, err := auth(ctx); status.Code(err) != wantGRPC {
			t.Errorf("%s, gRPC: %v, want %v", when, err, wantGRPC)
		}
	}

	if err := idp.Rotate(); err != nil {
		t.Fatal(err)
	}
	idp.SetJWKSFault(issuertest.FaultStatus(http.StatusInternalServerError))
	rotated := mint(t, idp)
	mustFail(t, v, rotated, validator.ErrKeysUnavailable, "rotated kid during the outage")
	check(rotated, http.StatusServiceUnavailable, codes.Unavailable, "rotated kid during the outage")

	idp.SetJWKSFault(issuertest.FaultNone)
	eventually(t, 5*time.Second, "the rotated key is fetched", func() bool {
		time.Sleep(2 * time.Millisecond)
		_, err := v.Validate(context.Background(), rotated)
		return err == nil
	})
	check(rotated, http.StatusOK, codes.OK, "rotated kid after the outage")
	check(mint(t, idp, issuertest.WithUnknownKey()), http.StatusUnauthorized, codes.Unauthenticated, "invented kid after the outage")
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func mustUnmarshal(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}
