package ginmw

import (
	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/nethttp"
)

// Option configures Middleware and RequireScopes.
type Option func(*config)

// ErrorHandler answers a request that failed authentication; the middleware aborts the request after
// it. err is as nethttp.ErrorHandler describes it: show it to clients only through validator.Code and
// validator.Description.
type ErrorHandler func(c *gin.Context, err error)

type config struct {
	extract  nethttp.Extractor
	onError  ErrorHandler
	skip     func(*gin.Context) bool
	optional bool
	realm    string
}

// newConfig applies opts over the defaults and fills in what they left nil.
func newConfig(opts []Option) config {
	c := config{}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if c.extract == nil {
		c.extract = nethttp.FromAuthorizationHeader
	}
	if c.onError == nil {
		ew := nethttp.NewErrorWriter(c.realm)
		c.onError = func(ctx *gin.Context, err error) { ew.WriteError(ctx.Writer, ctx.Request, err) }
	}
	return c
}

// WithExtractor sets where the token is taken from (default nethttp.FromAuthorizationHeader); see
// nethttp.FirstOf, FromCookie and FromQuery. nil restores the default.
func WithExtractor(e nethttp.Extractor) Option {
	return func(c *config) { c.extract = e }
}

// WithErrorHandler replaces the answer to a failed authentication (default: nethttp's RFC 6750
// answer). The request is aborted after the handler runs. nil restores the default.
func WithErrorHandler(h ErrorHandler) Option {
	return func(c *config) { c.onError = h }
}

// WithSkipper lets requests for which skip returns true through untouched. nil skips nothing.
func WithSkipper(skip func(*gin.Context) bool) Option {
	return func(c *config) { c.skip = skip }
}

// WithCredentialsOptional lets a request that carries no token through anonymously; a malformed or
// invalid token is still refused. RequireScopes ignores it.
func WithCredentialsOptional() Option {
	return func(c *config) { c.optional = true }
}

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
func WithRealm(realm string) Option {
	return func(c *config) { c.realm = realm }
}
