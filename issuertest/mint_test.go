package issuertest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jwtguard/jwtguard/issuertest"
)

var testNow = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func fixedClock() time.Time { return testNow }

func TestMintDefaults(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithClock(fixedClock))
	token := iss.MustMint(t)
	if _, err := verify(token, fetchKeys(t, iss.JWKSURL())); err != nil {
		t.Fatalf("default token does not verify: %v", err)
	}
	header, claims := decode(t, token)
	wantHeader := map[string]any{"alg": "RS256", "typ": "at+jwt", "kid": iss.CurrentKeyID("RS256")}
	if !reflect.DeepEqual(header, wantHeader) {
		t.Errorf("header = %v, want %v", header, wantHeader)
	}
	jti, _ := claims["jti"].(string)
	delete(claims, "jti")
	wantClaims := jwt.MapClaims{
		"iss": iss.URL(),
		"iat": float64(testNow.Unix()),
		"nbf": float64(testNow.Unix()),
		"exp": float64(testNow.Add(5 * time.Minute).Unix()),
	}
	if !reflect.DeepEqual(claims, wantClaims) {
		t.Errorf("claims = %v, want %v", claims, wantClaims)
	}
	if len(jti) != 32 {
		t.Errorf("jti %q: want 128 random bits in hex", jti)
	}
	if _, again := decode(t, iss.MustMint(t)); again["jti"] == jti {
		t.Error("two tokens share a jti")
	}
}

func TestMintDefaultAlgorithmWithoutRS256(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("EdDSA", "ES256"))
	if h, _ := decode(t, iss.MustMint(t)); h["alg"] != "EdDSA" || h["kid"] != iss.CurrentKeyID("EdDSA") {
		t.Errorf("header %v: want the first enabled algorithm, EdDSA", h)
	}
}

func TestMintEachDefaultAlgorithmVerifies(t *testing.T) {
	iss := issuertest.New(t)
	keys := fetchKeys(t, iss.JWKSURL())
	for _, alg := range iss.Algorithms() {
		t.Run(alg, func(t *testing.T) {
			token := iss.MustMint(t, issuertest.WithAlgorithm(alg), issuertest.WithAudience("api"))
			tok, err := verify(token, keys)
			if err != nil {
				t.Fatal(err)
			}
			if tok.Header["alg"] != alg || tok.Header["kid"] != iss.CurrentKeyID(alg) {
				t.Errorf("header %v", tok.Header)
			}
			// Flipping one payload character must break the signature: the check above can fail.
			parts := strings.Split(token, ".")
			parts[1] = flip(parts[1])
			if _, err := verify(strings.Join(parts, "."), keys); err == nil {
				t.Error("tampered token verifies")
			}
		})
	}
}

