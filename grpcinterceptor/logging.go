package grpcinterceptor

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"github.com/jwtguard/jwtguard/internal/refusallog"
	"github.com/jwtguard/jwtguard/validator"
)

// logRefusal writes the WithLogger line of a refused call to method; err is the validation error the
// call was refused for, code its reason code when err does not carry one (see refusallog.Log). The
// line's token values are looked up only when it is written: for a missing token, what the
// authorization metadata held instead; for a missing scope, the scopes of the (valid) token, read by
// validating it again, which the line limit bounds like the line itself.
func (g *guard) logRefusal(ctx context.Context, method, token string, err error, code string) {
	if g.logger == nil {
		return
	}
	where := []slog.Attr{refusallog.Where("method", method)}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		where = append(where, slog.String("remote", p.Addr.String()))
	}
	facts := func() refusallog.Token {
		switch {
		case errors.Is(err, validator.ErrMissingToken):
			return refusallog.Token{Seen: refusallog.Seen(metadata.ValueFromIncomingContext(ctx, "authorization"), false)}
		case errors.Is(err, validator.ErrInsufficientScope) && token != "":
			if claims, verr := g.v.Validate(ctx, token); verr == nil {
				return refusallog.Verified(claims)
			}
		}
		return refusallog.Peek(token)
	}
	refusallog.Log(ctx, g.logger, err, code, facts, where...)
}
