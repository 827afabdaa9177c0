package validator

import (
	"errors"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// The reasons a token is refused. Every error Validate returns is a *Error whose Reason is exactly one
// of these, and its Code and Kind are that reason's; callers branch with errors.Is. Its cause may match
// a second sentinel: a token without iss or aud, when issuers or audiences are configured, is refused
// with ErrInvalidIssuer or ErrInvalidAudience caused by ErrMissingClaim, so errors.Is finds both while
// Code reports the first. Codes are the snake_case form of the name without "Err".
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
	// ErrTokenInactive means the authorization server answered that the token is not active (RFC 7662
	// introspection "active": false): revoked, expired, unknown, or never issued.
	ErrTokenInactive = errors.New("token inactive")
	// ErrInsufficientUserAuthentication means the token's authentication event is too weak or too old
	// for the resource (its acr or auth_time fail a step-up requirement, RFC 9470). It is the very
	// value stepup.ErrInsufficientUserAuthentication, so one errors.Is works at every layer.
	ErrInsufficientUserAuthentication = stepup.ErrInsufficientUserAuthentication
)

// Kind classifies a failure by who must act on it. It is decided once, here, for every sentinel;
// the HTTP answer, the gRPC status and the CLI's exit code are all derived from it.
type Kind uint8

const (
	// KindTokenRefused means the token (or its absence) is the problem: HTTP 401, gRPC
	// Unauthenticated, CLI exit 1.
	KindTokenRefused Kind = iota + 1
	// KindScopeMissing means the token is valid but does not grant what the request needs: HTTP 403,
	// gRPC PermissionDenied, CLI exit 1.
	KindScopeMissing
	// KindUnavailable means the server could not decide (no keys, introspection endpoint down): HTTP
	// 503, gRPC Unavailable, CLI exit 2. Never the token's fault.
	KindUnavailable
	// KindBadRequest means the request itself is malformed (e.g. two Authorization values): HTTP 400
	// invalid_request.
	KindBadRequest
	// KindServerError means the server is set up wrongly (a route requirement running without the
	// middleware in front of it while a token was sent): HTTP 500. Never the client's fault.
	KindServerError
)

// String returns the kind's name, e.g. "token_refused".
func (k Kind) String() string {
	switch k {
	case KindTokenRefused:
		return "token_refused"
	case KindScopeMissing:
		return "scope_missing"
	case KindUnavailable:
		return "unavailable"
	case KindBadRequest:
		return "bad_request"
	case KindServerError:
		return "server_error"
	}
	return "unknown"
}

// reasons lists every sentinel with its code and kind, in the order of the README's table of reason
// codes ("Validation, in order").
var reasons = [...]struct {
	sentinel error
	code     string
	kind     Kind
}{
	{ErrMissingToken, "missing_token", KindTokenRefused},
	{ErrMalformedToken, "malformed_token", KindTokenRefused},
	{ErrTokenTooLarge, "token_too_large", KindTokenRefused},
	{ErrUnsupportedAlgorithm, "unsupported_algorithm", KindTokenRefused},
	{ErrUnknownKey, "unknown_key", KindTokenRefused},
	{ErrInvalidSignature, "invalid_signature", KindTokenRefused},
	{ErrTokenExpired, "token_expired", KindTokenRefused},
	{ErrTokenNotYetValid, "token_not_yet_valid", KindTokenRefused},
	{ErrInvalidIssuer, "invalid_issuer", KindTokenRefused},
	{ErrInvalidAudience, "invalid_audience", KindTokenRefused},
	{ErrInvalidTokenType, "invalid_token_type", KindTokenRefused},
	{ErrMissingClaim, "missing_claim", KindTokenRefused},
	{ErrInsufficientScope, "insufficient_scope", KindScopeMissing},
	{ErrKeysUnavailable, "keys_unavailable", KindUnavailable},
	{ErrTokenInactive, "token_inactive", KindTokenRefused},
	{ErrInsufficientUserAuthentication, "insufficient_user_authentication", KindTokenRefused},
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
	// detail is for the server's eyes only (see Detail).
	detail string
}

// NewError builds a *Error for reason, one of this package's sentinels, so that other token checkers
// (an introspector, a DPoP verifier, a caller's own TokenValidator) report failures the adapters
// answer exactly as they answer the validator's. description must be safe to show to the client: never
// the token or a part of it. cause may be nil; it is kept for errors.Is and errors.As.
func NewError(reason error, description string, cause error) *Error {
	return &Error{Reason: reason, Description: description, cause: cause}
}

// NewScopeError returns the refusal of a token that does not meet required: ErrInsufficientScope
// described as "token lacks scope <required>", the one wording the validator, the HTTP adapters and
// the gRPC interceptor share. cause may be nil; a *scopes.MissingError there names what is missing.
func NewScopeError(required scopes.Requirement, cause error) *Error {
	return NewError(ErrInsufficientScope, "token lacks scope "+required.String(), cause)
}

// newError is NewError, short for this package's many call sites.
func newError(reason error, description string, cause error) *Error {
	return NewError(reason, description, cause)
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

// Detail returns what the check expected and what the token said, e.g. the token's aud and the
// accepted audiences, for logs and the jwtguard command; "" when the check recorded none. Unlike
// Description it may quote the token's claims (unverified when the signature was not checked yet),
// so adapters never send it to the client. Quoted values are bounded and escaped.
func (e *Error) Detail() string { return e.detail }

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

// Kind returns how the failure is classified (see Kind).
func (e *Error) Kind() Kind {
	for _, r := range reasons {
		if e.Reason == r.sentinel {
			return r.kind
		}
	}
	return KindTokenRefused
}

// KindOf returns the kind of err: the Kind of the *Error it wraps, else that of the first sentinel
// errors.Is finds in it. Any other non-nil error is KindTokenRefused, so an unexpected failure of a
// custom TokenValidator fails closed; nil gives 0.
func KindOf(err error) Kind {
	if err == nil {
		return 0
	}
	var ve *Error
	if errors.As(err, &ve) {
		return ve.Kind()
	}
	for _, r := range reasons {
		if errors.Is(err, r.sentinel) {
			return r.kind
		}
	}
	return KindTokenRefused
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
