package grpcinterceptor

import (
	"context"

	"google.golang.org/grpc"

	"github.com/jwtguard/jwtguard/validator"
)

// Interceptor is the check of one validator and one set of options, as unary and stream interceptors
// and as an AuthFunc. Build it with New, which reports a configuration mistake as an error; Unary,
// Stream and AuthFunc build one and panic instead.
type Interceptor struct {
	g *guard
}

// New returns the Interceptor that admits a call only with a token v accepts and the scopes its
// method requires. It fails on a nil v and on every invalid WithMethodScopes or WithSkipMethods key
// (errors.Is ErrInvalidMethod), reporting all of them at once.
func New(v validator.TokenValidator, opts ...Option) (*Interceptor, error) {
	g, err := newGuard(v, opts)
	if err != nil {
		return nil, err
	}
	return &Interceptor{g}, nil
}

// Unary returns the interceptor's unary server interceptor (see the package function Unary).
func (i *Interceptor) Unary() grpc.UnaryServerInterceptor {
	g := i.g
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		ctx, err := g.authenticate(ctx, info.FullMethod)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// Stream returns the interceptor's stream server interceptor (see the package function Stream).
func (i *Interceptor) Stream() grpc.StreamServerInterceptor {
	g := i.g
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

// AuthFunc returns the interceptor's check as a function of the call's context (see the package
// function AuthFunc).
func (i *Interceptor) AuthFunc() func(ctx context.Context) (context.Context, error) {
	g := i.g
	return func(ctx context.Context) (context.Context, error) {
		method, _ := grpc.Method(ctx)
		return g.authenticate(ctx, method)
	}
}

// Unary returns a unary server interceptor that admits a call only with a token v accepts (and the
// scopes its method requires), and passes the verified claims on in the handler's context. It panics
// if v is nil or an option is invalid (see New, which returns the error instead).
func Unary(v validator.TokenValidator, opts ...Option) grpc.UnaryServerInterceptor {
	return (&Interceptor{mustGuard(v, opts)}).Unary()
}

// Stream returns a stream server interceptor that checks a call as Unary does; the handler's
// stream.Context() carries the verified claims. It panics if v is nil or an option is invalid.
func Stream(v validator.TokenValidator, opts ...Option) grpc.StreamServerInterceptor {
	return (&Interceptor{mustGuard(v, opts)}).Stream()
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
// a context that names no method (not a server call's), it requires a valid token and the scopes of
// WithUnlistedMethods. It panics if v is nil or an option is invalid.
func AuthFunc(v validator.TokenValidator, opts ...Option) func(ctx context.Context) (context.Context, error) {
	return (&Interceptor{mustGuard(v, opts)}).AuthFunc()
}
