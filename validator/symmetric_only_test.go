package validator_test

import (
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

// An HS256-only service needs no KeySource: New(nil, WithSymmetricKey(secret)) allows exactly the HS
// algorithms the secret fits, and New(nil) without a secret, or with an asymmetric algorithm asked for,
// still fails at construction.
func TestNewNilKeySourceWithSymmetricKey(t *testing.T) {
	secret := []byte(strings.Repeat("s", 32))
	for _, extra := range [][]validator.Option{nil, {validator.WithCache(16)}} {
		v := newValidator(t, nil, append([]validator.Option{validator.WithSymmetricKey(secret)}, extra...)...)
		token := sign(t, jwt.SigningMethodHS256, "", secret, baseClaims(), nil)
		assertReason(t, validate(v, token), nil)
		assertReason(t, validate(v, token), nil) // a second time: answered from the cache when there is one
		assertReason(t, validate(v, sign(t, jwt.SigningMethodHS256, "", []byte(strings.Repeat("x", 32)), baseClaims(), nil)),
			validator.ErrInvalidSignature)
		assertReason(t, validate(v, sign(t, jwt.SigningMethodRS256, "k1", generatedKeys(t).rsa, baseClaims(), nil)),
			validator.ErrUnsupportedAlgorithm)
	}
	base := []validator.Option{validator.WithAnyIssuer(), validator.WithAnyAudience()}
	for name, opts := range map[string][]validator.Option{
		"no key at all":        base,
		"asymmetric asked for": append(base[:2:2], validator.WithSymmetricKey(secret), validator.WithAlgorithms("HS256", "RS256")),
	} {
		if _, err := validator.New(nil, opts...); err == nil {
			t.Errorf("%s: New(nil, …) succeeded", name)
		}
	}
}
