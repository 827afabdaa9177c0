// Command grpc serves the standard gRPC health service protected by jwtguard's interceptors, with
// keys discovered from an OpenID Connect issuer.
//
//	go run ./examples/grpc -issuer https://idp.example.com -audience https://api.example.com
//	grpcurl -plaintext -H "authorization: Bearer $TOKEN" 127.0.0.1:50051 grpc.health.v1.Health/Check
//
// The interceptors leave health checks open by default, as load balancers call them without
// credentials. This example has no service of its own, so it protects the health service instead
// (WithSkipMethods with no patterns): Check needs a valid access token, Watch also the health:watch
// scope. A real server keeps the default and protects its own services.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], func(addr net.Addr) { slog.Info("listening", "addr", addr.String()) })
	if err != nil {
		slog.Error("grpc example", "err", err)
		os.Exit(1)
	}
}

// run serves until ctx is done; ready is told the address once the listener is open.
func run(ctx context.Context, args []string, ready func(net.Addr)) error {
	fs := flag.NewFlagSet("grpc", flag.ContinueOnError)
	issuer := fs.String("issuer", "", "issuer URL of the identity provider (required)")
	audience := fs.String("audience", "", "audience this service accepts (required)")
	addr := fs.String("addr", "127.0.0.1:50051", "address to listen on")
	keysTimeout := fs.Duration("keys-timeout", 10*time.Second, "how long to wait for the issuer's keys at start-up")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./examples/grpc -issuer URL -audience AUD [flags]\n\n"+
			"Serves a gRPC service protected by jwtguard's interceptors, with keys discovered from the issuer.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // -h asked for the usage, which is printed: nothing to serve, nothing wrong
		}
		return err
	}
	if *issuer == "" || *audience == "" {
		return errors.New("-issuer and -audience are required")
	}

	keys, err := jwks.Discover(ctx, *issuer)
	if err != nil {
		return err
	}
	defer keys.Close()
	// Start serving only with keys in hand: a wrong -issuer or an issuer that is down is reported
	// here, instead of as a 503 on every request.
	waitCtx, cancel := context.WithTimeout(ctx, *keysTimeout)
	defer cancel()
	if err := keys.Ready(waitCtx); err != nil {
		return fmt.Errorf("no signing keys from issuer %s within %v (is -issuer right, and is the issuer up?): %w", *issuer, *keysTimeout, err)
	}
	v, err := validator.New(keys, validator.WithIssuer(*issuer), validator.WithAudience(*audience))
	if err != nil {
		return err
	}

	opts := []grpcinterceptor.Option{
		grpcinterceptor.WithSkipMethods(),
		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
			healthpb.Health_Watch_FullMethodName: scopes.All("health:watch"),
		}),
	}
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(grpcinterceptor.Unary(v, opts...)),
		grpc.ChainStreamInterceptor(grpcinterceptor.Stream(v, opts...)),
	)
	healthpb.RegisterHealthServer(srv, health.NewServer())
	// A method name in opts that the server does not serve (a typo, a renamed method) stops start-up.
	if err := grpcinterceptor.CheckMethods(srv, opts...); err != nil {
		return err
	}

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ready(lis.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// GracefulStop would wait for Watch streams, which last as long as their clients want.
	srv.Stop()
	return <-errc
}
