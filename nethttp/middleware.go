package nethttp

import (
	"net/http"

	"github.com/jwtguard/jwtguard/validator"
)

// ErrNoBearerToken is the error the middleware of every HTTP adapter reports for a request that
// carries no token. It is a *validator.Error whose reason is validator.ErrMissingToken, so errors.Is
// and validator.Code treat it like the validator's own; it is allocated once, for every such request.
var ErrNoBearerToken error = &validator.Error{Reason: validator.ErrMissingToken, Description: descMissing}

// Middleware returns middleware that admits a request only with a token v accepts, and passes it on
// with the verified claims in its context (read them with validator.FromContext). Requests it refuses
// are answered by the error handler, by default as the package documentation tabulates.
//
// Middleware panics if v is nil.
func Middleware(v validator.TokenValidator, opts ...Option) func(http.Handler) http.Handler {
	if v == nil {
		panic("nethttp: Middleware needs a non-nil TokenValidator")
	}
	c := newConfig(opts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.skip != nil && c.skip(r) {
				next.ServeHTTP(w, r)
				return
			}
			token, err := c.extract(r)
			if err != nil {
				c.onError(w, r, err)
				return
			}
			if token == "" {
				if c.optional {
					next.ServeHTTP(w, r)
					return
				}
				c.onError(w, r, ErrNoBearerToken)
				return
			}
			claims, err := v.Validate(r.Context(), token)
			if err != nil {
				c.onError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(validator.NewContext(r.Context(), claims)))
		})
	}
}
