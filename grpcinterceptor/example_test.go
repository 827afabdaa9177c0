package grpcinterceptor_test

import (
	"context"
	"fmt"
	"log"
	"net"

	"github.com/jwtguard/jwtguard/internal/testkit/examplesetup"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// exampleSetup and bindingSetup start a local issuer and a validator for its keys; mint gives a token
// (internal/testkit/examplesetup, shared by every adapter's Examples).
var (
	exampleSetup = examplesetup.Scoped
	bindingSetup = examplesetup.Bound
)

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
	// A real OIDC issuer on 127.0.0.1 stands in for the identity provider, so the example runs on its own.
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer iss.Close()

	// What a service does with its identity provider's URL (e.g. "https://idp.example.com"): discover
	// the keys, which are then refreshed in the background until Close, and check issuer and audience.
	ctx := context.Background()
	keys, err := jwks.Discover(ctx, iss.URL())
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys,
		validator.WithIssuer(iss.URL()),
		validator.WithAudience("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}

	client, stop := startHealth(
		// The health service is skipped by default; here it stands in for a service of your own.
		grpc.ChainUnaryInterceptor(grpcinterceptor.Unary(v, grpcinterceptor.WithSkipMethods())),
	)
	defer stop()

	// The token alice's client got from the identity provider.
	token, err := iss.Mint(
		issuertest.WithAudience("https://api.example.com"),
		issuertest.WithSubject("alice"),
		issuertest.WithScope("orders:read"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Check(withToken(token), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err))
	_, err = client.Check(context.Background(), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// OK
	// Unauthenticated missing_token: no bearer token in the request
}

func ExampleStream() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	opts := []grpcinterceptor.Option{
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
			healthpb.Health_Watch_FullMethodName: scopes.All("health:watch"),
		}),
	}
	client, stop := startHealth(grpc.ChainStreamInterceptor(grpcinterceptor.Stream(v, opts...)))
	defer stop()

	stream, err := client.Watch(withToken(mint("orders:read")), &healthpb.HealthCheckRequest{})
	if err == nil {
		_, err = stream.Recv()
	}
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// PermissionDenied insufficient_scope: token lacks scope health:watch
}

func ExampleAuthFunc() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// AuthFunc has the shape of go-grpc-middleware v2's auth.AuthFunc, so with that module:
	//
	//	grpc.NewServer(
	//		grpc.ChainUnaryInterceptor(auth.UnaryServerInterceptor(grpcinterceptor.AuthFunc(v))),
	//		grpc.ChainStreamInterceptor(auth.StreamServerInterceptor(grpcinterceptor.AuthFunc(v))),
	//	)
	//
	// Here a few lines do what auth.UnaryServerInterceptor does.
	authenticate := grpcinterceptor.AuthFunc(v, grpcinterceptor.WithSkipMethods())
	unary := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		ctx, err := authenticate(ctx)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
	client, stop := startHealth(grpc.ChainUnaryInterceptor(unary))
	defer stop()

	_, err := client.Check(withToken(mint("orders:read")), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err))
	_, err = client.Check(withToken("not-a-jwt"), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// OK
	// Unauthenticated malformed_token: token is not three dot-separated segments
}
