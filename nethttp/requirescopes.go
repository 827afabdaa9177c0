package nethttp

import (
	"net/http"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// ScopeError is the error RequireScopes reports when a token lacks what the route requires. It
// wraps a *validator.Error whose reason is validator.ErrInsufficientScope, so errors.Is,
// validator.Code and validator.Description work on it as on the validator's own errors.
type ScopeError struct {
	// Required is what the route demands; it becomes the challenge's scope attribute.
	Required scopes.Requirement
	err      *validator.Error
}

// NewScopeError returns the error for a token that does not meet required, for adapters and error
// handlers that check scopes themselves but want the same answer.
func NewScopeError(required scopes.Requirement) *ScopeError {
	return &ScopeError{Required: required, err: &validator.Error{
		Reason:      validator.ErrInsufficientScope,
		Description: "token lacks scope " + required.String(),
	}}
}

// Error returns "insufficient scope: token lacks scope …".
func (e *ScopeError) Error() string { return e.err.Error() }

// Unwrap returns the *validator.Error.
func (e *ScopeError) Unwrap() error { return e.err }

// RequireScopes returns middleware for a route behind Middleware: it passes the request on only when
// the claims in its context meet req. A request without claims (none were set, for instance under
// WithCredentialsOptional) is answered as carrying no token (401); one whose claims fall short gets
// 403 insufficient_scope naming req. Of the options, WithRealm, WithErrorHandler and WithSkipper
// apply.
func RequireScopes(req scopes.Requirement, opts ...Option) func(http.Handler) http.Handler {
	c := newConfig(opts)
	// One error serves every refusal: it depends on the route only, never on the request.
	refused := NewScopeError(req)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.skip != nil && c.skip(r) {
				next.ServeHTTP(w, r)
				return
			}
			claims, ok := validator.FromContext(r.Context())
			if !ok {
				c.onError(w, r, ErrNoBearerToken)
				return
			}
			if req.Check(claims.Scopes) != nil {
				c.onError(w, r, refused)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
