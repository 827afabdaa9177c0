package conformance

import (
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/testtoken"
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
