//go:build interop

// Package interop_test proves jwtguard against tokens it did not mint: RFC 9068 JWT access tokens
// issued by oidc-provider, a certified OpenID Provider, over its real token endpoint. Run it with
// interop/run.sh, which installs Node.js and the npm dependencies first.
package interop_test

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// allAdapters are the adapter packages the design names; each should be registered by its
// adapter_<name>_test.go file.
var allAdapters = []string{"echomw", "ginmw", "grpcinterceptor", "nethttp"}

// startAdapters serves whoami behind every registered adapter, all sharing v.
func startAdapters(t *testing.T, v validator.TokenValidator) map[string]callFunc {
	t.Helper()
	if got := adapterNames(); !slices.Equal(got, allAdapters) {
		t.Logf("adapters covered: %v (of %v)", got, allAdapters)
	}
	calls := make(map[string]callFunc, len(adapters))
	for name, start := range adapters {
		calls[name] = start(t, v)
	}
	return calls
}

// newValidator discovers the provider's keys and builds the validator an API at audience would use.
func newValidator(t *testing.T, issuer string, opts ...jwks.Option) (*validator.Validator, *jwks.Set) {
	t.Helper()
	set, err := jwks.Discover(ctxT(t, 30*time.Second), issuer, append([]jwks.Option{jwksLogger(t)}, opts...)...)
	if err != nil {
		t.Fatalf("jwks.Discover(%s): %v", issuer, err)
	}
	t.Cleanup(func() { set.Close() })
	v, err := validator.New(set,
		validator.WithIssuer(issuer),
		validator.WithAudience(audience),
		validator.WithAlgorithms("RS256", "PS256", "ES256", "EdDSA"),
		validator.WithTokenType("at+jwt"),
		validator.WithLeeway(0),
	)
	if err != nil {
		t.Fatalf("validator.New: %v", err)
	}
	return v, set
}

// TestAlgorithms mints a token per algorithm over the token endpoint and validates it through the
// validator and every adapter.
func TestAlgorithms(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	v, _ := newValidator(t, p.issuer)

	// One server per adapter, shared by the algorithms.
	calls := startAdapters(t, v)

	for _, a := range algs {
		t.Run(a.alg, func(t *testing.T) {
			tr := p.mint(t, audience+"/"+a.path, scopeRead, scopeWrite)
			if !strings.EqualFold(tr.TokenType, "Bearer") {
				t.Errorf("token_type = %q, want Bearer", tr.TokenType)
			}
			raw := decodeUnverified(t, tr.AccessToken)
			if raw.Header["alg"] != a.alg || raw.Header["typ"] != "at+jwt" || raw.Header["kid"] != a.path+"-1" {
				t.Fatalf("header = %v, want alg %s, typ at+jwt, kid %s-1", raw.Header, a.alg, a.path)
			}

			claims, err := v.Validate(ctxT(t, 10*time.Second), tr.AccessToken)
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if claims.Algorithm != a.alg || claims.KeyID != a.path+"-1" || claims.Type != "at+jwt" {
				t.Errorf("header fields = %s %s %s", claims.Algorithm, claims.KeyID, claims.Type)
			}
			if claims.Issuer != p.issuer || claims.Subject != clientID || claims.ClientID != clientID ||
				!slices.Equal(claims.Audience, []string{audience}) || claims.ID == "" {
				t.Errorf("claims = iss %q sub %q client_id %q aud %q jti %q", claims.Issuer, claims.Subject, claims.ClientID, claims.Audience, claims.ID)
			}
			if !claims.Scopes.Has(scopeRead) || !claims.Scopes.Has(scopeWrite) {
				t.Errorf("scopes = %v, want %s and %s", claims.Scopes, scopeRead, scopeWrite)
			}
			if d := claims.ExpiresAt.Sub(claims.IssuedAt); d != time.Duration(tr.ExpiresIn)*time.Second {
				t.Errorf("exp - iat = %v, expires_in = %d", d, tr.ExpiresIn)
			}

			// Through every adapter: the token carries orders:write, so both routes answer.
			for _, name := range adapterNames() {
				for _, route := range []string{routeRead, routeWrite} {
					code, sub, err := calls[name](ctxT(t, 10*time.Second), route, tr.AccessToken)
					if err != nil || code != http.StatusOK || sub != clientID {
						t.Errorf("%s %s: %d %q %v, want 200 %q", name, route, code, sub, err, clientID)
					}
				}
			}

			// A token granted orders:read only passes the read route and is refused the write route
			// with 403 insufficient_scope (gRPC PermissionDenied).
			readOnly := p.mint(t, audience+"/"+a.path, scopeRead).AccessToken
			if c, err := v.Validate(ctxT(t, 10*time.Second), readOnly); err != nil || c.Scopes.Has(scopeWrite) || !c.Scopes.Has(scopeRead) {
				t.Fatalf("read-only token: scopes %v, %v", c.Scopes, err)
			}
			for _, name := range adapterNames() {
				if code, _, err := calls[name](ctxT(t, 10*time.Second), routeRead, readOnly); err != nil || code != http.StatusOK {
					t.Errorf("%s read with orders:read: %d %v, want 200", name, code, err)
				}
				if code, _, err := calls[name](ctxT(t, 10*time.Second), routeWrite, readOnly); err != nil || code != http.StatusForbidden {
					t.Errorf("%s write with orders:read only: %d %v, want 403 (gRPC PermissionDenied)", name, code, err)
				}
			}
		})
	}

	// Without a token every adapter refuses.
	t.Run("no token", func(t *testing.T) {
		for _, name := range adapterNames() {
			if code, _, err := calls[name](ctxT(t, 10*time.Second), routeRead, ""); err != nil || code != http.StatusUnauthorized {
				t.Errorf("%s without token: %d %v, want 401 (gRPC Unauthenticated)", name, code, err)
			}
		}
	})
}

