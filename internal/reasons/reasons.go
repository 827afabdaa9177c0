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
	// ServerMisconfigured means the server is wired wrongly: a route requirement ran without the
	// middleware in front of it while the request carried a token, so the token was never validated.
	ServerMisconfigured = errors.New("server misconfigured") // httpguard.ErrServerMisconfigured
	// RevocationUnavailable means a revocation list could not record a revocation (a Shared
	// Signals receiver's store failed): the server's problem, 503 / Unavailable, so the transmitter
	// delivers the event again.
	RevocationUnavailable = errors.New("revocation list unavailable") // ssf.ErrRevocationUnavailable
	// SETReplayed means a Security Event Token whose jti was already received and applied came
	// again: it is not applied twice.
	SETReplayed = errors.New("security event already received") // ssf.ErrReplay
	// IntrospectionUnavailable means the introspection endpoint could not say whether the token
	// is active (down, slow, or an unusable answer). Like ErrKeysUnavailable it is the server's
	// problem: 503 / Unavailable, with Retry-After.
	IntrospectionUnavailable = errors.New("introspection endpoint unavailable") // introspect.ErrUnavailable
	// UnsupportedBinding means the token is sender-constrained (it has a cnf claim, RFC 7800) by
	// a method that no binding configured for the route checks: a DPoP-bound token (cnf.jkt) where
	// DPoP is off, a certificate-bound one (cnf.x5t#S256) where certificate binding is off, or a cnf
	// member no binding knows. Such a token is refused, never treated as a bearer token.
	UnsupportedBinding = errors.New("token binding not supported here") // binding.ErrUnsupportedBinding
	// InvalidDPoPProof means the DPoP proof is malformed, not signed by its key, or does not match
	// the request or the token (RFC 9449 §4.3). Answer: 401, error="invalid_dpop_proof".
	InvalidDPoPProof = errors.New("invalid DPoP proof") // dpop.ErrInvalidProof
	// MissingDPoPProof means a DPoP request carried no DPoP header. It wraps InvalidDPoPProof.
	MissingDPoPProof = fmt.Errorf("%w: no DPoP header", InvalidDPoPProof) // dpop.ErrMissingProof
	// DPoPProofReplayed means the proof's jti was already used within the proof's lifetime. It
	// wraps InvalidDPoPProof.
	DPoPProofReplayed = fmt.Errorf("%w: proof replayed", InvalidDPoPProof) // dpop.ErrReplay
	// DPoPNonceRequired means the proof lacks the server nonce, or carries a stale or unknown one
	// (RFC 9449 §9). Answer: 401, error="use_dpop_nonce", and a fresh nonce in the DPoP-Nonce
	// header.
	DPoPNonceRequired = errors.New("DPoP nonce required") // dpop.ErrNonceRequired
	// DPoPBoundTokenAsBearer means a DPoP-bound access token (cnf.jkt) was presented with the
	// Bearer scheme on a route that accepts DPoP, which RFC 9449 §7.2 forbids.
	DPoPBoundTokenAsBearer = errors.New("DPoP-bound token presented as a bearer token") // dpop.ErrBoundTokenAsBearer
	// DPoPRequired means a route that accepts only DPoP got its token another way than
	// "Authorization: DPoP". The token is refused before it is validated.
	DPoPRequired = errors.New("the DPoP scheme is required") // dpop.ErrBearerNotAccepted
	// TokenNotDPoPBound means a token presented with the DPoP scheme is not bound to a DPoP key
	// (it has no cnf.jkt).
	TokenNotDPoPBound = errors.New("token is not DPoP-bound") // dpop.ErrTokenNotBound
	// DPoPReplayCacheUnavailable means the DPoP replay cache could not say whether a proof is fresh
	// (a shared store is down). The proof is refused, never let through: 503 / Unavailable.
	DPoPReplayCacheUnavailable = errors.New("DPoP replay cache unavailable") // dpop.ErrReplayCacheUnavailable
	// CertificateMismatch means a certificate-bound token (cnf x5t#S256, RFC 8705 §3) came without
	// the client certificate it is bound to: none was presented, or another one.
	CertificateMismatch = errors.New("client certificate does not match the token") // certbind.ErrCertificateMismatch
)
