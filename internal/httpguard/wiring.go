package httpguard

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/jwtguard/jwtguard/internal/reasons"
	"github.com/jwtguard/jwtguard/internal/refusallog"
	"github.com/jwtguard/jwtguard/validator"
)

// ErrServerMisconfigured is the reason of a request refused because the server is wired wrongly: a
// route requirement (Require, RequireScopes, RequireAuthentication) ran without the middleware in
// front of it while the request carried a token, so the token was never validated. It is the
// server's bug, not the client's: its row in the one table of refusals (validator.Reasons) has code
// server_misconfigured and kind validator.KindServerError, answered 500 server_error without a
// challenge; the client is told nothing about how the server is set up.
var ErrServerMisconfigured = reasons.ErrServerMisconfigured

// errUnguarded is the refusal of a request that reached a route requirement with a token but without
// verified claims; built once, like the other fixed refusals.
var errUnguarded = validator.NewError(ErrServerMisconfigured, validator.ReasonOf(ErrServerMisconfigured).Message, nil)

// unguardedMessage names the mistake and its fix, once per route (see unguarded).
const unguardedMessage = "jwtguard: a route requirement (Require, RequireScopes or RequireAuthentication) " +
	"got a request with a token that no middleware validated: put the Guard's Middleware in front of it; " +
	"answering 500 until then"

// reported holds the routes whose wiring mistake was logged, so that each is logged once: routes are
// made when a server is set up, so the set stays as small as the server's route table.
var reported sync.Map // *Route → struct{}

// unguarded returns the refusal of r, which reached rt without verified claims in its context: 401
// missing_token (ErrNoBearerToken) when r carries no token, as a request on a route with no
// middleware at all would get; else ErrServerMisconfigured (500), because the token was sent but
// nothing validated it — the route requirement runs without the middleware in front of it. That
// mistake is logged at Error, once per route, on WithLogger's logger or, without one, on
// slog.Default(): a server bug must be seen whether or not refusals are logged.
func (g *Guard[C]) unguarded(r *http.Request, rt *Route) error {
	token, _, err := g.credentials(r)
	if err == nil && token == "" {
		return ErrNoBearerToken
	}
	if _, seen := reported.LoadOrStore(rt, struct{}{}); !seen {
		l := g.s.logger
		if l == nil {
			l = slog.Default()
		}
		l.LogAttrs(context.WithoutCancel(r.Context()), slog.LevelError, unguardedMessage,
			slog.String("reason", validator.ReasonOf(ErrServerMisconfigured).Code), refusallog.Where("route", r.Method+" "+r.URL.Path))
	}
	return errUnguarded
}
