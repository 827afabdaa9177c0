package validator

import (
	"errors"
	"github.com/jwtguard/jwtguard/internal/reasons"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// The reasons a request is refused, by this package and by every other jwtguard package: each is
// declared here once, in the table below, with its code, its Kind and the error code the HTTP answer
// sends (see Reason). Every error Validate returns is a *Error whose Reason is exactly one of these,
// and its Code and Kind are that reason's; callers branch with errors.Is. Its cause may match a
// second sentinel: a token without iss or aud, when issuers or audiences are configured, is refused
// with ErrInvalidIssuer or ErrInvalidAudience caused by ErrMissingClaim, so errors.Is finds both while
// Code reports the first. Codes are the snake_case form of the name without "Err", except where a
// protocol names the reason (invalid_request, invalid_dpop_proof, use_dpop_nonce).
//
// The reasons of other packages (dpop, certbind, binding, introspect, ssf) are rows of the same table;
// each package exports its own under its own names (dpop.ErrInvalidProof, certbind.ErrCertificateMismatch,
// introspect.ErrUnavailable, …), so validator's API holds only the validator's.
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
	// ErrTokenRevoked means the token was revoked (WithRevocation): its subject, session or jti, by a
	// revocation whose cut is after its iat.
	ErrTokenRevoked = errors.New("token revoked")
	// ErrInsufficientUserAuthentication means the token's authentication event is too weak or too old
	// for the resource (its acr or auth_time fail a step-up requirement, RFC 9470). It is the very
	// value stepup.ErrInsufficientUserAuthentication, so one errors.Is works at every layer.
	ErrInsufficientUserAuthentication = stepup.ErrInsufficientUserAuthentication

	// ErrInvalidRequest means the request carries its token in a way RFC 6750 forbids (two
	// Authorization values, "Bearer" with nothing after it, a token sent by two methods). The request
	// is refused before any token is validated: 400 invalid_request. It is nethttp.ErrInvalidRequest.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrTokenRejected means a TokenValidator refused the token with an error of its own that names
	// none of these reasons. It fails closed, as a refused token, and the error's text is never sent
	// (see Refusal). Its code is RFC 6750's invalid_token.
	ErrTokenRejected = errors.New("token rejected")
)

// The error codes a refusal's HTTP answer sends (Reason.Protocol).
const (
	protoInvalidToken      = "invalid_token"                    // RFC 6750 §3.1
	protoInvalidRequest    = "invalid_request"                  // RFC 6750 §3.1
	protoInsufficientScope = "insufficient_scope"               // RFC 6750 §3.1
	protoStepUp            = "insufficient_user_authentication" // RFC 9470 §3
	protoInvalidProof      = "invalid_dpop_proof"               // RFC 9449 §7.1
	protoUseNonce          = "use_dpop_nonce"                   // RFC 9449 §8
)

// Reason is one row of the table of refusals: a sentinel and everything that is derived from it.
type Reason struct {
	// Err is the sentinel, the *Error's Reason.
	Err error
	// Code is the stable snake_case code that logs, metrics, gRPC status messages and the jwtguard
	// command report, e.g. "token_expired".
	Code string
	// Kind says who must act, and so the HTTP status, gRPC code and exit status.
	Kind Kind
	// Protocol is the error code the HTTP answer sends in its challenge and body: RFC 6750's
	// invalid_token, invalid_request or insufficient_scope, RFC 9449's invalid_dpop_proof or
	// use_dpop_nonce, RFC 9470's insufficient_user_authentication; "" for a missing token (RFC 6750
	// §3.1: a bare challenge) and for KindUnavailable (503, no challenge).
	Protocol string
	// Message is the client-safe description of the reason itself: the text of a 503, which names
	// what could not be reached.
	Message string
}

