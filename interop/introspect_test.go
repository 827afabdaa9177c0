//go:build interop

package interop_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/validator"
)

// The resource server's client at the provider, and the APIs whose tokens are opaque (provider.mjs).
const (
	rsClientID     = "interop-rs"
	rsClientSecret = "interop-rs-secret-0123456789abcdef"
	opaqueAPI      = "https://opaque.example.test"
	otherOpaqueAPI = "https://opaque-other.example.test"
)

// mintOpaque mints an opaque token for resource and checks that it is not a JWS.
func (p *provider) mintOpaque(t *testing.T, resource string, scope ...string) string {
	t.Helper()
	tok := p.mint(t, resource, scope...).AccessToken
	if strings.Count(tok, ".") == 2 {
		t.Fatalf("the provider issued a JWT for %s, want an opaque token", resource)
	}
	return tok
}

// revoke revokes token at the provider's RFC 7009 endpoint as the client it was issued to.
func (p *provider) revoke(t *testing.T, token string) {
	t.Helper()
	resp := p.postAsClient(t, "/token/revocation", url.Values{"token": {token}, "token_type_hint": {"access_token"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revocation endpoint answered %d\n%s", resp.StatusCode, p.stderr)
	}
}

// newIntrospector discovers the provider's introspection endpoint, as an API at opaqueAPI would.
func newIntrospector(t *testing.T, issuer string, opts ...introspect.Option) *introspect.Introspector {
	t.Helper()
	base := []introspect.Option{
		introspect.WithClientSecretBasic(rsClientID, rsClientSecret),
		introspect.WithAudience(opaqueAPI),
		introspect.WithLeeway(0),
		introspect.WithTimeout(5 * time.Second),
	}
	in, err := introspect.Discover(ctxT(t, 30*time.Second), issuer, append(base, opts...)...)
	if err != nil {
		t.Fatalf("introspect.Discover(%s): %v", issuer, err)
	}
	return in
}

// waitPastExpiry sleeps until a token of the provider's short TTL (1 s) has surely expired.
func waitPastExpiry() { time.Sleep(2500 * time.Millisecond) }

// TestIntrospection checks opaque tokens from the provider through package introspect: the answer's
// claims, and every refusal with its reason.
func TestIntrospection(t *testing.T) {
	jwksFile := filepath.Join(t.TempDir(), "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	in := newIntrospector(t, p.issuer)

	tok := p.mintOpaque(t, opaqueAPI, scopeRead)
	claims, err := in.Validate(ctxT(t, 10*time.Second), tok)
	if err != nil {
		t.Fatalf("valid opaque token: %v", err)
	}
	if claims.Issuer != p.issuer || claims.ClientID != clientID || !claims.Scopes.Has(scopeRead) || claims.Scopes.Has(scopeWrite) ||
		len(claims.Audience) != 1 || claims.Audience[0] != opaqueAPI || time.Until(claims.ExpiresAt) < time.Minute {
		t.Fatalf("claims %+v", claims)
	}
	if typ, _ := claims.Get("token_type"); typ != "Bearer" {
		t.Errorf("token_type = %v, want Bearer", typ)
	}

	revoked := p.mintOpaque(t, opaqueAPI, scopeRead)
	p.revoke(t, revoked)
	expired := p.mintOpaque(t, opaqueAPI+"/short", scopeRead)
	otherAudience := p.mintOpaque(t, otherOpaqueAPI, scopeRead)
	waitPastExpiry()
	for _, tc := range []struct {
		name, token string
		want        error
	}{
		{"unknown", "SomeOpaqueTokenTheProviderNeverIssued0123456", validator.ErrTokenInactive},
		{"revoked", revoked, validator.ErrTokenInactive},
		{"expired", expired, validator.ErrTokenInactive},
		{"wrong audience", otherAudience, validator.ErrInvalidAudience},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := in.Validate(ctxT(t, 10*time.Second), tc.token)
			if !errors.Is(err, tc.want) || validator.KindOf(err) != validator.KindTokenRefused {
				t.Fatalf("Validate: %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), tc.token) {
				t.Fatal("the error holds the token")
			}
		})
	}

	t.Run("JWT sent to the introspector", func(t *testing.T) {
		// oidc-provider refuses to introspect structured tokens with 400 invalid_request: no answer
		// about the token, so no 401. validator.WithOpaqueTokens keeps JWTs away from the introspector.
		_, err := in.Validate(ctxT(t, 10*time.Second), p.mint(t, audience+"/rs256", scopeRead).AccessToken)
		if validator.KindOf(err) != validator.KindUnavailable {
			t.Fatalf("Validate: %v, want introspection_unavailable", err)
		}
	})

	t.Run("wrong resource server credentials", func(t *testing.T) {
		bad, err := introspect.New(p.issuer+"/token/introspection", introspect.WithClientSecretBasic(rsClientID, "wrong"),
			introspect.WithAudience(opaqueAPI))
		if err != nil {
			t.Fatal(err)
		}
		_, err = bad.Validate(ctxT(t, 10*time.Second), p.mintOpaque(t, opaqueAPI, scopeRead))
		if validator.KindOf(err) != validator.KindUnavailable {
			t.Fatalf("Validate: %v, want our own failure (introspection_unavailable), not the client's", err)
		}
	})

	t.Run("provider down", func(t *testing.T) {
		tok := p.mintOpaque(t, opaqueAPI, scopeRead)
		p.stop()
		_, err := in.Validate(ctxT(t, 10*time.Second), tok)
		if !errors.Is(err, introspect.ErrUnavailable) || validator.KindOf(err) != validator.KindUnavailable {
			t.Fatalf("Validate: %v, want introspection_unavailable", err)
		}
	})
}

// TestOpaqueAndJWTThroughAdapters serves one validator.ByIssuer with the provider's JWT Validator
// and its introspector (WithOpaqueTokens) behind every adapter.
func TestOpaqueAndJWTThroughAdapters(t *testing.T) {
	jwksFile := filepath.Join(t.TempDir(), "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	v, _ := newValidator(t, p.issuer)
	router, err := validator.ByIssuer([]*validator.Validator{v}, validator.WithOpaqueTokens(newIntrospector(t, p.issuer)))
	if err != nil {
		t.Fatal(err)
	}
	calls := startAdapters(t, router)

	jwt := p.mint(t, audience+"/es256", scopeRead).AccessToken
	readWrite := p.mintOpaque(t, opaqueAPI, scopeRead, scopeWrite)
	readOnly := p.mintOpaque(t, opaqueAPI, scopeRead)
	revoked := p.mintOpaque(t, opaqueAPI, scopeRead)
	p.revoke(t, revoked)
	expired := p.mintOpaque(t, opaqueAPI+"/short", scopeRead)
	otherAudience := p.mintOpaque(t, otherOpaqueAPI, scopeRead)
	beforeOutage := p.mintOpaque(t, opaqueAPI, scopeRead) // never asked about until the provider is gone
	waitPastExpiry()

	check := func(t *testing.T, route, token string, want int) {
		t.Helper()
		for _, name := range adapterNames() {
			if code, _, err := calls[name](ctxT(t, 10*time.Second), route, token); err != nil || code != want {
				t.Errorf("%s %s: %d %v, want %d", name, route, code, err, want)
			}
		}
	}
	check(t, routeRead, jwt, http.StatusOK)
	check(t, routeRead, readOnly, http.StatusOK)
	check(t, routeWrite, readWrite, http.StatusOK)
	check(t, routeWrite, readOnly, http.StatusForbidden)
	check(t, routeRead, revoked, http.StatusUnauthorized)
	check(t, routeRead, expired, http.StatusUnauthorized)
	check(t, routeRead, otherAudience, http.StatusUnauthorized)
	check(t, routeRead, "SomeOpaqueTokenTheProviderNeverIssued0123456", http.StatusUnauthorized)

	p.stop()
	check(t, routeRead, beforeOutage, http.StatusServiceUnavailable) // our outage: never a 401
	check(t, routeRead, jwt, http.StatusOK)                          // JWT keys are already loaded
	check(t, routeRead, readOnly, http.StatusOK)                     // answered from the cache
}

// TestCLIIntrospect runs `jwtguard verify --introspect` against the provider's introspection endpoint.
func TestCLIIntrospect(t *testing.T) {
	dir := t.TempDir()
	bin := buildCLI(t, dir)
	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)
	secretFile := filepath.Join(dir, "rs-secret")
	if err := os.WriteFile(secretFile, []byte(rsClientSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	endpoint := introspectionEndpoint(t, p.issuer)

	verify := func(t *testing.T, token string) (code int, stdout, stderr string) {
		t.Helper()
		code, stdout, stderr = runCLI(t, bin, "verify", "--introspect", endpoint, "--client-id", rsClientID,
			"--client-secret-file", secretFile, "--issuer", p.issuer, "--audience", opaqueAPI, "--leeway", "0s", "--", token) // an opaque token may begin with "-"
		if strings.Contains(stdout+stderr, token) || strings.Contains(stdout+stderr, rsClientSecret) {
			t.Error("the output holds the token or the client secret")
		}
		return code, stdout, stderr
	}

	t.Run("valid", func(t *testing.T) {
		code, stdout, stderr := verify(t, p.mintOpaque(t, opaqueAPI, scopeRead))
		if code != 0 {
			t.Fatalf("exit %d, want 0\nstderr: %s", code, stderr)
		}
		var doc struct {
			Claims map[string]any `json:"claims"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil || doc.Claims["active"] != true || doc.Claims["client_id"] != clientID {
			t.Fatalf("stdout %s (%v)", stdout, err)
		}
	})

	revoked := p.mintOpaque(t, opaqueAPI, scopeRead)
	p.revoke(t, revoked)
	expired := p.mintOpaque(t, opaqueAPI+"/short", scopeRead)
	otherAudience := p.mintOpaque(t, otherOpaqueAPI, scopeRead)
	waitPastExpiry()
	for _, tc := range []struct{ name, token, reason string }{
		{"revoked", revoked, "token_inactive"},
		{"expired", expired, "token_inactive"},
		{"wrong audience", otherAudience, "invalid_audience"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := verify(t, tc.token)
			first, _, _ := strings.Cut(stderr, "\n")
			if code != 1 || stdout != "" || !strings.HasPrefix(first, "rejected: "+tc.reason+": ") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and \"rejected: %s: ...\"", code, stdout, first, tc.reason)
			}
		})
	}

	t.Run("provider down", func(t *testing.T) {
		tok := p.mintOpaque(t, opaqueAPI, scopeRead)
		p.stop()
		code, stdout, stderr := verify(t, tok)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "error: introspection_unavailable: ") {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and introspection_unavailable", code, stdout, stderr)
		}
	})
}

// introspectionEndpoint reads introspection_endpoint from the provider's discovery document.
func introspectionEndpoint(t *testing.T, issuer string) string {
	t.Helper()
	resp, err := http.Get(issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Endpoint string `json:"introspection_endpoint"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || doc.Endpoint == "" {
		t.Fatalf("discovery names no introspection_endpoint: %v", err)
	}
	return doc.Endpoint
}
