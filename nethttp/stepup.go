package nethttp

import (
	"net/http"

	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/stepup"
)

// RequireAuthentication returns middleware for a route behind g.Middleware that demands a strong or
// recent enough login (RFC 9470): the token's "acr" must be one of req.ACRValues and its "auth_time"
// at most req.MaxAge ago (now, without leeway), each when set. A token that falls short, or lacks the
// claim, gets 401 with
//
//	WWW-Authenticate: Bearer error="insufficient_user_authentication", error_description="…", acr_values="…", max_age="…"
//
// (acr_values and max_age as req demands them, after g's realm and resource_metadata), so the client
// can ask the authorization server for a fresher login; a request without claims gets 401 as carrying
// no token. It panics if req.Validate fails.
func (g *Guard) RequireAuthentication(req stepup.Requirement) func(http.Handler) http.Handler {
	return route(g.core, httpguard.NewStepUpRoute(req))
}

// RequireAuthentication is Guard.RequireAuthentication for a route whose middleware was built
// apart, with its own options (as RequireScopes). It panics if req.Validate fails.
func RequireAuthentication(req stepup.Requirement, opts ...Option) func(http.Handler) http.Handler {
	return route(httpguard.NewRouteGuard(opts), httpguard.NewStepUpRoute(req))
}
