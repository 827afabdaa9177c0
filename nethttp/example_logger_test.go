package nethttp_test

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
)

func ExampleWithLogger() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// Info shows every refusal (at most 20 lines a second); Warn only the 503s. Time, the issuer's loopback URL and its generated
	// kid are dropped here to keep the output stable.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelInfo,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || len(groups) > 0 && (a.Key == "iss" || a.Key == "kid") {
				return slog.Attr{}
			}
			return a
		},
	}))
	g := nethttp.New(v, nethttp.WithLogger(logger))
	write := g.Middleware(g.Require(scopes.All("orders:write"))(http.NotFoundHandler()))

	get(write, "/orders", "Bearer "+mint("orders:read"))
	get(write, "/orders", "")
	// Output:
	// level=INFO msg="jwtguard: request refused" reason=insufficient_scope description="token lacks scope orders:write" token.aud=[https://api.example.com] token.alg=RS256 token_scopes=orders:read route="GET /orders" remote=192.0.2.1:1234
	// level=INFO msg="jwtguard: request refused" reason=missing_token description="no bearer token in the request" seen="no Authorization header" route="GET /orders" remote=192.0.2.1:1234
}
