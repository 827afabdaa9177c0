package introspect

import (
	"errors"

	"github.com/jwtguard/jwtguard/validator"
)

// WithRevocation refuses, with validator.ErrTokenRevoked, every token list says is revoked, by the
// rule validator.WithRevocation applies to JWTs (validator.CheckRevocation): the answer's iss (or
// WithIssuer's issuer when the answer has none) with its sub, sid or jti, and its iat. The list is
// consulted on every answer, cached ones included, and a revoked token's cached answer is dropped,
// so a revocation takes effect at once rather than when the cache entry would have expired.
func WithRevocation(list validator.RevocationList) Option {
	return func(c *config) error {
		if list == nil {
			return errors.New("WithRevocation: nil list")
		}
		c.revocations = list
		return nil
	}
}

// checkRevocation refuses an accepted answer for token whose claims WithRevocation's list revokes,
// and forgets the cached answer so that it is never given again.
func (i *Introspector) checkRevocation(token string, a answer) error {
	if i.revocations == nil || a.err != nil {
		return nil
	}
	claims := a.claims
	if claims.Issuer == "" && i.checks.issuer != "" {
		// RFC 7662 makes iss optional; the endpoint answers for the configured issuer.
		c := *claims
		c.Issuer = i.checks.issuer
		claims = &c
	}
	err := validator.CheckRevocation(i.revocations, claims)
	if err != nil && i.cache != nil {
		i.cache.entries.Invalidate(hashToken(token))
	}
	return err
}
