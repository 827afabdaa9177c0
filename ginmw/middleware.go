// Package ginmw protects Gin handlers with OAuth 2.0 access tokens: a thin shell over the HTTP core of
// nethttp, whose table of answers holds here byte for byte; a refusal aborts the chain. Claims reads
// what Middleware verified.
package ginmw

import (
	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Option configures New, Middleware and RequireScopes.
type Option = httpguard.Option[*gin.Context]

// ErrorHandler answers a failed authentication, as nethttp.ErrorHandler; the request is then aborted.
type ErrorHandler func(c *gin.Context, err error)

// WithExtractor sets where the token is taken from (default nethttp.FromAuthorizationHeader).
func WithExtractor(e nethttp.Extractor) Option { return httpguard.WithExtractor[*gin.Context](e) }

// WithErrorHandler replaces the default answer, nethttp's. nil restores the default.
func WithErrorHandler(h ErrorHandler) Option { return httpguard.WithErrorFunc(h) }

// WithSkipper lets requests for which skip returns true through untouched. nil skips nothing.
func WithSkipper(skip func(*gin.Context) bool) Option { return httpguard.WithSkipper(skip) }

// WithCredentialsOptional lets a request without a token through anonymously; Require ignores it.
func WithCredentialsOptional() Option { return httpguard.WithCredentialsOptional[*gin.Context]() }

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
func WithRealm(realm string) Option { return httpguard.WithRealm[*gin.Context](realm) }

// WithDPoP turns on DPoP (RFC 9449) with v, as nethttp.WithDPoP; it panics on a nil v or bad mode.
func WithDPoP(v *dpop.Verifier, m dpop.Mode) Option { return httpguard.WithDPoP[*gin.Context](v, m) }

// WithCertificateBinding admits a certificate-bound token only with its client certificate (RFC 8705).
func WithCertificateBinding() Option { return httpguard.WithCertificateBinding[*gin.Context]() }

// Guard protects Gin routes with one set of options, shared by its Middleware and every Require.
type Guard struct {
	core *httpguard.Guard[*gin.Context]
}

// New returns a Guard that admits a request only with a token v accepts. It panics if v is nil.
func New(v validator.TokenValidator, opts ...Option) *Guard { return &Guard{httpguard.New(v, opts)} }

// Middleware passes on a request with a token the Guard accepts, its claims in the request's context.
func (g *Guard) Middleware(c *gin.Context) {
	if r, err := g.core.Admit(c, c.Request); err != nil {
		g.refuse(c, err)
	} else {
		c.Request = r // Gin runs the next handler when this one returns
	}
}

// Require passes a request on only when its claims meet req: 401 without claims, else 403 naming req.
func (g *Guard) Require(req scopes.Requirement) gin.HandlerFunc {
	route := httpguard.NewRoute(req)
	return func(c *gin.Context) {
		if err := g.core.Permit(c, c.Request, route); err != nil {
			g.refuse(c, err)
		}
	}
}

// refuse answers through the error handler and stops the chain, whatever the handler did.
func (g *Guard) refuse(c *gin.Context, err error) {
	_ = g.core.Refuse(c, c.Writer, c.Request, err)
	c.Abort()
}

// Middleware returns New(v, opts...).Middleware. It panics if v is nil.
func Middleware(v validator.TokenValidator, opts ...Option) gin.HandlerFunc {
	return New(v, opts...).Middleware
}

// RequireScopes is Require with its own options; prefer New, which gives the middleware the same.
func RequireScopes(req scopes.Requirement, opts ...Option) gin.HandlerFunc {
	return (&Guard{httpguard.NewRouteGuard(opts)}).Require(req)
}

// Claims returns the claims Middleware verified for the request, and whether there are any.
func Claims(c *gin.Context) (*validator.Claims, bool) {
	if c == nil || c.Request == nil {
		return nil, false
	}
	return validator.FromContext(c.Request.Context())
}
