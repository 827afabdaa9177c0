// Package refusallog writes the one log line of a refused request, for the HTTP core and the gRPC
// interceptor alike: what an operator needs to tell why a client was turned away, and never the token.
// Lines are written at Info (Warn when the server could not decide), so the usual
// WithLogger(slog.Default()) shows them, and at most LinesPerSecond of them a second per guard (see
// Limit), so a flood of refused requests cannot flood the log.
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

// maxScopes bounds the scopes a line quotes from a token.
const maxScopes = 256

// Token is what a refusal's line says about the request's token, never the token itself.
type Token struct {
	// Unverified is the token's iss, aud, kid and alg (from the verified claims when there are some).
	Unverified validator.Unverified
	// Scopes are the scopes the token had, quoted when a scope requirement refused it; "" for none.
	Scopes string
	// Seen says what the request carried instead of a token, for missing_token (see Seen); "" for
	// nothing worth saying.
	Seen string
}

// Log records err, the refusal of one request, on l, under the reason code code ("" for err's own,
// from the table of refusals: validator.ReasonOf(err).Code): at Warn when the server could not decide (a 503
// or Unavailable: no keys, introspection down), else at Info. The line holds the reason code, the
// client-safe description, the server-side detail (validator.Detail), the token's iss, aud, kid and
// alg, the scopes it had and what was seen instead of it as token() gives them (never the token
// itself), and where: the route or method and the remote address. token is called only when the line
// is written. A nil l logs nothing; a logger made by Limit writes at most LinesPerSecond lines a
// second and reports the count of the others later.
func Log(ctx context.Context, l *slog.Logger, err error, code string, token func() Token, where ...slog.Attr) {
	if l == nil {
		return
	}
	level := slog.LevelInfo
	if validator.KindOf(err) == validator.KindUnavailable {
		level = slog.LevelWarn
	}
	if !l.Enabled(ctx, level) || !admit(l) {
		return
	}
	if code == "" {
		// The table of refusals names every reason; an error no checker described is reported as
		// validator.ErrTokenRejected, its text never logged: it may hold anything.
		code = validator.ReasonOf(err).Code
	}
	attrs := make([]slog.Attr, 0, 6+len(where))
	attrs = append(attrs, slog.String("reason", code))
	if d := validator.Description(err); d != "" {
		attrs = append(attrs, slog.String("description", d))
	}
	if d := validator.Detail(err); d != "" {
		attrs = append(attrs, slog.String("detail", d))
	}
	t := token()
	if u := t.Unverified; u.Algorithm != "" || u.Issuer != "" {
		attrs = append(attrs, slog.Any("token", u))
	}
	if t.Scopes != "" {
		attrs = append(attrs, slog.String("token_scopes", clip.String(t.Scopes, maxScopes)))
	}
	if t.Seen != "" {
		attrs = append(attrs, slog.String("seen", t.Seen))
	}
	attrs = append(attrs, where...)
	l.LogAttrs(ctx, level, Message, attrs...)
}

// Peek returns the Token of raw as validator.Peek reads it.
func Peek(raw string) Token {
	u, _ := validator.Peek(raw)
	return Token{Unverified: u}
}

// Verified returns the Token of verified claims, for a refusal after validation (a route's scope
// requirement): their iss, aud, kid and alg, and the scopes they grant.
func Verified(c *validator.Claims) Token {
	return Token{
		Unverified: validator.Unverified{Issuer: c.Issuer, Audience: c.Audience, KeyID: c.KeyID, Algorithm: c.Algorithm},
		Scopes:     c.Scopes.String(),
	}
}

// Where returns the attribute naming where a request went (HTTP "GET /orders", a gRPC full method),
// cut to 256 bytes.
func Where(key, value string) slog.Attr { return slog.String(key, clip.String(value, maxWhere)) }
