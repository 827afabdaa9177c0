package echomw

import (
	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Middleware returns Echo middleware that admits a request only with a token v accepts and passes it
// on with the verified claims in the request's context; read them with Claims. It panics if v is nil.
func Middleware(v validator.TokenValidator, opts ...Option) echo.MiddlewareFunc {
	if v == nil {
		panic("echomw: Middleware needs a non-nil TokenValidator")
	}
	c := newConfig(opts)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(ctx echo.Context) error {
			if c.skip(ctx) {
				return next(ctx)
			}
			r := ctx.Request()
			token, err := c.extract(r)
			if err != nil {
				return c.onError(ctx, err)
			}
			if token == "" {
				if c.optional {
					return next(ctx)
				}
				return c.onError(ctx, nethttp.ErrNoBearerToken)
			}
			claims, err := v.Validate(r.Context(), token)
			if err != nil {
				return c.onError(ctx, err)
			}
			ctx.SetRequest(r.WithContext(validator.NewContext(r.Context(), claims)))
			return next(ctx)
		}
	}
}

// Claims returns the claims Middleware verified for the request, and whether there are any.
func Claims(c echo.Context) (*validator.Claims, bool) {
	if c == nil || c.Request() == nil {
		return nil, false
	}
	return validator.FromContext(c.Request().Context())
}
