package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
)

// demoTokens are the tokens the demo prints and --once presents.
type demoTokens struct {
	valid      string // scope orders:read, valid for an hour so printed curl lines keep working
	wrongScope string // valid, but only scope "profile"
	expired    string // scope orders:read, expired ten minutes ago
	tampered   string // the valid token with its subject changed and the signature kept
	session    string // scope orders:read, of login session demoSessionID, issued a minute ago: the revocation line's
	dpop       demoDPoP
}

// The shell variables the printed lines use for the tokens.
const (
	tokenVar     = "TOKEN"
	noScopeVar   = "TOKEN_NO_SCOPE"
	expiredVar   = "TOKEN_EXPIRED"
	tamperedVar  = "TOKEN_TAMPERED"
	dpopTokenVar = "DPOP_TOKEN"
	dpopKeyVar   = "DPOP_KEY_FILE"
)

// shellVar is a token, or the DPoP key file, as the printed lines set it in the shell, once.
type shellVar struct{ name, value, about string }

func (t demoTokens) vars() []shellVar {
	return []shellVar{
		{tokenVar, t.valid, "scope " + demoScope},
		{noScopeVar, t.wrongScope, "scope profile only"},
		{expiredVar, t.expired, "expired ten minutes ago"},
		{tamperedVar, t.tampered, "the first one with its sub changed, signature kept"},
		{dpopTokenVar, t.dpop.token, "scope " + demoScope + ", DPoP-bound (cnf.jkt) to the key in " + dpopKeyVar},
		{dpopKeyVar, t.dpop.keyFile, "the DPoP client's private key (P-256, PEM), deleted when the demo stops"},
		{sessionTokenVar, t.session, "scope " + demoScope + ", of login session " + demoSessionID + " (sid), which the revocation lines revoke"},
	}
}

func (d *demo) mintTokens() (demoTokens, error) {
	common := []issuertest.MintOption{
		issuertest.WithAudience(demoAudience),
		issuertest.WithSubject("demo-user"),
		issuertest.WithClientID("jwtguard-demo-cli"),
	}
	mint := func(opts ...issuertest.MintOption) (string, error) {
		return d.iss.Mint(append(append([]issuertest.MintOption(nil), common...), opts...)...)
	}
	var t demoTokens
	var err error
	if t.valid, err = mint(issuertest.WithScope(demoScope), issuertest.WithExpiry(time.Now().Add(time.Hour))); err != nil {
		return t, err
	}
	if t.wrongScope, err = mint(issuertest.WithScope("profile"), issuertest.WithExpiry(time.Now().Add(time.Hour))); err != nil {
		return t, err
	}
	if t.expired, err = mint(issuertest.WithScope(demoScope), issuertest.Expired()); err != nil {
		return t, err
	}
	if t.tampered, err = withClaim(t.valid, "sub", "admin"); err != nil {
		return t, err
	}
	// Issued a minute ago, so that a revocation of its session a moment after the demo starts is
	// after its iat: a revocation refuses the tokens issued before it, not those issued since.
	if t.session, err = mint(issuertest.WithScope(demoScope), issuertest.WithExpiry(time.Now().Add(time.Hour)),
		issuertest.WithClaim("sid", demoSessionID), issuertest.WithClaim("iat", time.Now().Add(-time.Minute).Unix())); err != nil {
		return t, err
	}
	t.dpop, err = newDemoDPoP(mint)
	return t, err
}

// withClaim returns token with one claim of its payload changed and its signature untouched: what an
// attacker who edits a token gets, and what a verifier must refuse.
func withClaim(token, name string, value any) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", fmt.Errorf("tamper: not a compact JWS")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", fmt.Errorf("tamper: %w", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return "", fmt.Errorf("tamper: %w", err)
	}
	claims[name] = value
	if payload, err = json.Marshal(claims); err != nil {
		return "", fmt.Errorf("tamper: %w", err)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, "."), nil
}
