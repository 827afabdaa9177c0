package nethttp

import (
	"net/http"

	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/scopes"
)

// ScopeError is the error Require and RequireScopes report when a token lacks what the route
// requires. It wraps a *validator.Error whose reason is validator.ErrInsufficientScope, so errors.Is,
// validator.Code and validator.Description work on it as on the validator's own errors; its Required
// field is what the route demands, the challenge's scope attribute.
type ScopeError = httpguard.ScopeError

// NewScopeError returns the error for a token that does not meet required, for adapters and error
// handlers that check scopes themselves but want the same answer.
func NewScopeError(required scopes.Requirement) *ScopeError { return httpguard.NewScopeError(required) }

// Require returns middleware for a route behind g.Middleware: it passes the request on only when the
// claims in its context meet req. A request without claims (none were set, for instance under
// WithCredentialsOptional) is answered as carrying no token (401); one whose claims fall short gets
// 403 insufficient_scope naming req, with g's realm and error handler.
func (g *Guard) Require(req scopes.Requirement) func(http.Handler) http.Handler {
	return route(g.core, httpguard.NewRoute(req))
}

// RequireScopes is Require for a route whose middleware was built apart. Of the options, those that
// shape the refusal apply: WithRealm, WithResourceMetadata, WithErrorHandler, WithSkipper, WithLogger
// and WithDPoP's challenges. WithExtractor, WithCredentialsOptional and WithCertificateBinding are the
// middleware's and change nothing here: the route reads the claims the middleware verified. Prefer
// New, which gives both the same options at once. It panics on an invalid option, as New does.
func RequireScopes(req scopes.Requirement, opts ...Option) func(http.Handler) http.Handler {
	return route(httpguard.NewRouteGuard(opts), httpguard.NewRoute(req))
}

// route returns middleware that passes a request on only when core permits it on rt.
func route(core *httpguard.Guard[httpguard.Exchange], rt *httpguard.Route) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := httpguard.Exchange{W: w, R: r}
			if err := core.Permit(x, r, rt); err != nil {
				_ = core.Refuse(x, w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
