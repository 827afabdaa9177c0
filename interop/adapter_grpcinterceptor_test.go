//go:build interop

package interop_test

import (
	"context"
	"io"
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
// return a google.protobuf.StringValue and answer the subject of the verified token; ReadStream and
// WriteStream do the same as server-streaming methods, so both Unary and Stream interceptors are
// exercised by every call.
const grpcService = "interop.Whoami"

type whoamiServer interface{}

var whoamiDesc = grpc.ServiceDesc{
	ServiceName: grpcService,
	HandlerType: (*whoamiServer)(nil),
	Methods:     []grpc.MethodDesc{whoamiMethod("Read"), whoamiMethod("Write")},
	Streams:     []grpc.StreamDesc{whoamiStream("ReadStream"), whoamiStream("WriteStream")},
}

func grpcMethod(route string) string {
	return "/" + grpcService + "/" + strings.ToUpper(route[:1]) + route[1:]
}

func grpcStream(route string) (*grpc.StreamDesc, string) {
	name := strings.ToUpper(route[:1]) + route[1:] + "Stream"
	for i := range whoamiDesc.Streams {
		if whoamiDesc.Streams[i].StreamName == name {
			return &whoamiDesc.Streams[i], "/" + grpcService + "/" + name
		}
	}
	panic("no stream for route " + route)
}

// whoamiStream answers one request with the subject, twice.
func whoamiStream(name string) grpc.StreamDesc {
	return grpc.StreamDesc{
		StreamName:    name,
		ServerStreams: true,
		Handler: func(_ any, stream grpc.ServerStream) error {
			in := new(wrapperspb.StringValue)
			if err := stream.RecvMsg(in); err != nil {
				return err
			}
			c, ok := validator.FromContext(stream.Context())
			if !ok {
				return status.Error(codes.Internal, "no claims in stream context")
			}
			for range 2 {
				if err := stream.SendMsg(wrapperspb.String(c.Subject)); err != nil {
					return err
				}
			}
			return nil
		},
	}
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
		_, writeStream := grpcStream(routeWrite)
		methodScopes := grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
			grpcMethod(routeWrite): writeScope,
			writeStream:            writeScope,
		})
		s := grpc.NewServer(
			grpc.UnaryInterceptor(grpcinterceptor.Unary(v, methodScopes)),
			grpc.StreamInterceptor(grpcinterceptor.Stream(v, methodScopes)),
		)
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

			// The streaming twin must answer alike.
			sub, serr := whoamiStreamCall(ctx, conn, route)
			if status.Code(serr) != status.Code(err) || sub != out.GetValue() {
				t.Errorf("%s stream: %q %v; unary: %q %v", route, sub, serr, out.GetValue(), err)
			}
			return code, out.GetValue(), nil
		}
	}
}

// whoamiStreamCall calls the streaming twin of route and returns the subject it streamed.
func whoamiStreamCall(ctx context.Context, conn *grpc.ClientConn, route string) (string, error) {
	desc, method := grpcStream(route)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st, err := conn.NewStream(ctx, desc, method)
	if err != nil {
		return "", err
	}
	if err := st.SendMsg(wrapperspb.String("who am i")); err != nil {
		return "", err
	}
	if err := st.CloseSend(); err != nil {
		return "", err
	}
	var subs []string
	for {
		out := new(wrapperspb.StringValue)
		if err := st.RecvMsg(out); err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
		subs = append(subs, out.GetValue())
	}
	if len(subs) != 2 || subs[0] != subs[1] {
		return "", status.Errorf(codes.Internal, "streamed %q, want the subject twice", subs)
	}
	return subs[0], nil
}
