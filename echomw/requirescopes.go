package echomw

import (
	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
)

// RequireScopes returns Echo middleware for a route behind Middleware: it passes the request on only
// when its claims meet req. Without claims the request is answered as carrying no token (401); with
// claims that fall short, 403 insufficient_scope naming req. Of the options, WithRealm,
// WithErrorHandler and WithSkipper apply.
func RequireScopes(req scopes.Requirement, opts ...Option) echo.MiddlewareFunc {
	c := newConfig(opts)
	refused := nethttp.NewScopeError(req)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(ctx echo.Context) error {
			if c.skip(ctx) {
				return next(ctx)
			}
			claims, ok := Claims(ctx)
			if !ok {
				return c.onError(ctx, nethttp.ErrNoBearerToken)
			}
			if req.Check(claims.Scopes) != nil {
				return c.onError(ctx, refused)
			}
			return next(ctx)
		}
	}
}
