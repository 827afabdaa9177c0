package main

import (
	"context"
	"net"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/internal/testkit/exampletest"
	"github.com/jwtguard/jwtguard/issuertest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRun starts the example against a local issuer and checks what it answers.
func TestRun(t *testing.T) {
	iss := issuertest.New(t)
	ctx, cancel := context.WithCancel(t.Context())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-issuer", iss.URL(), "-audience", "api", "-addr", "127.0.0.1:0"},
			func(a net.Addr) { addrc <- a })
	}()
	var addr string
	select {
	case a := <-addrc:
		addr = a.String()
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the example did not start")
	}
	conn, err := grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	client := healthpb.NewHealthClient(conn)

	withToken := func(token string) context.Context {
		if token == "" {
			return t.Context()
		}
		return metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+token)
	}
	check := func(token string) codes.Code {
		_, err := client.Check(withToken(token), &healthpb.HealthCheckRequest{})
		return status.Code(err)
	}
	watch := func(token string) codes.Code {
		ctx, cancel := context.WithCancel(withToken(token))
		defer cancel()
		stream, err := client.Watch(ctx, &healthpb.HealthCheckRequest{})
		if err == nil {
			_, err = stream.Recv()
		}
		return status.Code(err)
	}
	plain := iss.MustMint(t, issuertest.WithAudience("api"))
	watcher := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithScope("health:watch"))
	tests := []struct {
		name string
		got  codes.Code
		want codes.Code
	}{
		{"check with a token", check(plain), codes.OK},
		{"check without a token", check(""), codes.Unauthenticated},
		{"check with another audience", check(iss.MustMint(t, issuertest.WithAudience("other"))), codes.Unauthenticated},
		{"watch without the scope", watch(plain), codes.PermissionDenied},
		{"watch with the scope", watch(watcher), codes.OK},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	_ = conn.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestRunNeedsFlags(t *testing.T) {
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0"}, func(net.Addr) {}); err == nil {
		t.Error("run without -issuer and -audience succeeded")
	}
}

func TestRunNeedsIssuerKeys(t *testing.T) {
	exampletest.CheckIssuerUnreachable(t, run, "-audience", "api")
}

func TestRunHelp(t *testing.T) { exampletest.CheckHelp(t, run) }
