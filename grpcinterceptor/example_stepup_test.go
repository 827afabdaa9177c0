package grpcinterceptor_test

import (
	"fmt"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/stepup"
)

func ExampleWithMethodAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The health service stands in for a sensitive method of your own: it needs a multi-factor
	// login of the last five minutes, and the token below has no "acr".
	mfa := stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}
	client, stop := startHealth(grpc.ChainUnaryInterceptor(grpcinterceptor.Unary(v,
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodAuthentication(map[string]stepup.Requirement{"/grpc.health.v1.Health/Check": mfa}),
	)))
	defer stop()

	_, err := client.Check(withToken(mint("orders:read")), &healthpb.HealthCheckRequest{})
	fmt.Println(status.Code(err), status.Convert(err).Message())
	// Output:
	// Unauthenticated insufficient_user_authentication: token has no acr claim
}
