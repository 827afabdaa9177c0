package dpop

import (
	"errors"
	"fmt"

	"github.com/jwtguard/jwtguard/validator"
)

// The reasons a DPoP request is refused. Every error the Verifier returns is a *validator.Error whose
// Reason is one of these (or validator.ErrKeysUnavailable when the replay cache could not answer), so
// errors.Is, validator.KindOf and validator.Description work as they do for token errors, and the
// description never contains the proof or the token.
var (
	// ErrInvalidProof means the DPoP proof is malformed, not signed by its key, or does not match the
	// request or the token (RFC 9449 §4.3). Answer: 401, error="invalid_dpop_proof".
	ErrInvalidProof = errors.New("invalid DPoP proof")
	// ErrMissingProof means a DPoP-bound request carried no DPoP header. It wraps ErrInvalidProof.
	ErrMissingProof = fmt.Errorf("%w: no DPoP header", ErrInvalidProof)
	// ErrReplay means the proof's jti was already used within the proof's lifetime. It wraps
	// ErrInvalidProof.
	ErrReplay = fmt.Errorf("%w: proof replayed", ErrInvalidProof)
	// ErrNonceRequired means the proof lacks the server nonce, or carries a stale or unknown one (RFC
	// 9449 §9). Answer: 401, error="use_dpop_nonce", and a fresh nonce in the DPoP-Nonce header.
	ErrNonceRequired = errors.New("DPoP nonce required")
	// ErrBoundTokenAsBearer means a DPoP-bound access token (one with cnf.jkt) was presented with the
	// Bearer scheme, which RFC 9449 §7.2 forbids. It is a token error: 401, error="invalid_token".
	ErrBoundTokenAsBearer = errors.New("DPoP-bound token presented as a bearer token")
	// ErrBearerNotAccepted means a route that accepts only DPoP (Mode Required) got its token another
	// way than "Authorization: DPoP": as Bearer, or from a cookie or query parameter. The token is
	// refused before it is validated. It is a token error: 401, error="invalid_token".
	ErrBearerNotAccepted = errors.New("the DPoP scheme is required")
	// ErrTokenNotBound means a token presented with the DPoP scheme is not bound to a DPoP key (it has
	// no cnf.jkt). It is a token error: 401, error="invalid_token".
	ErrTokenNotBound = errors.New("token is not DPoP-bound")
	// ErrReplayCacheUnavailable means the replay cache could not say whether a proof is fresh (a shared
	// store is down). The proof is refused, never let through: the error's Reason is
	// validator.ErrKeysUnavailable, so validator.KindOf says KindUnavailable and adapters answer 503.
	ErrReplayCacheUnavailable = errors.New("DPoP replay cache unavailable")
)

// The error codes of RFC 9449 §7.1 for the DPoP WWW-Authenticate challenge.
const (
	// CodeInvalidProof is the challenge's error for a refused proof.
	CodeInvalidProof = "invalid_dpop_proof"
	// CodeUseNonce is the challenge's error when the server nonce is missing or stale.
	CodeUseNonce = "use_dpop_nonce"
)

// ErrorCode returns the RFC 9449 §7.1 error code for err: CodeUseNonce for ErrNonceRequired,
// CodeInvalidProof for any other proof failure, and "" when err is not about the proof (a token
// error keeps validator's "invalid_token"; an outage is answered 503).
func ErrorCode(err error) string {
	switch {
	case errors.Is(err, ErrNonceRequired):
		return CodeUseNonce
	case errors.Is(err, ErrInvalidProof):
		return CodeInvalidProof
	}
	return ""
}

// invalid is the error for a proof that breaks a rule; description must not quote the proof.
func invalid(description string) error {
	return validator.NewError(ErrInvalidProof, description, nil)
}