// table is the table of refusals: every reason any jwtguard package refuses with. The validator's come in the
// order of the README's table of reason codes ("Validation, in order"). A sentinel that wraps
// another comes before it, so that errors.Is finds the more specific one first.
var table = [...]Reason{
	{ErrMissingToken, "missing_token", KindTokenRefused, "", "no bearer token in the request"},
	{ErrMalformedToken, "malformed_token", KindTokenRefused, protoInvalidToken, "malformed token"},
	{ErrTokenTooLarge, "token_too_large", KindTokenRefused, protoInvalidToken, "token too large"},
	{ErrUnsupportedAlgorithm, "unsupported_algorithm", KindTokenRefused, protoInvalidToken, "unsupported algorithm"},
	{ErrUnknownKey, "unknown_key", KindTokenRefused, protoInvalidToken, "unknown key"},
	{ErrInvalidSignature, "invalid_signature", KindTokenRefused, protoInvalidToken, "invalid signature"},
	{ErrTokenExpired, "token_expired", KindTokenRefused, protoInvalidToken, "token expired"},
	{ErrTokenNotYetValid, "token_not_yet_valid", KindTokenRefused, protoInvalidToken, "token not yet valid"},
	{ErrInvalidIssuer, "invalid_issuer", KindTokenRefused, protoInvalidToken, "invalid issuer"},
	{ErrInvalidAudience, "invalid_audience", KindTokenRefused, protoInvalidToken, "invalid audience"},
	{ErrInvalidTokenType, "invalid_token_type", KindTokenRefused, protoInvalidToken, "invalid token type"},
	{ErrMissingClaim, "missing_claim", KindTokenRefused, protoInvalidToken, "missing claim"},
	{ErrInsufficientScope, "insufficient_scope", KindScopeMissing, protoInsufficientScope, "insufficient scope"},
	{ErrKeysUnavailable, "keys_unavailable", KindUnavailable, "", "no verification keys available, retry later"},
	{ErrTokenInactive, "token_inactive", KindTokenRefused, protoInvalidToken, "token is not active"},
	{ErrTokenRevoked, "token_revoked", KindTokenRefused, protoInvalidToken, "token revoked"},
	{reasons.ErrRevocationUnavailable, "revocation_unavailable", KindUnavailable, "", "revocation list unavailable, retry later"},
	{reasons.ErrSETReplayed, "set_replayed", KindBadRequest, protoInvalidRequest, "security event already received"},
	{ErrInsufficientUserAuthentication, "insufficient_user_authentication", KindTokenRefused, protoStepUp, "insufficient user authentication"},
	{ErrInvalidRequest, "invalid_request", KindBadRequest, protoInvalidRequest, "malformed request"},
	{reasons.ErrServerMisconfigured, "server_misconfigured", KindServerError, "", "the server is misconfigured"},
	{reasons.ErrIntrospectionUnavailable, "introspection_unavailable", KindUnavailable, "", "introspection endpoint unavailable, retry later"},
	{reasons.ErrUnsupportedBinding, "unsupported_binding", KindTokenRefused, protoInvalidToken, "the token is bound to a key or certificate this resource does not check"},
	{reasons.ErrMissingDPoPProof, "missing_dpop_proof", KindTokenRefused, protoInvalidProof, "no DPoP proof"},
	{reasons.ErrDPoPProofReplayed, "dpop_proof_replayed", KindTokenRefused, protoInvalidProof, "DPoP proof replayed"},
	{reasons.ErrInvalidDPoPProof, "invalid_dpop_proof", KindTokenRefused, protoInvalidProof, "invalid DPoP proof"},
	{reasons.ErrDPoPNonceRequired, "use_dpop_nonce", KindTokenRefused, protoUseNonce, "DPoP nonce required"},
	{reasons.ErrDPoPBoundTokenAsBearer, "dpop_bound_token_as_bearer", KindTokenRefused, protoInvalidToken, "a DPoP-bound token must be sent with the DPoP scheme"},
	{reasons.ErrDPoPRequired, "dpop_required", KindTokenRefused, protoInvalidToken, "this resource accepts only DPoP-bound tokens with the DPoP scheme"},
	{reasons.ErrTokenNotDPoPBound, "token_not_dpop_bound", KindTokenRefused, protoInvalidToken, "token is not DPoP-bound"},
	{reasons.ErrDPoPReplayCacheUnavailable, "dpop_replay_cache_unavailable", KindUnavailable, "", "DPoP replay cache unavailable, retry later"},
	{reasons.ErrCertificateMismatch, "certificate_mismatch", KindTokenRefused, protoInvalidToken, "client certificate does not match the token"},
	// Last: what an error no checker described is reported as.
	{ErrTokenRejected, protoInvalidToken, KindTokenRefused, protoInvalidToken, descRejected},
}

// rejected is the row of ErrTokenRejected, the answer to an error of no known reason.
var rejected = &table[len(table)-1]

// Reasons returns the table of refusals, one Reason per sentinel, for documentation and tests.
func Reasons() []Reason { return append([]Reason(nil), table[:]...) }

// ReasonOf returns the row of err's reason: that of the *Error it wraps, else that of the first
// sentinel errors.Is finds in it, else ErrTokenRejected's (fail closed). nil gives the zero Reason.
// It is what Code, KindOf and every adapter's answer read.
func ReasonOf(err error) Reason {
	if err == nil {
		return Reason{}
	}
	if ve, ok := errors.AsType[*Error](err); ok {
		return lookup(ve.Reason)
	}
	if r := scan(err); r != nil {
		return *r
	}
	return *rejected
}

// lookup returns the row of reason, a *Error's Reason: the row of that very sentinel, else of one it
// wraps (a caller's NewError(fmt.Errorf("…: %w", ErrTokenExpired), …)), else ErrTokenRejected's.
func lookup(reason error) Reason {
	for i := range table {
		if table[i].Err == reason {
			return table[i]
		}
	}
	if r := scan(reason); r != nil {
		return *r
	}
	return *rejected
}

// scan returns the row of the first sentinel errors.Is finds in err, or nil.
func scan(err error) *Reason {
	if err == nil {
		return nil
	}
	for i := range table {
		if errors.Is(err, table[i].Err) {
			return &table[i]
		}
	}
	return nil
}

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
	// middleware in front of it while a token was sent): HTTP 500, gRPC Internal. Never the client's
	// fault.
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
