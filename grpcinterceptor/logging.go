package grpcinterceptor

import (
	"context"
	"log/slog"

	"google.golang.org/grpc/peer"

	"github.com/jwtguard/jwtguard/internal/refusallog"
)

// logRefusal writes the WithLogger line of a refused call to method; err is the validation error the
// call was refused for, code its reason code when err does not carry one (see refusallog.Log).
func (g *guard) logRefusal(ctx context.Context, method, token string, err error, code string) {
	if g.logger == nil {
		return
	}
	where := []slog.Attr{refusallog.Where("method", method)}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		where = append(where, slog.String("remote", p.Addr.String()))
	}
	refusallog.Log(ctx, g.logger, err, code, refusallog.Peek(token), where...)
}
