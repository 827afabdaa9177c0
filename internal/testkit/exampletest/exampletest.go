// Package exampletest checks the runnable HTTP programs under examples/: each is started against a
// local issuer and must give the same answers, whatever framework it is written with. The programs
// themselves stay standalone, because they are documentation; only their test harness is shared.
package exampletest

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
)

// RunFunc is an example's entry point: it serves until ctx is done and tells ready its address once
// the listener is open.
type RunFunc func(ctx context.Context, args []string, ready func(net.Addr)) error

// CheckHTTP starts run against an issuertest issuer and checks the answers of the routes every HTTP
// example serves: an open /healthz, /me for any valid token, and POST /orders needing orders:write.
func CheckHTTP(t *testing.T, run RunFunc) {
	t.Helper()
	iss := issuertest.New(t)
	ctx, cancel := context.WithCancel(t.Context())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-issuer", iss.URL(), "-audience", "api", "-addr", "127.0.0.1:0"},
			func(a net.Addr) { addrc <- a })
	}()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the example did not start")
	}
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()

	reader := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithScope("orders:read"))
	writer := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithScope("orders:write"))
	tests := []struct {
		method, path, token string
		status              int
	}{
		{http.MethodGet, "/healthz", "", 200},
		{http.MethodGet, "/me", reader, 200},
		{http.MethodGet, "/me", "", 401},
		{http.MethodGet, "/me", iss.MustMint(t, issuertest.WithAudience("api"), issuertest.Expired()), 401},
		{http.MethodPost, "/orders", reader, 403},
		{http.MethodPost, "/orders", writer, 201},
	}
	for _, tt := range tests {
		req, err := http.NewRequestWithContext(t.Context(), tt.method, base+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s (token %v) = %d, want %d", tt.method, tt.path, tt.token != "", resp.StatusCode, tt.status)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

// CheckNeedsFlags checks that run refuses to start without -issuer and -audience.
func CheckNeedsFlags(t *testing.T, run RunFunc) {
	t.Helper()
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0"}, func(net.Addr) {}); err == nil {
		t.Error("run without -issuer and -audience succeeded")
	}
}

// CheckHelp checks that run with -h prints its usage, naming the required flags, and returns nil,
// so that go run ./examples/<name> -h exits 0 instead of reporting an error.
func CheckHelp(t *testing.T, run RunFunc) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w // the flag package prints the usage to os.Stderr
	err = run(t.Context(), []string{"-h"}, func(net.Addr) { t.Error("run -h started serving") })
	os.Stderr = stderr
	w.Close()
	usage, _ := io.ReadAll(r)
	r.Close()
	if err != nil {
		t.Errorf("run -h: %v, want nil (exit 0)", err)
	}
	for _, want := range []string{"usage: go run ./examples/", "-issuer", "-audience"} {
		if !strings.Contains(string(usage), want) {
			t.Errorf("run -h printed %q, want it to name %q", usage, want)
		}
	}
}

// CheckIssuerUnreachable checks that run refuses to start, with a message naming the issuer, when
// the issuer's keys cannot be had within -keys-timeout: a wrong issuer URL, or an issuer that is down.
// args are the example's other required flags.
func CheckIssuerUnreachable(t *testing.T, run RunFunc, args ...string) {
	t.Helper()
	iss := issuertest.New(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + closed.Addr().String()
	_ = closed.Close()
	for _, issuer := range []string{iss.URL() + "/wrong-path", down} {
		started := false
		// Bounded, so that an example which starts anyway stops and fails the test rather than hang it.
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		err := run(ctx, append([]string{"-issuer", issuer, "-addr", "127.0.0.1:0", "-keys-timeout", "300ms"}, args...),
			func(net.Addr) { started = true })
		cancel()
		if started || err == nil {
			t.Errorf("issuer %s: started %v, err %v; want a refusal to start", issuer, started, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "no signing keys from issuer "+issuer) || !strings.Contains(msg, "is the issuer up?") {
			t.Errorf("issuer %s: unclear error %q", issuer, msg)
		}
	}
}
