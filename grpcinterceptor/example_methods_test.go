package grpcinterceptor_test

import (
	"errors"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/scopes"
)

func ExampleCheckMethods() {
	opts := []grpcinterceptor.Option{
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
			"/grpc.health.v1.Health/*":    scopes.All("health:read"),
			"/grpc.health.v1.Health/Wach": scopes.All("health:watch"), // a typo
		}),
	}
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, health.NewServer())
	// At start-up, after registering the services and before Serve.
	if err := grpcinterceptor.CheckMethods(srv, opts...); err != nil {
		fmt.Println(err)
	}
	// Output:
	// WithMethodScopes: grpcinterceptor: invalid method name: "/grpc.health.v1.Health/Wach": service grpc.health.v1.Health has no method Wach (it has Check, List, Watch)
}

func ExampleNew() {
	v, _, cleanup := exampleSetup()
	defer cleanup()

	_, err := grpcinterceptor.New(v, grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
		"shop.v1.Orders/Get": scopes.All("orders:read"), // no leading slash
	}))
	fmt.Println(errors.Is(err, grpcinterceptor.ErrInvalidMethod))
	fmt.Println(err)

	in, err := grpcinterceptor.New(v,
		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{"/shop.v1.Orders/*": scopes.All("orders:read")}),
		grpcinterceptor.WithUnlistedMethods(scopes.All("admin")))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = grpc.NewServer(grpc.ChainUnaryInterceptor(in.Unary()), grpc.ChainStreamInterceptor(in.Stream()))
	// Output:
	// true
	// WithMethodScopes: grpcinterceptor: invalid method name: "shop.v1.Orders/Get" does not start with "/"
}
