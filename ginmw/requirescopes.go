package ginmw

import (
	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
)

// RequireScopes returns Gin middleware for a route behind Middleware: it passes the request on only
// when its claims meet req. Without claims the request is answered as carrying no token (401); with
// claims that fall short, 403 insufficient_scope naming req. Either way it is aborted. Of the
// options, WithRealm, WithErrorHandler and WithSkipper apply.
func RequireScopes(req scopes.Requirement, opts ...Option) gin.HandlerFunc {
	c := newConfig(opts)
	refused := nethttp.NewScopeError(req)
	return func(ctx *gin.Context) {
		if c.skip != nil && c.skip(ctx) {
			ctx.Next()
			return
		}
		claims, ok := Claims(ctx)
		if !ok {
			c.refuse(ctx, nethttp.ErrNoBearerToken)
			return
		}
		if req.Check(claims.Scopes) != nil {
			c.refuse(ctx, refused)
			return
		}
		ctx.Next()
	}
}
