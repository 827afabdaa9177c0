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

// TestNewVerifierRefusesBadConfig: a configuration typo fails at construction, and so does a
// configuration that leaves the server's URL to the client's Host header (issue 22 item 5).
func TestNewVerifierRefusesBadConfig(t *testing.T) {
	base := dpop.WithBaseURL("https://api.example.com")
	for name, opts := range map[string][]dpop.Option{
		"alg none":                   {base, dpop.WithAlgorithms("none")},
		"alg HS256":                  {base, dpop.WithAlgorithms("ES256", "HS256")},
		"unknown alg":                {base, dpop.WithAlgorithms("ES256K")},
		"alg in lower case":          {base, dpop.WithAlgorithms("es256")},
		"no alg":                     {base, dpop.WithAlgorithms()},
		"zero max age":               {base, dpop.WithMaxAge(0)},
		"negative leeway":            {base, dpop.WithLeeway(-time.Second)},
		"nil cache":                  {base, dpop.WithReplayCache(nil)},
		"nil nonces":                 {base, dpop.WithNonce(nil)},
		"base URL path":              {dpop.WithBaseURL("https://api.example.com/v1")},
		"base URL scheme":            {dpop.WithBaseURL("api.example.com")},
		"nil clock":                  {base, dpop.WithClock(nil)},
		"nil option":                 {base, nil},
		"no server URL":              {},
		"no server URL, other opts":  {dpop.WithMaxAge(time.Minute)},
		"no trusted host":            {dpop.WithTrustedHosts()},
		"empty trusted host":         {dpop.WithTrustedHosts("")},
		"trusted host with a scheme": {dpop.WithTrustedHosts("https://api.example.com")},
		"trusted host with a path":   {dpop.WithTrustedHosts("api.example.com/v1")},
		"trusted host, empty port":   {dpop.WithTrustedHosts("api.example.com:")},
		"forwarded without hosts":    {dpop.WithForwardedHeaders()},
		"base URL and trusted hosts": {base, dpop.WithTrustedHosts("api.example.com")},
		"base URL and forwarded":     {base, dpop.WithForwardedHeaders()},
	} {
		if _, err := dpop.NewVerifier(opts...); err == nil {
			t.Errorf("%s: NewVerifier accepted it", name)
		}
	}
	v, err := dpop.NewVerifier(base)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.AlgorithmsParam(); got != "ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA" {
		t.Errorf("default algorithms %q", got)
	}
	if n, err := v.Nonce(context.Background()); n != "" || err != nil {
		t.Errorf("Nonce without a NonceSource = %q, %v", n, err)
	}
	for _, opts := range [][]dpop.Option{
		{dpop.WithTrustedHosts("api.example.com", "API.example.com:8443", "[::1]:8080")},
		{dpop.WithTrustedHosts("api.example.com"), dpop.WithForwardedHeaders()},
	} {
		if _, err := dpop.NewVerifier(opts...); err != nil {
			t.Errorf("NewVerifier: %v", err)
		}
	}
}

// TestVerifyRequest checks the request URL a Verifier derives: WithBaseURL's whatever the Host; with
// WithTrustedHosts the connection's scheme and the Host header, only when listed; X-Forwarded-* only
// with WithForwardedHeaders, and then still only a listed host. A proof made for another server,
// sent with that server's Host, is refused (issue 22 item 5).
func TestVerifyRequest(t *testing.T) {
	k := keys()
	jkt := jkt(t, k.p256)
	base := dpop.WithBaseURL("https://api.example.com")
	trusted := dpop.WithTrustedHosts("api.example.com", "localhost:8080")
	forwarded := []dpop.Option{trusted, dpop.WithForwardedHeaders()}
	for _, tc := range []struct {
		name     string
		opts     []dpop.Option
		target   string // where the request arrives: scheme (TLS or not) and Host header
		htu      string // what the client addressed
		forwards [][2]string
		ok       bool
	}{
		{"base URL", []dpop.Option{base}, "https://api.example.com/orders", "https://api.example.com/orders", nil, true},
		{"base URL behind a proxy", []dpop.Option{base}, "http://10.0.0.7:8080/orders", "https://api.example.com/orders", nil, true},
		{"base URL, other path", []dpop.Option{base}, "http://10.0.0.7:8080/orders", "https://api.example.com/admin", nil, false},
		{"base URL, proof for another server sent with its Host", []dpop.Option{base}, "https://evil.example/orders", "https://evil.example/orders", nil, false},
		{"trusted host", []dpop.Option{trusted}, "https://api.example.com/orders", "https://api.example.com/orders", nil, true},
		{"trusted host, default port spelled", []dpop.Option{trusted}, "https://API.example.com:443/orders", "https://api.example.com/orders", nil, true},
		{"trusted host with port", []dpop.Option{trusted}, "http://localhost:8080/orders", "http://localhost:8080/orders", nil, true},
		{"trusted host, other port", []dpop.Option{trusted}, "http://localhost:9090/orders", "http://localhost:9090/orders", nil, false},
		{"proof for another server sent with its Host", []dpop.Option{trusted}, "https://evil.example/orders", "https://evil.example/orders", nil, false},
		{"trusted host, forwarded headers ignored", []dpop.Option{trusted}, "http://api.example.com/orders", "https://api.example.com/orders",
			[][2]string{{"X-Forwarded-Proto", "https"}}, false},
		{"forwarded", forwarded, "http://10.0.0.7:8080/orders", "https://api.example.com/orders",
			[][2]string{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "api.example.com"}}, true},
		{"forwarded host not trusted", forwarded, "http://10.0.0.7:8080/orders", "https://evil.example/orders",
			[][2]string{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "evil.example"}}, false},
		{"forwarded host list", forwarded, "http://10.0.0.7:8080/orders", "https://api.example.com/orders",
			[][2]string{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "api.example.com, evil.example"}}, false},
		{"forwarded proto repeated", forwarded, "http://api.example.com/orders", "https://api.example.com/orders",
			[][2]string{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Proto", "https"}}, false},
		{"forwarded proto not http(s)", forwarded, "http://api.example.com/orders", "https://api.example.com/orders",
			[][2]string{{"X-Forwarded-Proto", "ftp"}}, false},
		{"forwarded, none sent: the connection's", forwarded, "http://api.example.com/orders", "http://api.example.com/orders", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newVerifierFor(t, tc.opts...)
			r := httptest.NewRequest("GET", tc.target, nil)
			p, err := dpop.NewProof(k.p256, "GET", tc.htu, testToken, dpop.WithProofIssuedAt(testNow))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("DPoP", p)
			for _, h := range tc.forwards {
				r.Header.Add(h[0], h[1])
			}
			proof, err := v.VerifyRequest(r, testToken, jkt)
			if tc.ok != (err == nil) {
				t.Fatalf("VerifyRequest: %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && !errors.Is(err, dpop.ErrInvalidProof) {
				t.Fatalf("VerifyRequest: %v, want ErrInvalidProof", err)
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
