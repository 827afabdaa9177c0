package main

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// greeterService and greeterMethod name the demo's gRPC service. It is described by a hand-written
// grpc.ServiceDesc over protobuf's well-known StringValue messages, so it needs no generated code.
const (
	greeterService = "jwtguard.demo.v1.Greeter"
	greeterMethod  = "/" + greeterService + "/Hello"
)

// greeter is the service's handler type, as a generated *Server interface would be.
type greeter interface {
	Hello(ctx context.Context, name *wrapperspb.StringValue) (*wrapperspb.StringValue, error)
}

var greeterDesc = grpc.ServiceDesc{
	ServiceName: greeterService,
	HandlerType: (*greeter)(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Hello", Handler: helloHandler}},
	Metadata:    greeterProtoFile,
}

// greeterProtoFile names the service's descriptor, which server reflection serves so that grpcurl
// can call Hello without a .proto file at hand.
const greeterProtoFile = "jwtguard/demo/v1/greeter.proto"

// The descriptor generated code would register, built by hand: the file greeterProtoFile declaring
// service Greeter { rpc Hello(google.protobuf.StringValue) returns (google.protobuf.StringValue); }.
func init() {
	fd, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name:       proto.String(greeterProtoFile),
		Package:    proto.String("jwtguard.demo.v1"),
		Dependency: []string{"google/protobuf/wrappers.proto"},
		Syntax:     proto.String("proto3"),
		Service: []*descriptorpb.ServiceDescriptorProto{{
			Name: proto.String("Greeter"),
			Method: []*descriptorpb.MethodDescriptorProto{{
				Name:       proto.String("Hello"),
				InputType:  proto.String(".google.protobuf.StringValue"),
				OutputType: proto.String(".google.protobuf.StringValue"),
			}},
		}},
	}, protoregistry.GlobalFiles)
	if err == nil {
		err = protoregistry.GlobalFiles.RegisterFile(fd)
	}
	if err != nil {
		panic("jwtguard demo: greeter descriptor: " + err.Error()) // a programming error, as in generated code
	}
}

// helloHandler decodes the request and runs the server's interceptors around Hello, which is what
// generated code does for each unary method.
func helloHandler(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
	in := new(wrapperspb.StringValue)
	if err := dec(in); err != nil {
		return nil, err
	}
	call := func(ctx context.Context, req any) (any, error) {
		return srv.(greeter).Hello(ctx, req.(*wrapperspb.StringValue))
	}
	if interceptor == nil {
		return call(ctx, in)
	}
	return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: greeterMethod}, call)
}

// greeterServer greets the token's subject, read from the claims the interceptor put in the context.
type greeterServer struct{}

func (greeterServer) Hello(ctx context.Context, name *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	claims, ok := validator.FromContext(ctx)
	if !ok { // unreachable behind the interceptor; refuse rather than serve anonymously
		return nil, status.Error(codes.Unauthenticated, "no verified token")
	}
	return wrapperspb.String("hello " + name.GetValue() + ", token subject " + claims.Subject), nil
}

// newGRPCServer returns the demo's gRPC server: the greeter, whose Hello requires scope demoScope,
// the standard health service and server reflection, both of which the interceptor leaves
// unprotected by default: load balancers probe health without credentials, and grpcurl asks
// reflection what to send. It fails if a method the interceptor names is not served.
func newGRPCServer(v validator.TokenValidator) (*grpc.Server, *health.Server, error) {
	opts := []grpcinterceptor.Option{grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
		greeterMethod: scopes.All(demoScope),
	})}
	srv := grpc.NewServer(grpc.UnaryInterceptor(grpcinterceptor.Unary(v, opts...)))
	srv.RegisterService(&greeterDesc, greeterServer{})
	hs := health.NewServer()
	healthpb.RegisterHealthServer(srv, hs)
	reflection.Register(srv)
	if err := grpcinterceptor.CheckMethods(srv, opts...); err != nil {
		return nil, nil, err
	}
	return srv, hs, nil
}

// dialDemo connects to the demo's gRPC server. Plaintext is acceptable only because it is loopback;
// anywhere else a bearer token needs TLS.
func dialDemo(addr string) (*grpc.ClientConn, error) {
	return grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// grpcChecks are the gRPC service's cases: the status code each call must end with.
func grpcChecks(conn *grpc.ClientConn, t demoTokens) []check {
	hello := func(token string) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			if token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
			}
			var out wrapperspb.StringValue
			err := conn.Invoke(ctx, greeterMethod, wrapperspb.String("demo"), &out)
			return status.Code(err).String(), nil
		}
	}
	healthCheck := func(ctx context.Context) (string, error) {
		_, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
		return status.Code(err).String(), nil
	}
	return []check{
		{"grpc valid token", codes.OK.String(), hello(t.valid)},
		{"grpc no token", codes.Unauthenticated.String(), hello("")},
		{"grpc wrong scope", codes.PermissionDenied.String(), hello(t.wrongScope)},
		{"grpc expired token", codes.Unauthenticated.String(), hello(t.expired)},
		{"grpc tampered token", codes.Unauthenticated.String(), hello(t.tampered)},
		{"grpc health, no token", codes.OK.String(), healthCheck},
	}
}
