package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
)

func TestDemoOnce(t *testing.T) {
	r := runBinary(t, "", "demo", "--once", "--addr", "127.0.0.1:0")
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "checks passed") || strings.Contains(r.stdout, "FAIL") {
		t.Errorf("table:\n%s", r.stdout)
	}
	table := oneLine(strings.ReplaceAll(r.stdout, "\n", " | "))
	for _, want := range []string{
		"http valid token 200 200 ok", "http no token 401 401 ok", "http wrong scope 403 403 ok",
		"http expired token 401 401 ok", "http tampered token 401 401 ok",
		"http dpop valid proof 200 200 ok", "http dpop bound token as bearer 401 401 ok",
		"http dpop replayed proof 401 401 ok",
		"grpc valid token OK OK ok", "grpc no token Unauthenticated Unauthenticated ok",
		"grpc wrong scope PermissionDenied PermissionDenied ok", "grpc expired token Unauthenticated Unauthenticated ok",
		"grpc health, no token OK OK ok",
		"http session token 200 error=(none) 200 error=(none) ok", "ssf push without credential 401 401 ok",
		"ssf issuer pushes session-revoked 202 202 ok",
		`http revoked session token 401 error="invalid_token" 401 error="invalid_token" ok`,
		"http same user, other session 200 error=(none) 200 error=(none) ok",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestDemoOnceInProcess runs the same checks inside the test binary, so goleak sees whether the
// demo leaves any goroutine of its servers, key set or issuer behind.
func TestDemoOnceInProcess(t *testing.T) {
	r := runInProcess("", "demo", "--once", "--addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestDemoUsageAndStartErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		name      string
		args      []string
		wantFirst string
	}{
		{"argument", []string{"demo", "--once", "extra"}, "error: usage: "},
		{"bad flag", []string{"demo", "--port", "1"}, "error: usage: "},
		{"bad address", []string{"demo", "--once", "--addr", "127.0.0.1:http-alt:1"}, "error: config: "},
		{"address in use", []string{"demo", "--once", "--addr", busy.Addr().String()}, "error: config: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runInProcess("", tc.args...)
			if r.code != 2 || !strings.HasPrefix(r.firstLine(), tc.wantFirst) {
				t.Errorf("exit %d, first line %q", r.code, r.firstLine())
			}
		})
	}
}

func TestRunChecksReportsMismatches(t *testing.T) {
	answer := func(s string, err error) func(context.Context) (string, error) {
		return func(context.Context) (string, error) { return s, err }
	}
	for _, tc := range []struct {
		name   string
		checks []check
		want   bool
		table  []string
	}{
		{"all match", []check{{"a", "200", answer("200", nil)}}, true, []string{"a 200 200 ok", "all 1 checks passed"}},
		{"wrong answer", []check{{"a", "200", answer("200", nil)}, {"b", "401", answer("200", nil)}}, false,
			[]string{"b 401 200 FAIL", "1 of 2 checks failed"}},
		{"request error", []check{{"a", "OK", answer("", errors.New("connection\nrefused"))}}, false,
			[]string{"error: connection refused", "1 of 1 checks failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if got := runChecks(context.Background(), tc.checks, &out); got != tc.want {
				t.Errorf("runChecks = %v, want %v", got, tc.want)
			}
			table := oneLine(strings.ReplaceAll(out.String(), "\n", " | "))
			for _, want := range tc.table {
				if !strings.Contains(table, want) {
					t.Errorf("table lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}
