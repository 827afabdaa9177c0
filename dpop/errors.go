package dpop

import (
	"time"

	"github.com/jwtguard/jwtguard/internal/clip"
	"github.com/jwtguard/jwtguard/internal/reasons"
	"github.com/jwtguard/jwtguard/validator"
)

// The reasons a DPoP request is refused. Each is a row, with its code and kind, of the one table of
// refusals (validator.Reasons). Every error the Verifier returns is a *validator.Error whose Reason is
// one of these, so errors.Is, validator.Code, validator.KindOf and validator.Description work as they
// do for token errors, and the description never contains the proof or the token.
var (
	// ErrInvalidProof means the DPoP proof is malformed, not signed by its key, or does not match the
	// request or the token (RFC 9449 §4.3). Code and answer: 401, error="invalid_dpop_proof".
	ErrInvalidProof = reasons.ErrInvalidDPoPProof
	// ErrMissingProof means a DPoP-bound request carried no DPoP header. It wraps ErrInvalidProof.
	// Code missing_dpop_proof; answer: 401, error="invalid_dpop_proof".
	ErrMissingProof = reasons.ErrMissingDPoPProof
	// ErrReplay means the proof's jti was already used within the proof's lifetime. It wraps
	// ErrInvalidProof. Code dpop_proof_replayed; answer: 401, error="invalid_dpop_proof".
	ErrReplay = reasons.ErrDPoPProofReplayed
	// ErrNonceRequired means the proof lacks the server nonce, or carries a stale or unknown one (RFC
	// 9449 §9). Answer: 401, error="use_dpop_nonce", and a fresh nonce in the DPoP-Nonce header.
	ErrNonceRequired = reasons.ErrDPoPNonceRequired
	// ErrBoundTokenAsBearer means a DPoP-bound access token (one with cnf.jkt) was presented with the
	// Bearer scheme, which RFC 9449 §7.2 forbids. Code dpop_bound_token_as_bearer; answer: 401,
	// error="invalid_token".
	ErrBoundTokenAsBearer = reasons.ErrDPoPBoundTokenAsBearer
	// ErrBearerNotAccepted means a route that accepts only DPoP (Mode Required) got its token another
	// way than "Authorization: DPoP": as Bearer, or from a cookie or query parameter. The token is
	// refused before it is validated. Code dpop_required; answer: 401, error="invalid_token".
	ErrBearerNotAccepted = reasons.ErrDPoPRequired
	// ErrTokenNotBound means a token presented with the DPoP scheme is not bound to a DPoP key (it has
	// no cnf.jkt). Code token_not_dpop_bound; answer: 401, error="invalid_token".
	ErrTokenNotBound = reasons.ErrTokenNotDPoPBound
	// ErrReplayCacheUnavailable means the replay cache could not say whether a proof is fresh (a shared
	// store is down). The proof is refused, never let through: validator.KindOf says KindUnavailable
	// and adapters answer 503 with Retry-After. Code dpop_replay_cache_unavailable.
	ErrReplayCacheUnavailable = reasons.ErrDPoPReplayCacheUnavailable
)

// The error codes of RFC 9449 §7.1 for the DPoP WWW-Authenticate challenge.
const (
	// CodeInvalidProof is the challenge's error for a refused proof.
	CodeInvalidProof = "invalid_dpop_proof"
	// CodeUseNonce is the challenge's error when the server nonce is missing or stale.
	CodeUseNonce = "use_dpop_nonce"
)

// ErrorCode returns the RFC 9449 §7.1 error code for err, as the table of refusals gives it
// (validator.ReasonOf(err).Protocol): CodeUseNonce for ErrNonceRequired, CodeInvalidProof for any
// other proof failure, and "" when err is not about the proof (a token error keeps RFC 6750's
// "invalid_token"; an outage is answered 503).
func ErrorCode(err error) string {
	switch code := validator.ReasonOf(err).Protocol; code {
	case CodeUseNonce, CodeInvalidProof:
		return code
	}
	return ""
}

// invalidDetail is invalid with a server-side detail (validator.Error.Detail, for the log line): what
// the proof said next to what the request or the token did, each value bounded by quoted.
func invalidDetail(description, detail string) error {
	return validator.NewError(ErrInvalidProof, description, nil).WithDetail(detail)
}

// maxQuoted bounds one value a detail quotes from a proof or a request.
const maxQuoted = 128

// quoted returns s bounded and quoted on one line, for a detail.
func quoted(s string) string { return clip.Quote(s, maxQuoted) }

// iatDetail says where a proof's iat fell against the window it had to be in.
func iatDetail(iat, now time.Time, maxAge, leeway time.Duration) string {
	return "proof iat " + iat.UTC().Format(time.RFC3339) + ", now " + now.UTC().Format(time.RFC3339) +
		", accepted from " + (maxAge + leeway).String() + " before to " + leeway.String() + " after"
}

// invalid is the error for a proof that breaks a rule; description must not quote the proof.
func invalid(description string) error {
	return validator.NewError(ErrInvalidProof, description, nil)
}
