package mcpauth

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"

	"github.com/jwtguard/jwtguard/validator"
)

// tokenInfo is what the SDK learns of a verified token: its scopes, expiry, subject as the user its
// sessions are bound to, and every claim.
func tokenInfo(c *validator.Claims) *auth.TokenInfo {
	var extra map[string]any
	// The payload is a verified JSON object: Decode cannot fail on it.
	_ = c.Decode(&extra)
	return &auth.TokenInfo{
		Scopes:     c.Scopes.List(),
		Expiration: c.ExpiresAt,
		UserID:     c.Subject,
		Extra:      extra,
	}
}

// Verifier returns an auth.TokenVerifier, for the SDK's auth.RequireBearerToken, that accepts the
// tokens v accepts and describes them in an auth.TokenInfo as Middleware does. A refusal unwraps to
// auth.ErrInvalidToken, which the SDK answers with 401, and to v's *validator.Error; a failure of
// kind validator.KindUnavailable (no keys, introspection down) does not, since it is not the token's
// fault, and the SDK answers it with 500 (and the error's text: the reason and the safe description,
// never the token). The SDK checks the TokenInfo's Expiration again, against its own clock and
// without v's leeway: set RequireBearerTokenOptions.ClockSkew to that leeway (validator.DefaultLeeway
// unless set), and AllowMissingExpiration if v may accept a token without "exp" (an introspecting
// validator whose server sends none). It panics if v is nil.
func Verifier(v validator.TokenValidator) auth.TokenVerifier {
	if v == nil {
		panic("mcpauth: Verifier: nil validator")
	}
	return func(ctx context.Context, token string, _ *http.Request) (*auth.TokenInfo, error) {
		claims, err := v.Validate(ctx, token)
		if err != nil {
			if validator.KindOf(err) == validator.KindUnavailable {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %w", auth.ErrInvalidToken, err)
		}
		return tokenInfo(claims), nil
	}
}

// admitted is the SDK middleware that puts the TokenInfo of the claims already verified into the
// request's context: the SDK keeps the context key to itself and sets it only in RequireBearerToken.
// jwtguard has judged the token's times with its validator's leeway, so the SDK's own expiry check
// is switched off (AllowMissingExpiration, and a ClockSkew no expiry falls behind).
var admitted = auth.RequireBearerToken(
	func(ctx context.Context, _ string, _ *http.Request) (*auth.TokenInfo, error) {
		claims, ok := validator.FromContext(ctx)
		if !ok {
			// withTokenInfo calls it only with claims in the context.
			return nil, auth.ErrInvalidToken
		}
		return tokenInfo(claims), nil
	},
	&auth.RequireBearerTokenOptions{AllowMissingExpiration: true, ClockSkew: time.Duration(math.MaxInt64)})

// withTokenInfo returns next behind admitted for requests with verified claims; requests without
// (skipped by the Guard, or anonymous under nethttp.WithCredentialsOptional) go to next as they are.
func withTokenInfo(next http.Handler) http.Handler {
	restore := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// r is the copy RequireBearerToken made; give it back the request's own header.
		if h, ok := r.Context().Value(headerKey{}).(http.Header); ok {
			r.Header = h
		}
		next.ServeHTTP(w, r)
	})
	sdk := admitted(restore)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := validator.FromContext(r.Context()); !ok {
			next.ServeHTTP(w, r)
			return
		}
		if sdkSeesBearer(r.Header) {
			sdk.ServeHTTP(w, r)
			return
		}
		// The token came another way (the DPoP scheme, a cookie, …): RequireBearerToken, which wants
		// "Authorization: Bearer …", sees a stand-in header, and the handler the request's own.
		stand := r.WithContext(context.WithValue(r.Context(), headerKey{}, r.Header))
		stand.Header = standInHeader
		sdk.ServeHTTP(w, stand)
	})
}

// headerKey keeps a request's header while RequireBearerToken sees standInHeader.
type headerKey struct{}

// standInHeader satisfies RequireBearerToken's look for a bearer token; it is only read.
var standInHeader = http.Header{"Authorization": {"Bearer verified-by-jwtguard"}}

// sdkSeesBearer reports whether RequireBearerToken finds a bearer token in h, by its own test.
func sdkSeesBearer(h http.Header) bool {
	fields := strings.Fields(h.Get("Authorization"))
	return len(fields) == 2 && strings.ToLower(fields[0]) == "bearer"
}
