// Package refusallog writes the one log line of a refused request, for the HTTP core and the gRPC
// interceptor alike: what an operator needs to tell why a client was turned away, and never the token.
package refusallog

import (
	"context"
	"log/slog"

	"github.com/jwtguard/jwtguard/internal/clip"
	"github.com/jwtguard/jwtguard/validator"
)

// Message is the message of every refusal's log line.
const Message = "jwtguard: request refused"

// maxWhere bounds what a request path or gRPC method (both chosen by the client) adds to a line.
const maxWhere = 256

// Log records err, the refusal of one request, on l, under the reason code code ("" for err's own,
// from the table of refusals: validator.ReasonOf(err).Code): at Warn when the server could not decide (a 503
// or Unavailable: no keys, introspection down), else at Debug. The line holds the reason code, the
// client-safe description, the server-side detail (validator.Detail), the token's iss, aud, kid and
// alg as token() gives them (never the token itself), and where: the route or method and the remote
// address. token is called only when the line is written. A nil l logs nothing.
func Log(ctx context.Context, l *slog.Logger, err error, code string, token func() validator.Unverified, where ...slog.Attr) {
	if l == nil {
		return
	}
	level := slog.LevelDebug
	if validator.KindOf(err) == validator.KindUnavailable {
		level = slog.LevelWarn
	}
	if !l.Enabled(ctx, level) {
		return
	}
	if code == "" {
		// The table of refusals names every reason; an error no checker described is reported as
		// validator.ErrTokenRejected, its text never logged: it may hold anything.
		code = validator.ReasonOf(err).Code
	}
	attrs := make([]slog.Attr, 0, 4+len(where))
	attrs = append(attrs, slog.String("reason", code))
	if d := validator.Description(err); d != "" {
		attrs = append(attrs, slog.String("description", d))
	}
	if d := validator.Detail(err); d != "" {
		attrs = append(attrs, slog.String("detail", d))
	}
	if u := token(); u.Algorithm != "" || u.Issuer != "" {
		attrs = append(attrs, slog.Any("token", u))
	}
	attrs = append(attrs, where...)
	l.LogAttrs(ctx, level, Message, attrs...)
}

// Peek returns a token func for Log that peeks at raw.
func Peek(raw string) func() validator.Unverified {
	return func() validator.Unverified {
		u, _ := validator.Peek(raw)
		return u
	}
}

// Verified returns the iss, aud, kid and alg of verified claims, for a refusal after validation (a
// route's scope requirement).
func Verified(c *validator.Claims) validator.Unverified {
	return validator.Unverified{Issuer: c.Issuer, Audience: c.Audience, KeyID: c.KeyID, Algorithm: c.Algorithm}
}

// Where returns the attribute naming where a request went (HTTP "GET /orders", a gRPC full method),
// cut to 256 bytes.
func Where(key, value string) slog.Attr { return slog.String(key, clip.String(value, maxWhere)) }
