// Package reasons declares the refusal reasons that packages above validator own (dpop, certbind,
// binding, introspect, ssf), so that validator's one table of refusals (validator.Reasons) can list
// them beside its own without importing those packages, and without exporting them from validator.
// Each owner re-exports its reasons under its own names: the very values, so errors.Is works with
// either. Nothing here is a rule: codes, kinds and answers live in the table.
package reasons

import (
	"errors"
	"fmt"
)

var (
	// ErrServerMisconfigured means the server is wired wrongly: a route requirement ran without the
	// middleware in front of it while the request carried a token, so the token was never validated.
	ErrServerMisconfigured = errors.New("server misconfigured") // httpguard.ErrServerMisconfigured
	// ErrRevocationUnavailable means a revocation list could not record a revocation (a Shared
	// Signals receiver's store failed): the server's problem, 503 / Unavailable, so the transmitter
	// delivers the event again.
	ErrRevocationUnavailable = errors.New("revocation list unavailable") // ssf.ErrRevocationUnavailable
	// ErrSETReplayed means a Security Event Token whose jti was already received and applied came
	// again: it is not applied twice.
	ErrSETReplayed = errors.New("security event already received") // ssf.ErrReplay
	// ErrIntrospectionUnavailable means the introspection endpoint could not say whether the token
	// is active (down, slow, or an unusable answer). Like ErrKeysUnavailable it is the server's
	// problem: 503 / Unavailable, with Retry-After.
	ErrIntrospectionUnavailable = errors.New("introspection endpoint unavailable") // introspect.ErrUnavailable
	// ErrUnsupportedBinding means the token is sender-constrained (it has a cnf claim, RFC 7800) by
	// a method that no binding configured for the route checks: a DPoP-bound token (cnf.jkt) where
	// DPoP is off, a certificate-bound one (cnf.x5t#S256) where certificate binding is off, or a cnf
	// member no binding knows. Such a token is refused, never treated as a bearer token.
	ErrUnsupportedBinding = errors.New("token binding not supported here") // binding.ErrUnsupportedBinding
	// ErrInvalidDPoPProof means the DPoP proof is malformed, not signed by its key, or does not match
	// the request or the token (RFC 9449 §4.3). Answer: 401, error="invalid_dpop_proof".
	ErrInvalidDPoPProof = errors.New("invalid DPoP proof") // dpop.ErrInvalidProof
	// ErrMissingDPoPProof means a DPoP request carried no DPoP header. It wraps ErrInvalidDPoPProof.
	ErrMissingDPoPProof = fmt.Errorf("%w: no DPoP header", ErrInvalidDPoPProof) // dpop.ErrMissingProof
	// ErrDPoPProofReplayed means the proof's jti was already used within the proof's lifetime. It
	// wraps ErrInvalidDPoPProof.
	ErrDPoPProofReplayed = fmt.Errorf("%w: proof replayed", ErrInvalidDPoPProof) // dpop.ErrReplay
	// ErrDPoPNonceRequired means the proof lacks the server nonce, or carries a stale or unknown one
	// (RFC 9449 §9). Answer: 401, error="use_dpop_nonce", and a fresh nonce in the DPoP-Nonce
	// header.
	ErrDPoPNonceRequired = errors.New("DPoP nonce required") // dpop.ErrNonceRequired
	// ErrDPoPBoundTokenAsBearer means a DPoP-bound access token (cnf.jkt) was presented with the
	// Bearer scheme on a route that accepts DPoP, which RFC 9449 §7.2 forbids.
	ErrDPoPBoundTokenAsBearer = errors.New("DPoP-bound token presented as a bearer token") // dpop.ErrBoundTokenAsBearer
	// ErrDPoPRequired means a route that accepts only DPoP got its token another way than
	// "Authorization: DPoP". The token is refused before it is validated.
	ErrDPoPRequired = errors.New("the DPoP scheme is required") // dpop.ErrBearerNotAccepted
	// ErrTokenNotDPoPBound means a token presented with the DPoP scheme is not bound to a DPoP key
	// (it has no cnf.jkt).
	ErrTokenNotDPoPBound = errors.New("token is not DPoP-bound") // dpop.ErrTokenNotBound
	// ErrDPoPReplayCacheUnavailable means the DPoP replay cache could not say whether a proof is fresh
	// (a shared store is down). The proof is refused, never let through: 503 / Unavailable.
	ErrDPoPReplayCacheUnavailable = errors.New("DPoP replay cache unavailable") // dpop.ErrReplayCacheUnavailable
	// ErrCertificateMismatch means a certificate-bound token (cnf x5t#S256, RFC 8705 §3) came without
	// the client certificate it is bound to: none was presented, or another one.
	ErrCertificateMismatch = errors.New("client certificate does not match the token") // certbind.ErrCertificateMismatch
)
