package grpcinterceptor

import (
	"context"

	"google.golang.org/grpc"

	"github.com/jwtguard/jwtguard/validator"
)

// Unary returns a unary server interceptor that admits a call only with a token v accepts (and the
// scopes its method requires), and passes the verified claims on in the handler's context. It panics
// if v is nil.
func Unary(v validator.TokenValidator, opts ...Option) grpc.UnaryServerInterceptor {
	g := newGuard(v, opts)
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		ctx, err := g.authenticate(ctx, info.FullMethod)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// Stream returns a stream server interceptor that checks a call as Unary does; the handler's
// stream.Context() carries the verified claims. It panics if v is nil.
func Stream(v validator.TokenValidator, opts ...Option) grpc.StreamServerInterceptor {
	g := newGuard(v, opts)
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		ctx, err := g.authenticate(ss.Context(), info.FullMethod)
		if err != nil {
			return err
		}
		if ctx != ss.Context() {
			ss = &serverStream{ServerStream: ss, ctx: ctx}
		}
		return handler(srv, ss)
	}
}

// serverStream is a grpc.ServerStream whose context carries the claims.
type serverStream struct {
	grpc.ServerStream
	ctx context.Context
}

// Context returns the context with the verified claims.
func (s *serverStream) Context() context.Context { return s.ctx }

// AuthFunc returns the check Unary and Stream make as a function of the call's context, the shape
// go-grpc-middleware v2's auth.UnaryServerInterceptor and auth.StreamServerInterceptor take. It finds
// the method with grpc.Method, so skip lists and method scopes apply as they do for Unary; called with
// a context that names no method (not a server call's), it requires a valid token and no scope. It
// panics if v is nil.
func AuthFunc(v validator.TokenValidator, opts ...Option) func(ctx context.Context) (context.Context, error) {
	g := newGuard(v, opts)
	return func(ctx context.Context) (context.Context, error) {
		method, _ := grpc.Method(ctx)
		return g.authenticate(ctx, method)
	}
}
