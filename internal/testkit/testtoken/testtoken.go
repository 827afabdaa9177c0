// Package testtoken mints access tokens for the adapters' tests: an ES256 key published under a
// known kid, a stranger key for forged signatures, a fixed clock, and the claims of a valid RFC 9068
// access token that options then spoil one way or another.
package testtoken

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

// The values a valid token carries and the validator Minter.Validator builds expects.
const (
	Issuer   = "https://issuer.test"
	Audience = "https://api.test"
	KeyID    = "test-key"
	Subject  = "user-1"
)

// Now is the moment every test runs at, so that descriptions such as "token expired 3m0s ago" are
// exact.
var Now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// Clock returns Now; pass it to validator.WithClock.
func Clock() time.Time { return Now }

// ErrKeysDown is the error Unavailable returns.
var ErrKeysDown = errors.New("testtoken: key source is down")

// Minter signs tokens with a key its KeySource publishes, or with a stranger's key.
type Minter struct {
	key      *ecdsa.PrivateKey
	stranger *ecdsa.PrivateKey
}

// NewMinter generates fresh keys. P-256 keys are generated in microseconds, which keeps tests quick
// on small machines.
func NewMinter() (*Minter, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	stranger, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return &Minter{key: key, stranger: stranger}, nil
}

// KeySource returns a KeySource that publishes the Minter's key under KeyID.
func (m *Minter) KeySource() validator.KeySource { return keys{kid: KeyID, key: &m.key.PublicKey} }

// Validator returns a validator over KeySource that expects Issuer and Audience at Now; opts are
// applied after those and may override them.
func (m *Minter) Validator(opts ...validator.Option) (*validator.Validator, error) {
	return validator.New(m.KeySource(), append([]validator.Option{
		validator.WithIssuer(Issuer),
		validator.WithAudience(Audience),
		validator.WithClock(Clock),
	}, opts...)...)
}

// UnavailableValidator returns a validator configured like Validator whose key source always fails,
// so every well-formed token is refused with validator.ErrKeysUnavailable.
func UnavailableValidator() (*validator.Validator, error) {
	return validator.New(Unavailable{},
		validator.WithIssuer(Issuer), validator.WithAudience(Audience), validator.WithClock(Clock))
}

// Option changes the token Token mints.
type Option func(*spec)

type spec struct {
	claims   jwt.MapClaims
	kid      string
	stranger bool
}

// Scope sets the "scope" claim (default "orders:read").
func Scope(scope string) Option { return Claim("scope", scope) }

// Claim sets a claim; a nil value removes it.
func Claim(name string, value any) Option {
	return func(s *spec) {
		if value == nil {
			delete(s.claims, name)
			return
		}
		s.claims[name] = value
	}
}

// ExpiredFor makes the token expire d before Now.
func ExpiredFor(d time.Duration) Option { return Claim("exp", Now.Add(-d).Unix()) }

// NotBefore makes the token valid only from Now + d.
func NotBefore(d time.Duration) Option { return Claim("nbf", Now.Add(d).Unix()) }

// KeyIDOf sets the header's kid (default KeyID).
func KeyIDOf(kid string) Option { return func(s *spec) { s.kid = kid } }

// SignedByStranger signs with a key that is not published, under the published kid: a forgery.
func SignedByStranger() Option { return func(s *spec) { s.stranger = true } }

// Token mints an ES256 access token valid at Now unless opts say otherwise. It panics if signing
// fails, which with a generated P-256 key it does not: this is a test helper.
func (m *Minter) Token(opts ...Option) string {
	s := spec{kid: KeyID, claims: jwt.MapClaims{
		"iss":       Issuer,
		"sub":       Subject,
		"aud":       Audience,
		"exp":       Now.Add(10 * time.Minute).Unix(),
		"iat":       Now.Add(-time.Minute).Unix(),
		"nbf":       Now.Add(-time.Minute).Unix(),
		"jti":       "jti-1",
		"client_id": "client-1",
		"scope":     "orders:read",
	}}
	for _, opt := range opts {
		opt(&s)
	}
	t := jwt.NewWithClaims(jwt.SigningMethodES256, s.claims)
	t.Header["typ"] = "at+jwt"
	t.Header["kid"] = s.kid
	key := m.key
	if s.stranger {
		key = m.stranger
	}
	signed, err := t.SignedString(key)
	if err != nil {
		panic("testtoken: " + err.Error())
	}
	return signed
}

// Leaks reports whether text contains the token or any of its dot-separated segments longer than a
// few bytes: a response or log line that does has leaked it.
func Leaks(text, token string) bool {
	if token == "" {
		return false
	}
	if strings.Contains(text, token) {
		return true
	}
	for part := range strings.SplitSeq(token, ".") {
		if len(part) >= 8 && strings.Contains(text, part) {
			return true
		}
	}
	return false
}

// keys publishes one key under one kid.
type keys struct {
	kid string
	key crypto.PublicKey
}

// VerificationKey implements validator.KeySource.
func (k keys) VerificationKey(_ context.Context, kid, _ string) (crypto.PublicKey, bool, error) {
	if kid != k.kid {
		return nil, false, nil
	}
	return k.key, true, nil
}

// Unavailable is a KeySource whose keys could never be fetched.
type Unavailable struct{}

// VerificationKey implements validator.KeySource; it always fails with ErrKeysDown.
func (Unavailable) VerificationKey(context.Context, string, string) (crypto.PublicKey, bool, error) {
	return nil, false, ErrKeysDown
}
