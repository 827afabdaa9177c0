package dpop_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// TestNewVerifierRefusesBadConfig: a configuration typo fails at construction.
func TestNewVerifierRefusesBadConfig(t *testing.T) {
	for name, opt := range map[string]dpop.Option{
		"alg none":          dpop.WithAlgorithms("none"),
		"alg HS256":         dpop.WithAlgorithms("ES256", "HS256"),
		"unknown alg":       dpop.WithAlgorithms("ES256K"),
		"alg in lower case": dpop.WithAlgorithms("es256"),
		"no alg":            dpop.WithAlgorithms(),
		"zero max age":      dpop.WithMaxAge(0),
		"negative leeway":   dpop.WithLeeway(-time.Second),
		"nil cache":         dpop.WithReplayCache(nil),
		"nil nonces":        dpop.WithNonce(nil),
		"base URL path":     dpop.WithBaseURL("https://api.example.com/v1"),
		"base URL scheme":   dpop.WithBaseURL("api.example.com"),
		"nil clock":         dpop.WithClock(nil),
		"nil option":        nil,
	} {
		if _, err := dpop.NewVerifier(opt); err == nil {
			t.Errorf("%s: NewVerifier accepted it", name)
		}
	}
	v, err := dpop.NewVerifier()
	if err != nil {
		t.Fatal(err)
	}
	if got := v.AlgorithmsParam(); got != "ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA" {
		t.Errorf("default algorithms %q", got)
	}
	if n, err := v.Nonce(context.Background()); n != "" || err != nil {
		t.Errorf("Nonce without a NonceSource = %q, %v", n, err)
	}
}

// TestVerifyRequest checks the request URL a Verifier derives: the connection and Host header by
// default, WithBaseURL behind a proxy, and never X-Forwarded-* headers.
func TestVerifyRequest(t *testing.T) {
	k := keys()
	jkt := jkt(t, k.p256)
	for _, tc := range []struct {
		name     string
		opts     []dpop.Option
		target   string // where the request arrives
		htu      string // what the client addressed
		forwards bool
		ok       bool
	}{
		{"direct TLS", nil, "https://api.example.com/orders", "https://api.example.com/orders", false, true},
		{"behind a proxy, no base URL", nil, "http://10.0.0.7:8080/orders", "https://api.example.com/orders", true, false},
		{"behind a proxy, base URL", []dpop.Option{dpop.WithBaseURL("https://api.example.com")}, "http://10.0.0.7:8080/orders", "https://api.example.com/orders", true, true},
		{"base URL, other path", []dpop.Option{dpop.WithBaseURL("https://api.example.com")}, "http://10.0.0.7:8080/orders", "https://api.example.com/admin", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newVerifier(t, tc.opts...)
			r := httptest.NewRequest("GET", tc.target, nil)
			p, err := dpop.NewProof(k.p256, "GET", tc.htu, testToken, dpop.WithProofIssuedAt(testNow))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("DPoP", p)
			if tc.forwards {
				r.Header.Set("X-Forwarded-Proto", "https")
				r.Header.Set("X-Forwarded-Host", "api.example.com")
			}
			proof, err := v.VerifyRequest(r, testToken, jkt)
			if tc.ok != (err == nil) {
				t.Fatalf("VerifyRequest: %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && proof.Thumbprint != jkt {
				t.Fatalf("thumbprint %q, want %q", proof.Thumbprint, jkt)
			}
		})
	}
}

// TestBoundTokens runs the library path the HTTP core takes with tokens from a real issuer: a
// DPoP-bound token verifies with its proof and is refused as Bearer; an unbound one passes as Bearer
// and is refused with the DPoP scheme.
func TestBoundTokens(t *testing.T) {
	k := keys()
	want := jkt(t, k.p256)
	iss := issuertest.New(t)
	set, err := jwks.New(context.Background(), iss.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = set.Close() })
	val, err := validator.New(set, validator.WithIssuer(iss.URL()), validator.WithAudience("api"))
	if err != nil {
		t.Fatal(err)
	}
	validate := func(tok string) *validator.Claims {
		t.Helper()
		c, err := val.Validate(context.Background(), tok)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	bound := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithDPoPKey(k.p256.Public()))
	unbound := iss.MustMint(t, issuertest.WithAudience("api"))
	v := newVerifier(t)

	claims := validate(bound)
	jkt, isBound := dpop.BoundThumbprint(claims)
	if !isBound || jkt != want {
		t.Fatalf("BoundThumbprint = %q, %v", jkt, isBound)
	}
	if err := dpop.CheckBearer(claims); !errors.Is(err, dpop.ErrBoundTokenAsBearer) || validator.KindOf(err) != validator.KindTokenRefused {
		t.Fatalf("bound token as Bearer: %v", err)
	}
	p, err := dpop.NewProof(k.p256, "GET", testURL, bound, dpop.WithProofIssuedAt(testNow))
	if err != nil {
		t.Fatal(err)
	}
	proof, err := v.Verify(context.Background(), "GET", mustURL(t, testURL), []string{p}, bound, jkt)
	if err != nil {
		t.Fatalf("bound token with its proof: %v", err)
	}
	ctx := dpop.NewContext(context.Background(), proof)
	if got, ok := dpop.FromContext(ctx); !ok || got.Thumbprint != jkt {
		t.Fatalf("FromContext = %v, %v", got, ok)
	}
	if _, ok := dpop.FromContext(context.Background()); ok {
		t.Fatal("FromContext found a proof in an empty context")
	}

	claims = validate(unbound)
	if err := dpop.CheckBearer(claims); err != nil {
		t.Fatalf("unbound token as Bearer: %v", err)
	}
	jkt, isBound = dpop.BoundThumbprint(claims)
	p, _ = dpop.NewProof(k.p256, "GET", testURL, unbound, dpop.WithProofIssuedAt(testNow))
	if _, err := v.Verify(context.Background(), "GET", mustURL(t, testURL), []string{p}, unbound, jkt); isBound || !errors.Is(err, dpop.ErrTokenNotBound) {
		t.Fatalf("unbound token with the DPoP scheme: bound %v, %v", isBound, err)
	}

	garbled := validate(iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithClaim("cnf", map[string]int{"jkt": 1})))
	if err := dpop.CheckBearer(garbled); err == nil {
		t.Fatal("a token with a garbled cnf.jkt passed as Bearer")
	}
}

func TestMode(t *testing.T) {
	if !dpop.Allowed.Valid() || !dpop.Required.Valid() || dpop.Mode(0).Valid() {
		t.Fatal("Mode.Valid")
	}
	if dpop.Allowed.String() != "allowed" || dpop.Required.String() != "required" || dpop.Mode(9).String() != "invalid" {
		t.Fatal("Mode.String")
	}
}
