package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/validator"
)

// demoAudience is the audience the demo's API accepts and its tokens carry.
const demoAudience = "jwtguard-demo"

// demo is everything the demo runs: the issuer, the key set, and the protected servers.
type demo struct {
	iss      *issuertest.Issuer
	keys     *jwks.Set
	apiURL   string // http://host:port of the HTTP API
	grpcAddr string // host:port of the gRPC service
	httpSrv  *http.Server
	grpcSrv  *grpc.Server
	health   *health.Server
	ssf      *demoSSF        // the Shared Signals receiver of the revocation line (demorevoke.go)
	served   []chan struct{} // closed when a server's Serve returns
}

// startDemo starts the issuer, fetches its keys and starts the protected servers. On error,
// whatever was started is stopped again.
func startDemo(ctx context.Context, addr, grpcAddr string, logw io.Writer) (_ *demo, err error) {
	d := &demo{}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	if d.iss, err = issuertest.Start(); err != nil {
		return nil, fmt.Errorf("start issuer: %w", err)
	}
	// Warn and up: the demo's own output stays readable, and an error line stays the first one.
	logger := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if d.keys, err = jwks.New(ctx, d.iss.JWKSURL(), jwks.WithLogger(logger)); err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	readyCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err = d.keys.Ready(readyCtx); err != nil {
		return nil, fmt.Errorf("fetch the issuer's keys: %w", err)
	}
	httpLn, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for the HTTP API: %w", err)
	}
	d.apiURL = "http://" + httpLn.Addr().String()
	// The API's URL is its resource identifier (RFC 8707): tokens a client asks for with
	// resource=<API URL>, as its metadata tells it to, carry it as their audience.
	// Every validation consults the revocation list the Shared Signals receiver writes.
	revocations := revocation.NewMemory()
	v, err := validator.New(d.keys,
		validator.WithIssuer(d.iss.URL()),
		validator.WithAudience(demoAudience, d.apiURL),
		validator.WithTokenType("at+jwt"),
		validator.WithRevocation(revocations),
	)
	if err != nil {
		_ = httpLn.Close()
		return nil, fmt.Errorf("validator: %w", err)
	}
	api, err := discoverableAPI(v, d.iss.URL(), d.apiURL)
	if err != nil {
		_ = httpLn.Close()
		return nil, fmt.Errorf("resource metadata: %w", err)
	}
	// The readiness probe answers from the key set, outside the bearer middleware.
	probes := http.NewServeMux()
	probes.Handle("GET /readyz", jwks.ReadyHandler(d.keys))
	probes.Handle("/", api)
	if err = d.mountRevocation(ctx, probes, revocations, logger); err != nil {
		_ = httpLn.Close()
		return nil, err
	}
	d.httpSrv = &http.Server{Handler: probes, ReadHeaderTimeout: 5 * time.Second}
	d.serve(func() error { return d.httpSrv.Serve(httpLn) }, logger, "HTTP API")

	if grpcAddr == "" {
		grpcAddr = net.JoinHostPort(hostOf(addr), "0")
	}
	grpcLn, err := net.Listen("tcp", grpcAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for the gRPC service: %w", err)
	}
	d.grpcAddr = grpcLn.Addr().String()
	if d.grpcSrv, d.health, err = newGRPCServer(v); err != nil {
		_ = grpcLn.Close()
		return nil, err
	}
	d.serve(func() error { return d.grpcSrv.Serve(grpcLn) }, logger, "gRPC")
	return d, nil
}

// serve runs a server's Serve in the background; close waits for it to return.
func (d *demo) serve(serve func() error, logger *slog.Logger, name string) {
	done := make(chan struct{})
	d.served = append(d.served, done)
	go func() {
		defer close(done)
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("server stopped", "server", name, "err", err)
		}
	}()
}

// close stops everything startDemo started, servers first so no request meets a closed key set.
func (d *demo) close() {
	if d.httpSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := d.httpSrv.Shutdown(ctx); err != nil {
			_ = d.httpSrv.Close()
		}
	}
	if d.grpcSrv != nil {
		d.health.Shutdown()
		stopGRPC(d.grpcSrv, 5*time.Second)
	}
	for _, done := range d.served {
		<-done
	}
	d.ssf.close()
	if d.keys != nil {
		_ = d.keys.Close()
	}
	if d.iss != nil {
		d.iss.Close()
	}
}

// stopGRPC lets calls in flight finish, but no longer than grace.
func stopGRPC(srv *grpc.Server, grace time.Duration) {
	stopped := make(chan struct{})
	go func() {
		srv.GracefulStop()
		close(stopped)
	}()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-stopped:
	case <-timer.C:
		srv.Stop()
		<-stopped
	}
}

// hostOf returns the host part of a listen address, for --grpc-addr's default; the address itself
// is checked when listening.
func hostOf(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "127.0.0.1"
	}
	return host
}
