package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
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

func TestDemoServesUntilInterrupted(t *testing.T) {
	cmd := exec.Command(binary, "demo", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill() // only if the test fails before the interrupt

	// The banner names the gRPC address; the first curl line carries the valid token and the API URL.
	banner := regexp.MustCompile(`gRPC (127\.0\.0\.1:\d+)`)
	curl := regexp.MustCompile(`^curl -i -H 'Authorization: Bearer ([^']+)' (http://\S+/orders)$`)
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	var token, url, grpcAddr string
	for token == "" && lines.Scan() {
		if m := banner.FindStringSubmatch(lines.Text()); m != nil {
			grpcAddr = m[1]
		}
		if m := curl.FindStringSubmatch(lines.Text()); m != nil {
			token, url = m[1], m[2]
		}
	}
	if token == "" {
		t.Fatalf("no curl line printed; stderr:\n%s", stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for _, tc := range []struct {
		token string
		want  int
	}{{token, http.StatusOK}, {"", http.StatusUnauthorized}} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("printed curl line (token %v): status %d, want %d", tc.token != "", resp.StatusCode, tc.want)
		}
	}

	conn, err := dialDemo(grpcAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, c := range grpcChecks(conn, demoTokens{valid: token})[:2] { // valid token, no token
		if got, _ := c.do(ctx); got != c.expected {
			t.Errorf("%s: %s, want %s", c.name, got, c.expected)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGINT: %v; stderr:\n%s", err, stderr.String())
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
