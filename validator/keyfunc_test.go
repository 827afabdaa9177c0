package validator_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// published describes one key of a test JWK Set.
type published struct {
	key crypto.PublicKey
	kid string
	alg string
	use jwkset.USE
	ops []jwkset.KEYOPS
}

// jwksJSON renders keys as a JWK Set.
func jwksJSON(t testing.TB, keys ...published) []byte {
	t.Helper()
	var doc jwkset.JWKSMarshal
	for _, k := range keys {
		j, err := jwkset.NewJWKFromKey(k.key, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{
			KID: k.kid, ALG: jwkset.ALG(k.alg), USE: k.use, KEYOPS: k.ops,
		}})
		if err != nil {
			t.Fatal(err)
		}
		doc.Keys = append(doc.Keys, j.Marshal())
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func staticSet(t testing.TB, keys ...published) *jwks.Set {
	t.Helper()
	s, err := jwks.Static(jwksJSON(t, keys...), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func jsonKeyfunc(t testing.TB, keys ...published) keyfunc.Keyfunc {
	t.Helper()
	k, err := keyfunc.NewJWKSetJSON(jwksJSON(t, keys...))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// keyfunc/v3's own HTTP storage, pointed at the test issuer, is a key source like any other.
func TestFromKeyfuncOverIssuerServesHTTP(t *testing.T) {
	iss := issuertest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k, err := keyfunc.NewDefaultCtx(ctx, []string{iss.JWKSURL()})
	if err != nil {
		t.Fatal(err)
	}
	v, err := validator.New(validator.FromKeyfunc(k), validator.WithIssuer(iss.URL()), validator.WithAudience("api"))
	if err != nil {
		t.Fatal(err)
	}
	h := nethttp.Middleware(v)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	token := iss.MustMint(t, issuertest.WithAudience("api"))
	tampered := token[:len(token)-4] + strings.Map(func(r rune) rune { return 'A' + (r+1)%26 }, token[len(token)-4:])
	for _, tt := range []struct {
		name  string
		token string
		want  int
	}{{"valid", token, http.StatusOK}, {"tampered", tampered, http.StatusUnauthorized}} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Authorization", "Bearer "+tt.token)
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s token: status %d, want %d", tt.name, rec.Code, tt.want)
		}
	}
}

// A *jwks.Set handed to keyfunc.New and golang-jwt validates the token the validator validates.
func TestSetServesKeyfuncAndGolangJWT(t *testing.T) {
	iss := issuertest.New(t)
	set, err := jwks.New(context.Background(), iss.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	token := iss.MustMint(t, issuertest.WithAudience("api"))

	v, err := validator.New(set, validator.WithIssuer(iss.URL()), validator.WithAudience("api"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("validator: %v", err)
	}
	k, err := keyfunc.New(keyfunc.Options{Storage: set})
	if err != nil {
		t.Fatal(err)
	}
	for name, kf := range map[string]jwt.Keyfunc{"keyfunc.New": k.Keyfunc, "Set.Keyfunc": set.Keyfunc().Keyfunc} {
		parsed, err := jwt.Parse(token, kf, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(iss.URL()))
		if err != nil || !parsed.Valid {
			t.Errorf("golang-jwt with %s: %v", name, err)
		}
	}
}

func TestKidlessTokenTriesEveryFittingKey(t *testing.T) {
	k := generatedKeys(t)
	keys := []published{{key: &k.other.PublicKey, kid: "a"}, {key: &k.rsa.PublicKey, kid: "b"}, {key: &k.p256.PublicKey, kid: "c"}}
	token := sign(t, jwt.SigningMethodRS256, "", k.rsa, baseClaims(), nil)
	forged := sign(t, jwt.SigningMethodRS256, "", k.rsa1024, baseClaims(), nil)
	for name, source := range map[string]validator.KeySource{
		"jwks.Set":    staticSet(t, keys...),
		"FromKeyfunc": validator.FromKeyfunc(jsonKeyfunc(t, keys...)),
	} {
		v := newValidator(t, source)
		if _, err := v.Validate(context.Background(), token); err != nil {
			t.Errorf("%s: kid-less token signed by the second of two RSA keys: %v", name, err)
		}
		_, err := v.Validate(context.Background(), forged)
		assertReason(t, err, validator.ErrInvalidSignature)
	}
}

func TestSeveralKeysUnderOneKID(t *testing.T) {
	k := generatedKeys(t)
	source := staticSet(t,
		published{key: &k.other.PublicKey, kid: "x"},
		published{key: &k.p256.PublicKey, kid: "x"},
		published{key: &k.rsa.PublicKey, kid: "x"})
	v := newValidator(t, source)
	for name, token := range map[string]string{
		"ES256 under a kid whose first key is RSA": sign(t, jwt.SigningMethodES256, "x", k.p256, baseClaims(), nil),
		"RS256 by the second RSA key of the kid":   sign(t, jwt.SigningMethodRS256, "x", k.rsa, baseClaims(), nil),
	} {
		if _, err := v.Validate(context.Background(), token); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodES384, "x", k.p384, baseClaims(), nil))
	assertReason(t, err, validator.ErrUnknownKey)
}

// A plain keyfunc hands out any key it holds; the validator still refuses those unfit to verify.
func TestKeyFitnessWhicheverKeyfunc(t *testing.T) {
	k := generatedKeys(t)
	weak, err := rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // deliberately weak: must be refused
	if err != nil {
		t.Fatal(err)
	}
	source := validator.FromKeyfunc(jsonKeyfunc(t,
		published{key: &weak.PublicKey, kid: "weak"},
		published{key: &k.rsa.PublicKey, kid: "enc", use: jwkset.UseEnc},
		published{key: &k.rsa.PublicKey, kid: "ops", ops: []jwkset.KEYOPS{jwkset.KeyOpsEncrypt}},
		published{key: &k.rsa.PublicKey, kid: "rs384", alg: "RS384"},
		published{key: &k.p384.PublicKey, kid: "p384"},
		published{key: &k.rsa.PublicKey, kid: "good", use: jwkset.UseSig, ops: []jwkset.KEYOPS{jwkset.KeyOpsVerify}},
	))
	v := newValidator(t, source)
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"RSA-1024", sign(t, jwt.SigningMethodRS256, "weak", weak, baseClaims(), nil), validator.ErrUnknownKey},
		{"use enc", sign(t, jwt.SigningMethodRS256, "enc", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"key_ops without verify", sign(t, jwt.SigningMethodRS256, "ops", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"JWK alg RS384, token RS256", sign(t, jwt.SigningMethodRS256, "rs384", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"P-384 key for ES256", sign(t, jwt.SigningMethodES256, "p384", k.p256, baseClaims(), nil), validator.ErrUnknownKey},
		{"unknown kid", sign(t, jwt.SigningMethodRS256, "nope", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"fit key", sign(t, jwt.SigningMethodRS256, "good", k.rsa, baseClaims(), nil), nil},
		{"kid-less: only the fit key verifies", sign(t, jwt.SigningMethodRS256, "", k.rsa, baseClaims(), nil), nil},
		{"kid-less ES384 by the only fit key", sign(t, jwt.SigningMethodES384, "", k.p384, baseClaims(), nil), nil},
	}
	for _, tt := range tests {
		_, err := v.Validate(context.Background(), tt.token)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// Through the KeySource interface itself, the same rules hold.
	if _, found, err := source.VerificationKey(context.Background(), "enc", "RS256"); found || err != nil {
		t.Errorf("VerificationKey(enc) = %v, %v; want not found", found, err)
	}
	if key, found, _ := source.VerificationKey(context.Background(), "good", "RS256"); !found || !k.rsa.PublicKey.Equal(key) {
		t.Error("VerificationKey(good) did not find the key")
	}
}

// A Set without keys, or closed, is our outage, not the token's fault.
func TestSetWithoutKeysIsUnavailable(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	k := generatedKeys(t)
	empty, err := jwks.New(context.Background(), down.URL, jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	closed := staticSet(t, published{key: &k.rsa.PublicKey, kid: "rsa"})
	_ = closed.Close()
	for name, token := range map[string]string{
		"with kid":    sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil),
		"without kid": sign(t, jwt.SigningMethodRS256, "", k.rsa, baseClaims(), nil),
	} {
		for setName, set := range map[string]*jwks.Set{"never fetched": empty, "closed": closed} {
			_, err := newValidator(t, set).Validate(context.Background(), token)
			if !errors.Is(err, validator.ErrKeysUnavailable) || !errors.Is(err, jwks.ErrKeysUnavailable) {
				t.Errorf("%s, token %s: err = %v, want ErrKeysUnavailable", setName, name, err)
			}
		}
	}
}

func TestSymmetricKeyLength(t *testing.T) {
	s32, s64 := []byte(strings.Repeat("k", 32)), []byte(strings.Repeat("k", 64))
	hs := func(m jwt.SigningMethod, secret []byte) string { return sign(t, m, "", secret, baseClaims(), nil) }
	short := newValidator(t, standardKeySource(t), validator.WithSymmetricKey(s32))
	assertReason(t, validate(short, hs(jwt.SigningMethodHS256, s32)), nil)
	assertReason(t, validate(short, hs(jwt.SigningMethodHS384, s32)), validator.ErrUnsupportedAlgorithm)
	assertReason(t, validate(short, hs(jwt.SigningMethodHS512, s32)), validator.ErrUnsupportedAlgorithm)
	long := newValidator(t, standardKeySource(t), validator.WithSymmetricKey(s64))
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodHS256, jwt.SigningMethodHS384, jwt.SigningMethodHS512} {
		assertReason(t, validate(long, hs(m, s64)), nil)
	}
	for _, alg := range []string{"HS384", "HS512"} {
		if _, err := validator.New(nil, validator.WithAnyIssuer(), validator.WithAnyAudience(),
			validator.WithSymmetricKey(s32), validator.WithAlgorithms(alg)); err == nil {
			t.Errorf("WithAlgorithms(%s) with a 32-byte secret accepted", alg)
		}
	}
}

func validate(v *validator.Validator, token string) error {
	_, err := v.Validate(context.Background(), token)
	return err
}
