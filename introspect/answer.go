package introspect

import (
	"errors"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/validator"
)

// answer is the Introspector's verdict on one token: claims when it is accepted, else err, a
// *validator.Error refusing the token. Both are shared by every request the cache answers with them.
type answer struct {
	claims *validator.Claims
	err    error
}

// answerChecks are the rules an introspection answer must pass.
type answerChecks struct {
	issuer    string
	audiences []string // empty only under WithAnyAudience
	leeway    time.Duration
}

// refreshTokenTypes are the token_type values that name a refresh token: RFC 7662 suggests the
// RFC 6749 type names, and RFC 8693 defines the URN.
var refreshTokenTypes = []string{"refresh_token", "urn:ietf:params:oauth:token-type:refresh_token"}

// The answer members judge reads itself, by their index in answerNames. They are read by exact name,
// as the validator reads claims: an answer with a duplicate of one or a member named like one in
// another case ({"active":false,"ACTIVE":true}) is ambiguous, and so not a usable answer. iss and exp
// are read here for their presence, which the Claims ClaimsFromJSON builds cannot show: an empty iss
// or an exp of 0001-01-01 (-62135596800) is there, and judged, not taken for "absent".
const (
	answerActive = iota
	answerTokenType
	answerIssuer
	answerExpiry
)

var answerNames = []string{"active", "token_type", "iss", "exp"}

// judge reads an introspection answer. err is non-nil when body is not a usable answer (the server's
// fault); a refusal of the token is returned in the answer.
func (c answerChecks) judge(body []byte, now time.Time) (answer, error) {
	var m [answerExpiry + 1]jose.Value
	if f := jose.ReadObject(body, answerNames, m[:]); f != jose.None {
		return answer{}, errors.New(f.Describe("answer"))
	}
	active, ok := m[answerActive].Bool()
	if !ok {
		return answer{}, errors.New(`answer has no boolean "active"`)
	}
	if !active {
		// RFC 7662 §2.2: nothing else in an inactive answer is to be trusted or even read.
		return refuse(validator.ErrTokenInactive, "token is not active"), nil
	}
	claims, err := validator.ClaimsFromJSON(body)
	if err != nil {
		return answer{}, err
	}
	if m[answerTokenType].Present() {
		tokenType, ok := m[answerTokenType].Text()
		if !ok {
			return answer{}, errors.New(`answer's "token_type" is not a string`)
		}
		for _, refresh := range refreshTokenTypes {
			if strings.EqualFold(tokenType, refresh) {
				return refuse(validator.ErrInvalidTokenType, "token is a refresh token"), nil
			}
		}
	}
	if m[answerExpiry].Present() && !now.Before(claims.ExpiresAt.Add(c.leeway)) {
		return refuse(validator.ErrTokenExpired, "token expired "+now.Sub(claims.ExpiresAt).Round(time.Second).String()+" ago"), nil
	}
	if !claims.NotBefore.IsZero() && now.Add(c.leeway).Before(claims.NotBefore) {
		return refuse(validator.ErrTokenNotYetValid, "token not valid before its nbf"), nil
	}
	if c.issuer != "" && m[answerIssuer].Present() && claims.Issuer != c.issuer {
		return refuse(validator.ErrInvalidIssuer, "issuer not accepted"), nil
	}
	if len(c.audiences) > 0 && !validator.AudienceAccepted(c.audiences, claims.Audience) {
		return refuse(validator.ErrInvalidAudience, "audience not accepted"), nil
	}
	return answer{claims: claims}, nil
}

func refuse(reason error, description string) answer {
	return answer{err: validator.NewError(reason, description, nil)}
}
