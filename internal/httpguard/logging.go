package httpguard

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/jwtguard/jwtguard/internal/refusallog"
	"github.com/jwtguard/jwtguard/validator"
)

// WithLogger logs every refusal on l, once, whoever answers it (the Writer or a custom error handler):
// at Info for a refused token, a missing scope or a malformed request, at Warn for a 503, so
// WithLogger(slog.Default()) shows them. The line holds the reason code, the server-side detail
// (validator.Detail), the token's unverified iss, aud, kid and alg (never the token), the scopes it
// had when a scope requirement refused it, what was sent instead of a token for missing_token, the
// route (method and path) and the remote address. At most refusallog.LinesPerSecond lines are written
// a second; the count of the others follows in one line at Warn. Off by default; nil turns it off.
func WithLogger[C any](l *slog.Logger) Option[C] {
	return func(s *settings[C]) { s.logger = refusallog.Limit(l) }
}

// logRefusal writes WithLogger's line for the refusal of r with err. The token's values come from the
// verified claims when a route requirement refused, else from the token the extractor finds again:
// the request path keeps no copy of it, and the extractor runs a second time only when a line is
// written.
func (g *Guard[C]) logRefusal(r *http.Request, err error) {
	if g.s.logger == nil {
		return
	}
	token := func() refusallog.Token {
		if claims, ok := validator.FromContext(r.Context()); ok {
			return refusallog.Verified(claims)
		}
		if errors.Is(err, validator.ErrMissingToken) {
			return refusallog.Token{Seen: refusallog.Seen(r.Header["Authorization"], refusallog.HasQueryToken(r.URL.RawQuery))}
		}
		raw, _, _ := g.credentials(r)
		return refusallog.Peek(raw)
	}
	refusallog.Log(r.Context(), g.s.logger, err, "", token,
		refusallog.Where("route", r.Method+" "+r.URL.Path), slog.String("remote", r.RemoteAddr))
}
