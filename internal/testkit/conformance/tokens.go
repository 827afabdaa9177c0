package conformance

import (
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
)

// Tokens maps the placeholder names the tables use ("{valid}", "{expired}", ...) to minted tokens.
type Tokens map[string]string

// MintTokens mints one token per placeholder name with m.
func MintTokens(m *testtoken.Minter) Tokens {
	return Tokens{
		"valid":       m.Token(),
		"write":       m.Token(testtoken.Scope("orders:read orders:write")),
		"expired":     m.Token(testtoken.ExpiredFor(3 * time.Minute)),
		"future":      m.Token(testtoken.NotBefore(10 * time.Minute)),
		"forged":      m.Token(testtoken.SignedByStranger()),
		"unknown-kid": m.Token(testtoken.KeyIDOf("rotated-away")),
		"wrong-aud":   m.Token(testtoken.Claim("aud", "https://other-api.test")),
		"wrong-iss":   m.Token(testtoken.Claim("iss", "https://evil.test")),
		"malformed":   "not-a-jwt",
		// Sender-constrained tokens (cnf), which no route of the plain setups checks: refused
		// everywhere rather than taken for bearer tokens.
		"jkt-bound":   m.Token(testtoken.Claim("cnf", map[string]any{"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"})),
		"x5t-bound":   m.Token(testtoken.Claim("cnf", map[string]any{"x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"})),
		"jwk-bound":   m.Token(testtoken.Claim("cnf", map[string]any{"jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}})),
		"empty-cnf":   m.Token(testtoken.Claim("cnf", map[string]any{})),
		"garbled-cnf": m.Token(testtoken.Claim("cnf", "jkt")),
	}
}

// Expand replaces every "{name}" in s with the token of that name.
func (t Tokens) Expand(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	for name, token := range t {
		s = strings.ReplaceAll(s, "{"+name+"}", token)
	}
	return s
}

// LeakedIn returns the name of a token that text contains, or "".
func (t Tokens) LeakedIn(text string) string {
	for name, token := range t {
		if testtoken.Leaks(text, token) {
			return name
		}
	}
	return ""
}
