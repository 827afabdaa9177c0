package introspect

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

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
	audiences []string
	leeway    time.Duration
}

// refreshTokenTypes are the token_type values that name a refresh token: RFC 7662 suggests the
// RFC 6749 type names, and RFC 8693 defines the URN.
var refreshTokenTypes = []string{"refresh_token", "urn:ietf:params:oauth:token-type:refresh_token"}

// judge reads an introspection answer. err is non-nil when body is not a usable answer (the server's
// fault); a refusal of the token is returned in the answer.
func (c answerChecks) judge(body []byte, now time.Time) (answer, error) {
	var head struct {
		Active    *bool   `json:"active"`
		TokenType *string `json:"token_type"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return answer{}, errors.New("answer is not a JSON object")
	}
	if head.Active == nil {
		return answer{}, errors.New(`answer has no boolean "active"`)
	}
	if !*head.Active {
		// RFC 7662 §2.2: nothing else in an inactive answer is to be trusted or even read.
		return refuse(validator.ErrTokenInactive, "token is not active"), nil
	}
	claims, err := validator.ClaimsFromJSON(body)
	if err != nil {
		return answer{}, err
	}
	if head.TokenType != nil {
		for _, refresh := range refreshTokenTypes {
			if strings.EqualFold(*head.TokenType, refresh) {
				return refuse(validator.ErrInvalidTokenType, "token is a refresh token"), nil
			}
		}
	}
	if !claims.ExpiresAt.IsZero() && !now.Before(claims.ExpiresAt.Add(c.leeway)) {
		return refuse(validator.ErrTokenExpired, "token expired "+now.Sub(claims.ExpiresAt).Round(time.Second).String()+" ago"), nil
	}
	if !claims.NotBefore.IsZero() && now.Add(c.leeway).Before(claims.NotBefore) {
		return refuse(validator.ErrTokenNotYetValid, "token not valid before its nbf"), nil
	}
	if c.issuer != "" && claims.Issuer != "" && claims.Issuer != c.issuer {
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
