package nethttp

import "net/http"

// Option configures Middleware and RequireScopes.
type Option func(*config)

type config struct {
	extract  Extractor
	onError  ErrorHandler
	skip     func(*http.Request) bool
	optional bool
	realm    string
}

// newConfig applies opts over the defaults and fills in what they left nil.
func newConfig(opts []Option) config {
	c := config{extract: FromAuthorizationHeader}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if c.extract == nil {
		c.extract = FromAuthorizationHeader
	}
	if c.onError == nil {
		c.onError = NewErrorWriter(c.realm).WriteError
	}
	return c
}

// WithExtractor sets where the token is taken from (default FromAuthorizationHeader). Combine
// sources with FirstOf. nil restores the default.
func WithExtractor(e Extractor) Option {
	return func(c *config) { c.extract = e }
}

// WithErrorHandler replaces the answer to a failed authentication (default: an ErrorWriter's
// WriteError, with the realm of WithRealm). The handler must write the whole response. nil restores
// the default.
func WithErrorHandler(h ErrorHandler) Option {
	return func(c *config) { c.onError = h }
}

// WithSkipper lets requests for which skip returns true through untouched: no token is looked for and
// no claims are set. Typical use is a health-check path. nil skips nothing.
func WithSkipper(skip func(*http.Request) bool) Option {
	return func(c *config) { c.skip = skip }
}

// WithCredentialsOptional lets a request that carries no token through anonymously: the handler
// finds no claims in the context. A request with a token that is malformed or invalid is still
// refused, so a client never mistakes a bad token for anonymous access. RequireScopes ignores it.
func WithCredentialsOptional() Option {
	return func(c *config) { c.optional = true }
}

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
// Quotes, backslashes and control characters cannot break the header: they are escaped or dropped.
func WithRealm(realm string) Option {
	return func(c *config) { c.realm = realm }
}
