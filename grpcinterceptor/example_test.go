package grpcinterceptor_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// The examples verify HS256 tokens with a shared secret so they run on their own. A real service gets
// its keys from the identity provider: set, err := jwks.Discover(ctx, issuerURL); validator.New(set, ...).
var exampleSecret = []byte("an example secret of at least 32 bytes")

func exampleValidator() *validator.Validator {
	v, err := validator.New(nil,
		validator.WithSymmetricKey(exampleSecret),
		validator.WithAlgorithms("HS256"),
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"))
	if err != nil {
		panic(err)
	}
	return v
}

func exampleToken(scope string) string {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice",
		"scope": scope, "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(exampleSecret)
	if err != nil {
		panic(err)
	}
	return token
}

// startHealth serves the health service on loopback behind opts and returns a client and a stop func.
func startHealth(opts ...grpc.ServerOption) (healthpb.HealthClient, func()) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := grpc.NewServer(opts...)
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go func() { _ = srv.Serve(lis) }()
	conn, err := grpc.NewClient("passthrough:///"+lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		panic(err)
	}
	return healthpb.NewHealthClient(conn), func() { _ = conn.Close(); srv.Stop() }
}

func withToken(token string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
}

func ExampleUnary() {
	v := exampleValidator()
	client, stop := startHealth(
		// The health service is skipped by default; here it stands in for a service of your own.
		grpc.ChainUnaryInterceptor(grpcinterceptor.Unary(v, grpcinterceptor.WithSkipMethods())),
	)
	defer stop()

	_, err := client.Check(withToken(exampleToken("")), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err))
	_, err = client.Check(context.Background(), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// OK
	// Unauthenticated missing_token: no bearer token in the request
}

func ExampleStream() {
	v := exampleValidator()
	opts := []grpcinterceptor.Option{
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
			healthpb.Health_Watch_FullMethodName: scopes.All("health:watch"),
		}),
	}
	client, stop := startHealth(grpc.ChainStreamInterceptor(grpcinterceptor.Stream(v, opts...)))
	defer stop()

	stream, err := client.Watch(withToken(exampleToken("orders:read")), &healthpb.HealthCheckRequest{})
	if err == nil {
		_, err = stream.Recv()
	}
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// PermissionDenied insufficient_scope: token lacks scope health:watch
}

func ExampleAuthFunc() {
	// AuthFunc has the shape of go-grpc-middleware v2's auth.AuthFunc, so with that module:
	//
	//	grpc.NewServer(
	//		grpc.ChainUnaryInterceptor(auth.UnaryServerInterceptor(grpcinterceptor.AuthFunc(v))),
	//		grpc.ChainStreamInterceptor(auth.StreamServerInterceptor(grpcinterceptor.AuthFunc(v))),
	//	)
	//
	// Here a few lines do what auth.UnaryServerInterceptor does.
	authenticate := grpcinterceptor.AuthFunc(exampleValidator(), grpcinterceptor.WithSkipMethods())
	unary := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		ctx, err := authenticate(ctx)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
	client, stop := startHealth(grpc.ChainUnaryInterceptor(unary))
	defer stop()

	_, err := client.Check(withToken(exampleToken("")), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err))
	_, err = client.Check(withToken("not-a-jwt"), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// OK
	// Unauthenticated malformed_token: token is not three dot-separated segments
}
