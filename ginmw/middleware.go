package ginmw

import (
	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Middleware returns Gin middleware that admits a request only with a token v accepts and passes it
// on with the verified claims in the request's context; read them with Claims. A refused request is
// answered and aborted. It panics if v is nil.
func Middleware(v validator.TokenValidator, opts ...Option) gin.HandlerFunc {
	if v == nil {
		panic("ginmw: Middleware needs a non-nil TokenValidator")
	}
	c := newConfig(opts)
	return func(ctx *gin.Context) {
		if c.skip != nil && c.skip(ctx) {
			ctx.Next()
			return
		}
		r := ctx.Request
		token, err := c.extract(r)
		if err != nil {
			c.refuse(ctx, err)
			return
		}
		if token == "" {
			if c.optional {
				ctx.Next()
				return
			}
			c.refuse(ctx, nethttp.ErrNoBearerToken)
			return
		}
		claims, err := v.Validate(r.Context(), token)
		if err != nil {
			c.refuse(ctx, err)
			return
		}
		ctx.Request = r.WithContext(validator.NewContext(r.Context(), claims))
		ctx.Next()
	}
}

// refuse answers through the error handler and stops the chain, whatever the handler did.
func (c *config) refuse(ctx *gin.Context, err error) {
	c.onError(ctx, err)
	ctx.Abort()
}

// Claims returns the claims Middleware verified for the request, and whether there are any.
func Claims(c *gin.Context) (*validator.Claims, bool) {
	// A context made by gin.CreateTestContext has no request.
	if c == nil || c.Request == nil {
		return nil, false
	}
	return validator.FromContext(c.Request.Context())
}
