//go:build interop

package interop_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// The gRPC service is declared by hand (no generated code): /interop.Whoami/Read and /Write take and
// return a google.protobuf.StringValue and answer the subject of the verified token.
const grpcService = "interop.Whoami"

type whoamiServer interface{}

var whoamiDesc = grpc.ServiceDesc{
	ServiceName: grpcService,
	HandlerType: (*whoamiServer)(nil),
	Methods:     []grpc.MethodDesc{whoamiMethod("Read"), whoamiMethod("Write")},
}

func grpcMethod(route string) string {
	return "/" + grpcService + "/" + strings.ToUpper(route[:1]) + route[1:]
}

func whoamiMethod(name string) grpc.MethodDesc {
	return grpc.MethodDesc{
		MethodName: name,
		Handler: func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			handler := func(ctx context.Context, _ any) (any, error) {
				c, ok := validator.FromContext(ctx)
				if !ok {
					return nil, status.Error(codes.Internal, "no claims in context")
				}
				return wrapperspb.String(c.Subject), nil
			}
			if interceptor == nil {
				return handler(ctx, in)
			}
			return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/" + grpcService + "/" + name}, handler)
		},
	}
}

// grpcStatus maps the gRPC codes the interceptor answers to the HTTP status an HTTP adapter would.
var grpcStatus = map[codes.Code]int{
	codes.OK:               http.StatusOK,
	codes.Unauthenticated:  http.StatusUnauthorized,
	codes.PermissionDenied: http.StatusForbidden,
	codes.Unavailable:      http.StatusServiceUnavailable,
	codes.InvalidArgument:  http.StatusBadRequest,
}

func init() {
	// The service runs on a real loopback listener behind grpcinterceptor.Unary; the client sends the
	// token as "authorization: Bearer ..." metadata.
	adapters["grpcinterceptor"] = func(t *testing.T, v validator.TokenValidator) callFunc {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		s := grpc.NewServer(grpc.UnaryInterceptor(grpcinterceptor.Unary(v,
			grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{grpcMethod(routeWrite): writeScope}))))
		s.RegisterService(&whoamiDesc, struct{}{})
		go func() { _ = s.Serve(lis) }()
		t.Cleanup(s.Stop)
		conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })

		return func(ctx context.Context, route, token string) (int, string, error) {
			if token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
			}
			out := new(wrapperspb.StringValue)
			err := conn.Invoke(ctx, grpcMethod(route), wrapperspb.String("who am i"), out)
			code, ok := grpcStatus[status.Code(err)]
			if !ok {
				return 0, "", err
			}
			return code, out.GetValue(), nil
		}
	}
}