// flip changes the first character of a base64url segment to another valid one.
func flip(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestMintOptions(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256", "EdDSA"), issuertest.WithClock(fixedClock))
	at := func(d time.Duration) float64 { return float64(testNow.Add(d).Unix()) }
	for _, tc := range []struct {
		name   string
		opts   []issuertest.MintOption
		claims jwt.MapClaims  // expected values; nil value: must be absent
		header map[string]any // likewise
	}{
		{"one audience", []issuertest.MintOption{issuertest.WithAudience("api")}, jwt.MapClaims{"aud": "api"}, nil},
		{"two audiences", []issuertest.MintOption{issuertest.WithAudience("a", "b")}, jwt.MapClaims{"aud": []any{"a", "b"}}, nil},
		{"audience removed", []issuertest.MintOption{issuertest.WithAudience("a"), issuertest.WithAudience()}, jwt.MapClaims{"aud": nil}, nil},
		{"subject", []issuertest.MintOption{issuertest.WithSubject("alice")}, jwt.MapClaims{"sub": "alice"}, nil},
		{"client id", []issuertest.MintOption{issuertest.WithClientID("cli")}, jwt.MapClaims{"client_id": "cli"}, nil},
		{"scope", []issuertest.MintOption{issuertest.WithScope("orders:read", "orders:write")}, jwt.MapClaims{"scope": "orders:read orders:write"}, nil},
		{"custom claim", []issuertest.MintOption{issuertest.WithClaim("tenant", map[string]any{"id": 7.0})}, jwt.MapClaims{"tenant": map[string]any{"id": 7.0}}, nil},
		{"override iss", []issuertest.MintOption{issuertest.WithClaim("iss", "https://evil.example")}, jwt.MapClaims{"iss": "https://evil.example"}, nil},
		{"delete exp", []issuertest.MintOption{issuertest.WithClaim("exp", nil)}, jwt.MapClaims{"exp": nil, "iat": at(0)}, nil},
		{"time claim", []issuertest.MintOption{issuertest.WithClaim("auth_time", testNow.Add(-time.Hour))}, jwt.MapClaims{"auth_time": at(-time.Hour)}, nil},
		{"later option wins", []issuertest.MintOption{issuertest.WithSubject("a"), issuertest.WithClaim("sub", "b")}, jwt.MapClaims{"sub": "b"}, nil},
		{"expiry", []issuertest.MintOption{issuertest.WithExpiry(testNow.Add(time.Hour))}, jwt.MapClaims{"exp": at(time.Hour)}, nil},
		{"expired", []issuertest.MintOption{issuertest.Expired()}, jwt.MapClaims{"exp": at(-10 * time.Minute), "iat": at(-15 * time.Minute), "nbf": at(-15 * time.Minute)}, nil},
		{"not before", []issuertest.MintOption{issuertest.WithNotBefore(testNow.Add(time.Hour))}, jwt.MapClaims{"nbf": at(time.Hour), "iat": at(0)}, nil},
		{"issued at", []issuertest.MintOption{issuertest.WithIssuedAt(testNow.Add(time.Minute))}, jwt.MapClaims{"iat": at(time.Minute)}, nil},
		{"typ overridden", []issuertest.MintOption{issuertest.WithHeader("typ", "JWT")}, nil, map[string]any{"typ": "JWT"}},
		{"typ deleted", []issuertest.MintOption{issuertest.WithHeader("typ", nil)}, nil, map[string]any{"typ": nil, "alg": "ES256"}},
		{"extra header", []issuertest.MintOption{issuertest.WithHeader("jku", "https://evil.example/jwks")}, nil, map[string]any{"jku": "https://evil.example/jwks"}},
		{"without kid", []issuertest.MintOption{issuertest.WithoutKeyID()}, nil, map[string]any{"kid": nil, "alg": "ES256"}},
		{"algorithm", []issuertest.MintOption{issuertest.WithAlgorithm("EdDSA")}, nil, map[string]any{"alg": "EdDSA", "kid": iss.CurrentKeyID("EdDSA")}},
		{"nil option", []issuertest.MintOption{nil}, jwt.MapClaims{"iss": iss.URL()}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header, claims := decode(t, iss.MustMint(t, tc.opts...))
			for name, want := range tc.claims {
				if got, ok := claims[name]; !reflect.DeepEqual(got, want) || (want == nil && ok) {
					t.Errorf("claim %q = %#v, want %#v", name, got, want)
				}
			}
			for name, want := range tc.header {
				if got, ok := header[name]; !reflect.DeepEqual(got, want) || (want == nil && ok) {
					t.Errorf("header %q = %#v, want %#v", name, got, want)
				}
			}
		})
	}
}

func TestMintedTokensStillVerifyWithOptions(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	keys := fetchKeys(t, iss.JWKSURL())
	token := iss.MustMint(t, issuertest.WithHeader("typ", "JWT"), issuertest.WithClaim("x", 1), issuertest.Expired())
	if _, err := verify(token, keys); err != nil {
		t.Fatalf("signature over changed header and claims: %v", err)
	}
}

