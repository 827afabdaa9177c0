// Package echomw protects Echo handlers with OAuth 2.0 bearer JWTs, a thin shell over the HTTP core
// nethttp and ginmw share: refusals are answered exactly as nethttp answers them (see its table), a
// sender-constrained token is refused unless the route checks its binding, and options follow the
// one rule: Build returns a mistake, New, Middleware, RequireScopes and RequireAuthentication panic
// with it.
package echomw

import (
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// Option configures New, Middleware, RequireScopes and RequireAuthentication.
type Option = httpguard.Option[echo.Context]

// ErrorHandler answers a failed authentication, as nethttp.ErrorHandler; the middleware returns it.
type ErrorHandler func(c echo.Context, err error) error

// Extractor finds the token in a request, as nethttp.Extractor (the very type, declared by the HTTP
// core the adapters share): nethttp.FromCookie, FromQuery and FirstOf build one.
type Extractor = httpguard.Extractor

// WithExtractor sets where the token is taken from (default: the Authorization header's Bearer
// credentials, as nethttp.FromAuthorizationHeader).
func WithExtractor(e Extractor) Option { return httpguard.WithExtractor[echo.Context](e) }

// WithErrorHandler replaces the default answer: nethttp's, written to the response, and a nil error.
func WithErrorHandler(h ErrorHandler) Option { return httpguard.WithErrorHandler[echo.Context](h) }

// WithSkipper lets requests for which skip returns true through untouched, as Echo's middleware does.
func WithSkipper(skip middleware.Skipper) Option { return httpguard.WithSkipper[echo.Context](skip) }

// WithCredentialsOptional lets a request without a token through anonymously; Require ignores it.
func WithCredentialsOptional() Option { return httpguard.WithCredentialsOptional[echo.Context]() }

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
func WithRealm(realm string) Option { return httpguard.WithRealm[echo.Context](realm) }

// WithResourceMetadata adds resource_metadata="<url>" to every challenge, as nethttp's (RFC 9728).
func WithResourceMetadata(u string) Option { return httpguard.WithResourceMetadata[echo.Context](u) }

// WithLogger logs every refusal on l, as nethttp.WithLogger does. Off by default.
func WithLogger(l *slog.Logger) Option { return httpguard.WithLogger[echo.Context](l) }

// WithDPoP turns on DPoP (RFC 9449) with v, as nethttp.WithDPoP; a nil v or bad mode is a bad option.
func WithDPoP(v *dpop.Verifier, m dpop.Mode) Option { return httpguard.WithDPoP[echo.Context](v, m) }

// WithCertificateBinding admits a certificate-bound token only with its client certificate (RFC 8705).
func WithCertificateBinding() Option { return httpguard.WithCertificateBinding[echo.Context]() }

// Guard protects Echo routes with one set of options, shared by its Middleware and every Require.
type Guard struct {
	core *httpguard.Guard[echo.Context]
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
// Refusals are written, not returned as an *echo.HTTPError that Echo's error handler could reshape.
func (g *Guard) Middleware(next echo.HandlerFunc) echo.HandlerFunc { return g.pass(g.core.Admit)(next) }

// Require passes a request on only when its claims meet req: 401 without claims, else 403 naming req.
func (g *Guard) Require(req scopes.Requirement) echo.MiddlewareFunc {
	return g.pass(g.core.Step(httpguard.NewRoute(req)))
}

// RequireAuthentication demands a login as strong and recent as req (RFC 9470), as nethttp's does.
func (g *Guard) RequireAuthentication(req stepup.Requirement) echo.MiddlewareFunc {
	return g.pass(g.core.Step(httpguard.NewStepUpRoute(req)))
}

// pass hands on the request step returns, or refuses with its error.
func (g *Guard) pass(step httpguard.Step[echo.Context]) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r, err := step(c, c.Request())
			if err != nil {
				return g.core.Refuse(c, c.Response(), c.Request(), err)
			}
			c.SetRequest(r)
			return next(c)
		}
	}
}

// Middleware returns New(v, opts...).Middleware. It panics, as New does, on a nil v or a bad option.
func Middleware(v validator.TokenValidator, opts ...Option) echo.MiddlewareFunc {
	return New(v, opts...).Middleware
}

// RequireScopes is Require with its own options; prefer New, which gives the middleware the same.
func RequireScopes(req scopes.Requirement, opts ...Option) echo.MiddlewareFunc {
	return (&Guard{httpguard.NewRouteGuard(opts)}).Require(req)
}

// RequireAuthentication is Guard.RequireAuthentication with its own options, as RequireScopes.
func RequireAuthentication(req stepup.Requirement, opts ...Option) echo.MiddlewareFunc {
	return (&Guard{httpguard.NewRouteGuard(opts)}).RequireAuthentication(req)
}

// Claims returns the claims Middleware verified for the request, and whether there are any.
func Claims(c echo.Context) (*validator.Claims, bool) {
	if c == nil || c.Request() == nil {
		return nil, false
	}
	return validator.FromContext(c.Request().Context())
}
