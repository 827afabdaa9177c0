package nethttp

import (
	"log/slog"
	"net/http"

	"github.com/jwtguard/jwtguard/internal/httpguard"
)

// Option configures New, Middleware and RequireScopes.
type Option = httpguard.Option[httpguard.Exchange]

// WithExtractor sets where the token is taken from (default FromAuthorizationHeader). Combine
// sources with FirstOf. nil restores the default.
func WithExtractor(e Extractor) Option {
	return httpguard.WithExtractor[httpguard.Exchange](e)
}

// WithErrorHandler replaces the answer to a failed authentication (default: an ErrorWriter's
// WriteError, with the realm of WithRealm). The handler must write the whole response. nil restores
// the default.
func WithErrorHandler(h ErrorHandler) Option {
	if h == nil {
		return httpguard.WithErrorHandler[httpguard.Exchange](nil)
	}
	return httpguard.WithErrorHandler(func(x httpguard.Exchange, err error) error {
		h(x.W, x.R, err)
		return nil
	})
}

// WithSkipper lets requests for which skip returns true through untouched: no token is looked for and
// no claims are set. Typical use is a health-check path. nil skips nothing.
func WithSkipper(skip func(*http.Request) bool) Option {
	if skip == nil {
		return httpguard.WithSkipper[httpguard.Exchange](nil)
	}
	return httpguard.WithSkipper(func(x httpguard.Exchange) bool { return skip(x.R) })
}

// WithCredentialsOptional lets a request that carries no token through anonymously: the handler
// finds no claims in the context. A request with a token that is malformed or invalid is still
// refused, so a client never mistakes a bad token for anonymous access. Require ignores it.
func WithCredentialsOptional() Option { return httpguard.WithCredentialsOptional[httpguard.Exchange]() }

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
// Quotes, backslashes and control characters cannot break the header: they are escaped or dropped.
func WithRealm(realm string) Option { return httpguard.WithRealm[httpguard.Exchange](realm) }

// WithResourceMetadata adds resource_metadata="<metadataURL>" to the WWW-Authenticate challenge of
// every 401 and 403 (RFC 9728 §5.1): the URL of the resource's protected resource metadata
// (resourcemeta.Document.URL), from which a client learns where to get a token. metadataURL must be
// an absolute https URL (http only to a loopback host) without a fragment: New, Middleware,
// RequireScopes and RequireAuthentication panic on any other, so a typo fails at start-up.
func WithResourceMetadata(metadataURL string) Option {
	return httpguard.WithResourceMetadata[httpguard.Exchange](metadataURL)
}

// WithLogger logs every refusal on l, once: at Info for a refused token, a missing scope or a
// malformed request, at Warn for a 503, so WithLogger(slog.Default()) shows them. The line holds the
// reason code, the server-side detail (validator.Detail: what was expected and what the token said),
// the token's unverified iss, aud, kid and alg (never the token), the scopes it had when a route's
// scopes refused it, what was sent instead of a token for missing_token (another Authorization
// scheme, by name only, or an access_token in the query), the route and the remote address. At most
// 20 lines are written a second; the count of the others follows in one line at Warn. Off by default;
// nil turns it off.
func WithLogger(l *slog.Logger) Option { return httpguard.WithLogger[httpguard.Exchange](l) }