func TestMintForgeries(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("RS256", "ES256"))
	keys := fetchKeys(t, iss.JWKSURL())

	t.Run("unknown key", func(t *testing.T) {
		for _, alg := range []string{"", "ES256", "PS512"} {
			token := iss.MustMint(t, issuertest.WithUnknownKey(), issuertest.WithAlgorithm(alg))
			header, _ := decode(t, token)
			kid, _ := header["kid"].(string)
			if _, published := keys[kid]; published || kid == "" {
				t.Errorf("alg %q: kid %q is published or empty", alg, kid)
			}
			if _, err := verify(token, keys); err == nil {
				t.Errorf("alg %q: token from an unknown key verifies", alg)
			}
			// Even a verifier that ignores kid must not accept it with any published key.
			for _, k := range keys {
				if _, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return k.Key(), nil }, jwt.WithoutClaimsValidation()); err == nil {
					t.Errorf("alg %q: verifies with published key %q", alg, k.Marshal().KID)
				}
			}
		}
		first, again := iss.MustMint(t, issuertest.WithUnknownKey()), iss.MustMint(t, issuertest.WithUnknownKey())
		if headerOf(t, first)["kid"] != headerOf(t, again)["kid"] {
			t.Error("the unknown key changes between mints")
		}
	})

	t.Run("none", func(t *testing.T) {
		token := iss.MustMint(t, issuertest.WithAlgorithm("none"))
		if !strings.HasSuffix(token, ".") || strings.Count(token, ".") != 2 {
			t.Fatalf("alg none token has a signature")
		}
		if h := headerOf(t, token); h["alg"] != "none" || h["kid"] != iss.CurrentKeyID("RS256") {
			t.Errorf("header %v", h)
		}
	})

	t.Run("HS256 keyed with the public key", func(t *testing.T) {
		token := iss.MustMint(t, issuertest.WithAlgorithm("HS256"))
		var pub any
		for _, k := range iss.Keys() {
			if k.ID == iss.CurrentKeyID("RS256") {
				pub = k.Public
			}
		}
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		secret := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
		i := strings.LastIndex(token, ".")
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte(token[:i]))
		if got := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); got != token[i+1:] {
			t.Error("HS256 signature is not keyed with the RS256 public key PEM")
		}
		if _, err := verify(token, keys); err == nil {
			t.Error("HS256 forgery verifies against the JWKS")
		}
	})

	t.Run("header alg lies", func(t *testing.T) {
		token := iss.MustMint(t, issuertest.WithHeader("alg", "ES256"))
		if _, err := verify(token, keys); err == nil {
			t.Error("an RS256 signature under an ES256 header verifies")
		}
	})

	t.Run("other algorithm for a known key", func(t *testing.T) {
		token := iss.MustMint(t, issuertest.WithKeyID(iss.CurrentKeyID("RS256")), issuertest.WithAlgorithm("PS256"))
		if h := headerOf(t, token); h["alg"] != "PS256" || h["kid"] != iss.CurrentKeyID("RS256") {
			t.Errorf("header %v", h)
		}
		if _, err := verify(token, keys); err == nil {
			t.Error("a PS256 token verifies with a key published for RS256")
		}
	})

	t.Run("kid claims another key", func(t *testing.T) {
		token := iss.MustMint(t, issuertest.WithAlgorithm("ES256"), issuertest.WithHeader("kid", iss.CurrentKeyID("RS256")))
		if _, err := verify(token, keys); err == nil {
			t.Error("token whose kid names another key verifies")
		}
	})
}

func headerOf(t *testing.T, token string) map[string]any {
	t.Helper()
	h, _ := decode(t, token)
	return h
}

func TestMintErrors(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	for _, tc := range []struct {
		name string
		opts []issuertest.MintOption
	}{
		{"unsupported algorithm", []issuertest.MintOption{issuertest.WithAlgorithm("XS256")}},
		{"lowercase algorithm", []issuertest.MintOption{issuertest.WithAlgorithm("es256")}},
		{"disabled algorithm", []issuertest.MintOption{issuertest.WithAlgorithm("RS256")}},
		{"unknown kid", []issuertest.MintOption{issuertest.WithKeyID("nope")}},
		{"kid and unknown key", []issuertest.MintOption{issuertest.WithKeyID(iss.CurrentKeyID("ES256")), issuertest.WithUnknownKey()}},
		{"unknown key with none", []issuertest.MintOption{issuertest.WithUnknownKey(), issuertest.WithAlgorithm("none")}},
		{"key type mismatch", []issuertest.MintOption{issuertest.WithKeyID(iss.CurrentKeyID("ES256")), issuertest.WithAlgorithm("RS256")}},
		{"curve mismatch", []issuertest.MintOption{issuertest.WithKeyID(iss.CurrentKeyID("ES256")), issuertest.WithAlgorithm("ES384")}},
		{"unencodable claim", []issuertest.MintOption{issuertest.WithClaim("c", make(chan int))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, err := iss.Mint(tc.opts...)
			if err == nil || token != "" {
				t.Fatalf("Mint = %d chars, %v; want an error", len(token), err)
			}
			if !strings.HasPrefix(err.Error(), "issuertest: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// fatalTB records Fatalf instead of stopping, so MustMint's failure path can be observed.
type fatalTB struct {
	testing.TB
	failed string
}

func (f *fatalTB) Helper()                        {}
func (f *fatalTB) Fatalf(format string, a ...any) { f.failed = fmt.Sprintf(format, a...) }

func TestMustMintFailsTheTest(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	tb := &fatalTB{}
	if token := iss.MustMint(tb, issuertest.WithAlgorithm("RS256")); token != "" || tb.failed == "" {
		t.Fatalf("MustMint with a disabled algorithm: %d chars, failure %q", len(token), tb.failed)
	}
	if token := iss.MustMint(&fatalTB{}); token == "" {
		t.Fatal("MustMint returned no token")
	}
}
