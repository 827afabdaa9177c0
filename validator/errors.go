package validator

import (
	"errors"

	"github.com/jwtguard/jwtguard/scopes"
)

// The reasons a token is refused. Every error Validate returns is a *Error wrapping exactly one of these,
// so callers branch with errors.Is. Their Code is the snake_case form of the name without "Err".
var (
	// ErrMissingToken means no token was presented.
	ErrMissingToken = errors.New("missing token")
	// ErrMalformedToken means the token is not a well-formed compact JWS with JSON object header and claims.
	ErrMalformedToken = errors.New("malformed token")
	// ErrTokenTooLarge means the token is longer than the configured maximum (WithMaxTokenSize).
	ErrTokenTooLarge = errors.New("token too large")
	// ErrUnsupportedAlgorithm means the header's alg is not among the allowed algorithms.
	ErrUnsupportedAlgorithm = errors.New("unsupported algorithm")
	// ErrUnknownKey means no trusted key matches the token's kid and alg.
	ErrUnknownKey = errors.New("unknown key")
	// ErrInvalidSignature means the signature does not verify with the trusted key.
	ErrInvalidSignature = errors.New("invalid signature")
	// ErrTokenExpired means the token's exp is in the past (beyond the leeway).
	ErrTokenExpired = errors.New("token expired")
	// ErrTokenNotYetValid means the token's nbf, or its iat, is in the future (beyond the leeway).
	ErrTokenNotYetValid = errors.New("token not yet valid")
	// ErrInvalidIssuer means the token's iss is not an accepted issuer.
	ErrInvalidIssuer = errors.New("invalid issuer")
	// ErrInvalidAudience means the token's aud names none of the accepted audiences.
	ErrInvalidAudience = errors.New("invalid audience")
	// ErrInvalidTokenType means the header's typ is not the required type (WithTokenType).
	ErrInvalidTokenType = errors.New("invalid token type")
	// ErrMissingClaim means a required claim (exp, or one named by WithRequiredClaims) is absent.
	ErrMissingClaim = errors.New("missing claim")
	// ErrInsufficientScope means the token lacks a required scope. It is the very value
	// scopes.ErrInsufficientScope, so one errors.Is works whichever layer checked the scope.
	ErrInsufficientScope = scopes.ErrInsufficientScope
	// ErrKeysUnavailable means no verification keys could be had (the key source has none yet).
	// Unlike the others it is the server's problem, not the token's: adapters answer 503 / Unavailable.
	ErrKeysUnavailable = errors.New("keys unavailable")
)

// reasons lists every sentinel with its code, in the order of the DESIGN.md contract.
var reasons = [...]struct {
	sentinel error
	code     string
}{
	{ErrMissingToken, "missing_token"},
	{ErrMalformedToken, "malformed_token"},
	{ErrTokenTooLarge, "token_too_large"},
	{ErrUnsupportedAlgorithm, "unsupported_algorithm"},
	{ErrUnknownKey, "unknown_key"},
	{ErrInvalidSignature, "invalid_signature"},
	{ErrTokenExpired, "token_expired"},
	{ErrTokenNotYetValid, "token_not_yet_valid"},
	{ErrInvalidIssuer, "invalid_issuer"},
	{ErrInvalidAudience, "invalid_audience"},
	{ErrInvalidTokenType, "invalid_token_type"},
	{ErrMissingClaim, "missing_claim"},
	{ErrInsufficientScope, "insufficient_scope"},
	{ErrKeysUnavailable, "keys_unavailable"},
}

// Error is the error type Validate returns. It carries one of the sentinels (Reason) and a description
// that is safe to show to the client: it never contains the token or any part of it.
type Error struct {
	// Reason is one of the Err* sentinels of this package.
	Reason error
	// Description says in a few words what was wrong, e.g. "token expired 2m0s ago".
	Description string
	// cause is an underlying error (a key source failure, a scope check) kept for errors.Is/As.
	cause error
}

// newError builds a *Error; cause may be nil.
func newError(reason error, description string, cause error) *Error {
	return &Error{Reason: reason, Description: description, cause: cause}
}

// Error returns "<reason>: <description>".
func (e *Error) Error() string {
	if e.Description == "" {
		return e.Reason.Error()
	}
	return e.Reason.Error() + ": " + e.Description
}

// Unwrap returns the sentinel and, when there is one, the underlying cause.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.cause}
}

// Code returns the reason as a stable snake_case code such as "token_expired", the same code the
// HTTP and gRPC adapters and the jwtguard command report.
func (e *Error) Code() string {
	for _, r := range reasons {
		if e.Reason == r.sentinel {
			return r.code
		}
	}
	return "invalid_token"
}

// Code returns the snake_case reason code of err: the Code of the *Error it wraps, else the code of
// the first sentinel errors.Is finds in it, else "" (err is nil or not a validation failure).
func Code(err error) string {
	if err == nil {
		return ""
	}
	var ve *Error
	if errors.As(err, &ve) {
		return ve.Code()
	}
	for _, r := range reasons {
		if errors.Is(err, r.sentinel) {
			return r.code
		}
	}
	return ""
}

// Description returns the client-safe description of err when it wraps a *Error, else its reason text.
func Description(err error) string {
	var ve *Error
	if errors.As(err, &ve) {
		return ve.Description
	}
	for _, r := range reasons {
		if errors.Is(err, r.sentinel) {
			return r.sentinel.Error()
		}
	}
	return ""
}
