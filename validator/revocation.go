package validator

import (
	"github.com/jwtguard/jwtguard/internal/jose"

	"errors"
	"time"
)

// RevocationList is what WithRevocation and introspect.WithRevocation consult on every validation.
// *revocation.Memory (one process) and *redisrevoke.List (replicas kept in step through Redis)
// satisfy it.
type RevocationList interface {
	// Revoked reports whether the token of issuer with the given "sub", "sid" and "jti" (each "" when
	// the claim is absent) and "iat" (the zero Time when absent, which counts as issued at the
	// beginning of time) is revoked. It runs on every validation, cache hits included: it must not
	// block on the network, and should neither lock nor allocate for a token that is not revoked.
	Revoked(issuer, subject, sessionID, tokenID string, issuedAt time.Time) bool
}

// WithRevocation refuses, with ErrTokenRevoked, every token list says is revoked: one whose issuer
// and subject, issuer and session ("sid") or issuer and "jti" was revoked, if it was issued before
// the revocation's cut. The check runs after the signature, time and issuer checks, and on every
// answer WithCache gives: a cached token stops being accepted the moment it is revoked.
func WithRevocation(list RevocationList) Option {
	return func(c *settings) error {
		if list == nil {
			return errors.New("WithRevocation: nil list")
		}
		c.revocations = list
		return nil
	}
}

// CheckRevocation returns ErrTokenRevoked, as a *Error, when list revokes the token claims were
// read from, else nil: the rule WithRevocation applies, for token checkers of other kinds (an
// introspector, a caller's own TokenValidator). It reads "sid" from the claims' payload.
func CheckRevocation(list RevocationList, claims *Claims) error {
	return checkRevoked(list, claims.Issuer, claims.Subject, sessionID(claims.payload), claims.ID, claims.IssuedAt)
}

// checkRevoked is the one revocation rule, shared by full validation, cache hits and CheckRevocation.
func checkRevoked(list RevocationList, issuer, subject, sid, jti string, issuedAt time.Time) error {
	if list.Revoked(issuer, subject, sid, jti, issuedAt) {
		return newError(ErrTokenRevoked, "token revoked", nil)
	}
	return nil
}

// checkRevocation applies WithRevocation's list, if any, to a token being validated in full.
func (v *Validator) checkRevocation(raw []byte, p *payload, issuedAt time.Time) error {
	if v.revocations == nil {
		return nil
	}
	return checkRevoked(v.revocations, p.issuer, p.subject, sessionID(raw), p.id, issuedAt)
}

// sessionID returns the string "sid" member (OpenID Connect's session identifier, which Shared
// Signals session revocations name) of a payload decodePayload accepted, or "". It is read only when
// a revocation list is configured, so "sid" stays an ordinary claim otherwise.
func sessionID(payload []byte) string {
	var sid [1]jose.Value
	if jose.ReadObject(payload, sidName[:], sid[:]) != jose.None {
		return ""
	}
	text, _ := sid[0].Text()
	return text
}

// sidName is the one member sessionID reads.
var sidName = [1]string{"sid"}
