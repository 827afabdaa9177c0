// Package ginmw protects Gin handlers with OAuth 2.0 bearer JWTs, a thin shell over the HTTP core nethttp
// and echomw share: refusals are answered exactly as nethttp answers them (see its table), then aborted;
// a sender-constrained token is refused unless the route checks its binding; options follow the one
// rule: Build returns a mistake, New, Middleware, RequireScopes and RequireAuthentication panic with it.
package ginmw

import (
	"log/slog"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// Option configures New, Middleware, RequireScopes and RequireAuthentication.
type Option = httpguard.Option[*gin.Context]

// ErrorHandler answers a failed authentication, as nethttp.ErrorHandler; the request is then aborted.
type ErrorHandler func(c *gin.Context, err error)

// Extractor finds the token in a request, as nethttp.Extractor (the very type, declared by the HTTP
// core the adapters share): nethttp.FromCookie, FromQuery and FirstOf build one.
type Extractor = httpguard.Extractor

// WithExtractor sets where the token is taken from (default: the Authorization header's Bearer
// credentials, as nethttp.FromAuthorizationHeader).
func WithExtractor(e Extractor) Option { return httpguard.WithExtractor[*gin.Context](e) }

// WithErrorHandler replaces the default answer, nethttp's. nil restores the default.
func WithErrorHandler(h ErrorHandler) Option { return httpguard.WithErrorFunc(h) }

// WithSkipper lets requests for which skip returns true through untouched. nil skips nothing.
func WithSkipper(skip func(*gin.Context) bool) Option { return httpguard.WithSkipper(skip) }

// WithCredentialsOptional lets a request without a token through anonymously; Require ignores it.
func WithCredentialsOptional() Option { return httpguard.WithCredentialsOptional[*gin.Context]() }

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
func WithRealm(realm string) Option { return httpguard.WithRealm[*gin.Context](realm) }

// WithResourceMetadata adds resource_metadata="<url>" to every challenge, as nethttp's (RFC 9728).
func WithResourceMetadata(u string) Option { return httpguard.WithResourceMetadata[*gin.Context](u) }

// WithLogger logs every refusal on l, as nethttp.WithLogger does. Off by default.
func WithLogger(l *slog.Logger) Option { return httpguard.WithLogger[*gin.Context](l) }

// WithDPoP turns on DPoP (RFC 9449) with v, as nethttp.WithDPoP; a nil v or bad mode is a bad option.
func WithDPoP(v *dpop.Verifier, m dpop.Mode) Option { return httpguard.WithDPoP[*gin.Context](v, m) }

// WithCertificateBinding admits a certificate-bound token only with its client certificate (RFC 8705).
func WithCertificateBinding() Option { return httpguard.WithCertificateBinding[*gin.Context]() }

// Guard protects Gin routes with one set of options, shared by its Middleware and every Require.
type Guard struct {
	core *httpguard.Guard[*gin.Context]
}

// Build returns a Guard that admits a request only with a token v accepts, or the first mistake in v
// and opts (see nethttp.Build).
func Build(v validator.TokenValidator, opts ...Option) (*Guard, error) {
	core, err := httpguard.Build(v, opts)
	if err != nil {
		return nil, err
	}
	return &Guard{core}, nil
}

// New is Build that panics on a mistake, like regexp.MustCompile: a typo fails at start-up.
func New(v validator.TokenValidator, opts ...Option) *Guard { return &Guard{httpguard.New(v, opts)} }

// Middleware passes on a request with a token the Guard accepts, its claims in the request's context.
func (g *Guard) Middleware(c *gin.Context) { g.pass(c, g.core.Admit) }

// Require passes a request on only when its claims meet req: 401 without claims, else 403 naming req.
func (g *Guard) Require(req scopes.Requirement) gin.HandlerFunc {
	return g.handler(g.core.Step(httpguard.NewRoute(req)))
}

// RequireAuthentication demands a login as strong and recent as req (RFC 9470), as nethttp's does.
func (g *Guard) RequireAuthentication(req stepup.Requirement) gin.HandlerFunc {
	return g.handler(g.core.Step(httpguard.NewStepUpRoute(req)))
}

func (g *Guard) handler(step httpguard.Step[*gin.Context]) gin.HandlerFunc {
	return func(c *gin.Context) { g.pass(c, step) }
}

// pass goes on with the request step returns, or answers through the error handler and stops the
// chain, whatever the handler did.
func (g *Guard) pass(c *gin.Context, step httpguard.Step[*gin.Context]) {
	r, err := step(c, c.Request)
	if err != nil {
		_ = g.core.Refuse(c, c.Writer, c.Request, err)
		c.Abort()
		return
	}
	c.Request = r
	c.Next()
}

// Middleware returns New(v, opts...).Middleware. It panics, as New does, on a nil v or a bad option.
func Middleware(v validator.TokenValidator, opts ...Option) gin.HandlerFunc {
	return New(v, opts...).Middleware
}

// RequireScopes is Require with its own options; prefer New, which gives the middleware the same.
func RequireScopes(req scopes.Requirement, opts ...Option) gin.HandlerFunc {
	return (&Guard{httpguard.NewRouteGuard(opts)}).Require(req)
}

// RequireAuthentication is Guard.RequireAuthentication with its own options, as RequireScopes.
func RequireAuthentication(req stepup.Requirement, opts ...Option) gin.HandlerFunc {
	return (&Guard{httpguard.NewRouteGuard(opts)}).RequireAuthentication(req)
}

// Claims returns the claims Middleware verified for the request, and whether there are any.
func Claims(c *gin.Context) (*validator.Claims, bool) {
	if c == nil || c.Request == nil {
		return nil, false
	}
	return validator.FromContext(c.Request.Context())
}