// TestRejections checks that tokens the provider really issued are refused for the right reason.
func TestRejections(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	v, _ := newValidator(t, p.issuer)
	calls := startAdapters(t, v)

	// The expired token is minted first so that its second of life passes while the others run.
	expiring := make(map[string]tokenResponse)
	for _, a := range algs {
		expiring[a.alg] = p.mint(t, audience+"/"+a.path+"/short", scopeRead)
	}
	mintedAt := time.Now()

	for _, a := range algs {
		t.Run(a.alg, func(t *testing.T) {
			t.Run("wrong audience", func(t *testing.T) {
				tok := p.mint(t, otherAPI+"/"+a.path, scopeRead).AccessToken
				if aud := decodeUnverified(t, tok).Claims["aud"]; aud != otherAPI {
					t.Fatalf("aud = %v, want %s", aud, otherAPI)
				}
				expectRejected(t, v, calls, tok, validator.ErrInvalidAudience)
			})
			t.Run("tampered", func(t *testing.T) {
				tok := p.mint(t, audience+"/"+a.path, scopeRead).AccessToken
				// Give the token a scope it was not granted: the payload changes, the signature does not.
				header, payload, sig := split3(tok)
				forged := reencode(t, payload, func(c map[string]any) { c["scope"] = "orders:read orders:write admin" })
				expectRejected(t, v, calls, header+"."+forged+"."+sig, validator.ErrInvalidSignature)
				// Flip one bit of the signature.
				expectRejected(t, v, calls, header+"."+payload+"."+flipBit(t, sig), validator.ErrInvalidSignature)
			})
			t.Run("expired", func(t *testing.T) {
				tr := expiring[a.alg]
				if tr.ExpiresIn != 1 {
					t.Fatalf("expires_in = %d, want 1", tr.ExpiresIn)
				}
				exp := decodeUnverified(t, tr.AccessToken).Claims["exp"].(float64)
				// exp is in whole seconds; the token is expired once the clock has passed it.
				if wait := time.Until(time.Unix(int64(exp)+1, 0)); wait > 0 {
					time.Sleep(wait)
				}
				expectRejected(t, v, calls, tr.AccessToken, validator.ErrTokenExpired)
			})
		})
	}
	t.Logf("expired tokens refused %v after they were minted", time.Since(mintedAt).Round(time.Millisecond))

	t.Run("algorithm not allowed", func(t *testing.T) {
		set, err := jwks.Discover(ctxT(t, 30*time.Second), p.issuer, jwksLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		defer set.Close()
		rsOnly, err := validator.New(set, validator.WithIssuer(p.issuer), validator.WithAudience(audience), validator.WithAlgorithms("RS256"))
		if err != nil {
			t.Fatal(err)
		}
		tok := p.mint(t, audience+"/es256", scopeRead).AccessToken
		if _, err := rsOnly.Validate(ctxT(t, 10*time.Second), tok); !errors.Is(err, validator.ErrUnsupportedAlgorithm) {
			t.Errorf("ES256 token under WithAlgorithms(RS256): %v, want ErrUnsupportedAlgorithm", err)
		}
	})

	t.Run("scope required by the validator", func(t *testing.T) {
		set, err := jwks.Discover(ctxT(t, 30*time.Second), p.issuer, jwksLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		defer set.Close()
		writers, err := validator.New(set, validator.WithIssuer(p.issuer), validator.WithAudience(audience),
			validator.WithRequiredScopes(scopes.All(scopeWrite)))
		if err != nil {
			t.Fatal(err)
		}
		tok := p.mint(t, audience+"/ps256", scopeRead).AccessToken
		_, err = writers.Validate(ctxT(t, 10*time.Second), tok)
		if !errors.Is(err, validator.ErrInsufficientScope) || !errors.Is(err, scopes.ErrInsufficientScope) {
			t.Errorf("orders:read token, orders:write required: %v, want ErrInsufficientScope", err)
		}
		if _, err := writers.Validate(ctxT(t, 10*time.Second), p.mint(t, audience+"/ps256", scopeRead, scopeWrite).AccessToken); err != nil {
			t.Errorf("orders:read orders:write token, orders:write required: %v", err)
		}
	})

	t.Run("wrong issuer", func(t *testing.T) {
		set, err := jwks.Discover(ctxT(t, 30*time.Second), p.issuer, jwksLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		defer set.Close()
		// A trailing slash is another issuer: no normalisation.
		other, err := validator.New(set, validator.WithIssuer(p.issuer+"/"), validator.WithAudience(audience))
		if err != nil {
			t.Fatal(err)
		}
		tok := p.mint(t, audience+"/rs256", scopeRead).AccessToken
		if _, err := other.Validate(ctxT(t, 10*time.Second), tok); !errors.Is(err, validator.ErrInvalidIssuer) {
			t.Errorf("issuer %s/ : %v, want ErrInvalidIssuer", p.issuer, err)
		}
	})

	t.Run("discovery issuer must match exactly", func(t *testing.T) {
		_, err := jwks.Discover(ctxT(t, 30*time.Second), p.issuer+"/", jwksLogger(t))
		if !errors.Is(err, jwks.ErrIssuerMismatch) {
			t.Errorf("Discover(%s/): %v, want ErrIssuerMismatch", p.issuer, err)
		}
	})
}

// TestIssuerWithPath runs the provider below a path, as Keycloak-style issuers are
// (http://127.0.0.1:PORT/realms/interop): discovery appends the well-known suffix to the whole issuer,
// and tokens carry that issuer.
func TestIssuerWithPath(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0, "--issuer-path", "/realms/interop")
	if !strings.HasSuffix(p.issuer, "/realms/interop") {
		t.Fatalf("issuer %s has no path", p.issuer)
	}
	v, _ := newValidator(t, p.issuer)
	for _, a := range algs {
		c, err := v.Validate(ctxT(t, 10*time.Second), p.mint(t, audience+"/"+a.path, scopeRead).AccessToken)
		if err != nil {
			t.Fatalf("%s: %v", a.alg, err)
		}
		if c.Issuer != p.issuer {
			t.Errorf("%s: iss %q, want %q", a.alg, c.Issuer, p.issuer)
		}
	}
}

// TestClockSkew runs the provider with a clock that drifted and checks the validator's leeway
// (DefaultLeeway, 30 s) against the iat and exp it really writes.
func TestClockSkew(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	for _, tc := range []struct {
		skew   string
		reason error // nil: accepted
	}{
		{"10", nil},                            // provider 10 s ahead: inside the leeway
		{"-10", nil},                           // 10 s behind
		{"120", validator.ErrTokenNotYetValid}, // iat two minutes in the future
		{"-360", validator.ErrTokenExpired},    // its 300 s token expired 60 s ago by our clock
	} {
		t.Run("skew "+tc.skew+"s", func(t *testing.T) {
			p := startProvider(t, jwksFile, 0, "--clock-skew="+tc.skew)
			set, err := jwks.Discover(ctxT(t, 30*time.Second), p.issuer, jwksLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer set.Close()
			v, err := validator.New(set, validator.WithIssuer(p.issuer), validator.WithAudience(audience)) // default leeway
			if err != nil {
				t.Fatal(err)
			}
			tok := p.mint(t, audience+"/es256", scopeRead).AccessToken
			iat := decodeUnverified(t, tok).Claims["iat"].(float64)
			t.Logf("provider iat is %+ds from ours", int64(iat)-time.Now().Unix())
			_, err = v.Validate(ctxT(t, 10*time.Second), tok)
			if tc.reason == nil && err != nil || tc.reason != nil && !errors.Is(err, tc.reason) {
				t.Errorf("Validate: %v, want %v", err, tc.reason)
			}
			p.stop()
		})
	}
}

// TestProviderDownAtStartup starts the API while the provider is down: Discover still returns a Set,
// every adapter answers 503 (gRPC Unavailable) instead of refusing the token, and once the provider is
// back on the same address the Set's background retry brings the keys and the same token passes.
func TestProviderDownAtStartup(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	port, issuer := p.port, p.issuer
	tok := p.mint(t, audience+"/eddsa", scopeRead, scopeWrite).AccessToken
	p.stop()

	set, err := jwks.Discover(ctxT(t, 30*time.Second), issuer, jwksLogger(t), jwks.WithRetryBackoff(100*time.Millisecond))
	if err != nil {
		t.Fatalf("Discover while the provider is down: %v, want a Set that retries", err)
	}
	t.Cleanup(func() { set.Close() })
	v, err := validator.New(set, validator.WithIssuer(issuer), validator.WithAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	calls := startAdapters(t, v)

	if _, err := v.Validate(ctxT(t, 10*time.Second), tok); !errors.Is(err, validator.ErrKeysUnavailable) {
		t.Errorf("Validate without keys: %v, want ErrKeysUnavailable", err)
	}
	for _, name := range adapterNames() {
		if code, _, err := calls[name](ctxT(t, 10*time.Second), routeRead, tok); err != nil || code != http.StatusServiceUnavailable {
			t.Errorf("%s without keys: %d %v, want 503 (gRPC Unavailable)", name, code, err)
		}
	}

	startProvider(t, jwksFile, port) // stopped by its own t.Cleanup
	if err := set.Ready(ctxT(t, 15*time.Second)); err != nil {
		t.Fatalf("keys did not arrive after the provider came back: %v (%+v)", err, set.Status())
	}
	for _, name := range adapterNames() {
		if code, sub, err := calls[name](ctxT(t, 10*time.Second), routeWrite, tok); err != nil || code != http.StatusOK || sub != clientID {
			t.Errorf("%s after the provider came back: %d %q %v, want 200", name, code, sub, err)
		}
	}
}

// TestCachedValidator runs a validator with WithCache against the provider: a cached token stops
// validating when it expires, and when its key is retired at the provider, as soon as the Set has
// learnt of the new key set.
func TestCachedValidator(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	oldKeys, newKeySet := newKeys(t, "old"), newKeys(t, "new")
	writeJWKS(t, jwksFile, oldKeys)
	p := startProvider(t, jwksFile, 0)
	port, issuer := p.port, p.issuer

	set, err := jwks.Discover(ctxT(t, 30*time.Second), issuer, jwksLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { set.Close() })
	v, err := validator.New(set, validator.WithIssuer(issuer), validator.WithAudience(audience),
		validator.WithLeeway(0), validator.WithCache(1000))
	if err != nil {
		t.Fatal(err)
	}
	validateTwice := func(tok string) error {
		if _, err := v.Validate(ctxT(t, 10*time.Second), tok); err != nil {
			return err
		}
		_, err := v.Validate(ctxT(t, 10*time.Second), tok) // from the cache
		return err
	}

	short := p.mint(t, audience+"/es256/short", scopeRead).AccessToken
	if err := validateTwice(short); err != nil {
		t.Fatalf("short-lived token: %v", err)
	}
	exp := decodeUnverified(t, short).Claims["exp"].(float64)
	time.Sleep(time.Until(time.Unix(int64(exp)+1, 0)))
	if _, err := v.Validate(ctxT(t, 10*time.Second), short); !errors.Is(err, validator.ErrTokenExpired) {
		t.Errorf("cached token after its exp: %v, want ErrTokenExpired", err)
	}

	oldTokens := map[string]string{}
	for _, a := range algs {
		tok := p.mint(t, audience+"/"+a.path, scopeRead).AccessToken
		if err := validateTwice(tok); err != nil {
			t.Fatalf("%s: %v", a.alg, err)
		}
		oldTokens[a.alg] = tok
	}

	// Retire every old key at the provider. The first new-kid token makes the Set refetch.
	p.stop()
	writeJWKS(t, jwksFile, newKeySet)
	p = startProvider(t, jwksFile, port)
	if err := validateTwice(p.mint(t, audience+"/rs256", scopeRead).AccessToken); err != nil {
		t.Fatalf("new-kid token: %v", err)
	}
	for alg, tok := range oldTokens {
		if _, err := v.Validate(ctxT(t, 10*time.Second), tok); !errors.Is(err, validator.ErrUnknownKey) {
			t.Errorf("cached %s token whose key was retired: %v, want ErrUnknownKey", alg, err)
		}
	}
}

// TestKeyRotation restarts the provider on the same port with new keys first and the old ones still
// published, and checks that the validator picks the new kids up with exactly one extra JWKS fetch
// while tokens signed with the old keys keep validating.
func TestKeyRotation(t *testing.T) {
	dir := t.TempDir()
	jwksFile := filepath.Join(dir, "jwks.json")
	oldKeys, newKeySet := newKeys(t, "old"), newKeys(t, "new")
	writeJWKS(t, jwksFile, oldKeys)
	p := startProvider(t, jwksFile, 0)
	port, issuer := p.port, p.issuer

	counter := newCountingTransport()
	v, set := newValidator(t, issuer, jwks.WithHTTPClient(&http.Client{Transport: counter}))
	const jwksPath = "/jwks"
	if n := counter.count(jwksPath); n != 1 {
		t.Fatalf("JWKS fetched %d times by Discover, want 1 (%s)", n, counter)
	}

	oldTokens := map[string]string{}
	for _, a := range algs {
		tok := p.mint(t, audience+"/"+a.path, scopeRead).AccessToken
		c, err := v.Validate(ctxT(t, 10*time.Second), tok)
		if err != nil {
			t.Fatalf("%s before rotation: %v", a.alg, err)
		}
		if c.KeyID != a.path+"-old" {
			t.Fatalf("%s kid %q, want %s-old", a.alg, c.KeyID, a.path)
		}
		oldTokens[a.alg] = tok
	}
	if n := counter.count(jwksPath); n != 1 {
		t.Fatalf("JWKS fetched %d times after validating known kids, want 1 (%s)", n, counter)
	}
	epoch := set.Epoch()

	// Rotate: the new keys come first, so the provider signs with them; the old ones stay published.
	p.stop()
	// While the provider is down, keys already held keep working: validation is off the network.
	for alg, tok := range oldTokens {
		if _, err := v.Validate(ctxT(t, 10*time.Second), tok); err != nil {
			t.Errorf("%s token while the provider is down: %v", alg, err)
		}
	}
	writeJWKS(t, jwksFile, newKeySet, oldKeys)
	p = startProvider(t, jwksFile, port)
	if p.issuer != issuer {
		t.Fatalf("issuer changed across restart: %s -> %s", issuer, p.issuer)
	}

	newTokens := map[string]string{}
	for _, a := range algs {
		tok := p.mint(t, audience+"/"+a.path, scopeRead).AccessToken
		if kid := decodeUnverified(t, tok).Header["kid"]; kid != a.path+"-new" {
			t.Fatalf("provider signed %s with kid %v, want %s-new", a.alg, kid, a.path)
		}
		newTokens[a.alg] = tok
	}

	// Every new-kid token at once, several times over: the first unknown kid costs one fetch, shared by
	// all concurrent callers, and it brings every new key.
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(newTokens))
	for range 8 {
		for alg, tok := range newTokens {
			wg.Go(func() {
				c, err := v.Validate(ctxT(t, 10*time.Second), tok)
				switch {
				case err != nil:
					errs <- fmt.Errorf("%s after rotation: %w", alg, err)
				case !strings.HasSuffix(c.KeyID, "-new"):
					errs <- fmt.Errorf("%s validated with kid %q, want the new key", alg, c.KeyID)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := counter.count(jwksPath); n != 2 {
		t.Fatalf("after %d concurrent validations of 4 new kids the JWKS was fetched %d times, want exactly 2 (%s)", 8*len(newTokens), n, counter)
	}
	if set.Epoch() == epoch {
		t.Errorf("Epoch unchanged after the key set changed")
	}
	for alg, tok := range oldTokens {
		if _, err := v.Validate(ctxT(t, 10*time.Second), tok); err != nil {
			t.Errorf("%s token signed before rotation: %v", alg, err)
		}
	}
	if n := counter.count(jwksPath); n != 2 {
		t.Errorf("JWKS fetched %d times in all, want 2 (%s)", n, counter)
	}
	t.Logf("requests to the provider by path: %s", counter)

	// Retire the old keys: a validator that discovers the provider afresh no longer knows them.
	p.stop()
	writeJWKS(t, jwksFile, newKeySet)
	startProvider(t, jwksFile, port) // stopped by its own t.Cleanup
	fresh, _ := newValidator(t, issuer)
	for alg, tok := range oldTokens {
		if _, err := fresh.Validate(ctxT(t, 10*time.Second), tok); !errors.Is(err, validator.ErrUnknownKey) {
			t.Errorf("%s token signed with a retired key: %v, want ErrUnknownKey", alg, err)
		}
	}
	for alg, tok := range newTokens {
		if _, err := fresh.Validate(ctxT(t, 10*time.Second), tok); err != nil {
			t.Errorf("%s token signed with the current key: %v", alg, err)
		}
	}
}

// --- rejections ------------------------------------------------------------------------------

// expectRejected checks that Validate refuses token with reason, and that every adapter refuses it
// with 401 (gRPC: Unauthenticated).
func expectRejected(t *testing.T, v *validator.Validator, calls map[string]callFunc, token string, reason error) {
	t.Helper()
	_, err := v.Validate(ctxT(t, 10*time.Second), token)
	if !errors.Is(err, reason) {
		t.Errorf("Validate: %v, want %v", err, reason)
	} else if strings.Contains(err.Error(), token) {
		t.Errorf("error message contains the token")
	}
	for _, name := range adapterNames() {
		if code, _, err := calls[name](ctxT(t, 10*time.Second), routeRead, token); err != nil || code != http.StatusUnauthorized {
			t.Errorf("%s: %d %v, want 401 (gRPC Unauthenticated)", name, code, err)
		}
	}
}

func split3(token string) (string, string, string) {
	parts := strings.SplitN(token, ".", 3)
	return parts[0], parts[1], parts[2]
}

func reencode(t *testing.T, segment string, edit func(map[string]any)) string {
	t.Helper()
	j := decodeUnverified(t, "e30."+segment+".x") // "e30" is {}
	edit(j.Claims)
	return b64JSON(t, j.Claims)
}

func flipBit(t *testing.T, segment string) string {
	t.Helper()
	raw := mustB64(t, segment)
	raw[len(raw)/2] ^= 0x01
	return b64(raw)
}
