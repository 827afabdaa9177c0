package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"text/tabwriter"
	"time"
)

// check is one request --once makes and the answer it expects.
type check struct {
	name     string
	expected string
	do       func(ctx context.Context) (string, error) // returns the answer, comparable to expected
}

// runOnce runs every check of the demo's servers and reports whether all answers matched.
func runOnce(ctx context.Context, d *demo, t demoTokens, stdout io.Writer) bool {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	conn, err := dialDemo(d.grpcAddr)
	if err != nil {
		fmt.Fprintf(stdout, "gRPC client: %v\n", err)
		return false
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // a wedged server must not hang --once
	defer cancel()
	checks := httpChecks(client, d.apiURL, t)
	checks = append(checks, stepUpChecks(client, d, t)...)
	checks = append(checks, dpopChecks(client, d.apiURL, t.dpop)...)
	checks = append(checks, revocationChecks(client, d, t)...)
	return runChecks(ctx, append(checks, grpcChecks(conn, t)...), stdout)
}

// runChecks makes every check's request, prints the table and reports whether all answers matched.
func runChecks(ctx context.Context, checks []check, stdout io.Writer) bool {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tEXPECTED\tGOT\tOK")
	failed := 0
	for _, c := range checks {
		got, err := c.do(ctx)
		if err != nil {
			got = "error: " + oneLine(err.Error())
		}
		verdict := "ok"
		if got != c.expected {
			verdict = "FAIL"
			failed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.name, c.expected, got, verdict)
	}
	_ = tw.Flush()
	if failed > 0 {
		fmt.Fprintf(stdout, "%d of %d checks failed\n", failed, len(checks))
		return false
	}
	fmt.Fprintf(stdout, "all %d checks passed\n", len(checks))
	return true
}

// httpChecks are the HTTP API's cases: the status each token must get on GET /orders.
func httpChecks(client *http.Client, apiURL string, t demoTokens) []check {
	get := func(token string) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, apiURL+"/orders", nil)
			if err != nil {
				return "", err
			}
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return statusOf(client, req)
		}
	}
	return []check{
		{"http valid token", "200", get(t.valid)},
		{"http no token", "401", get("")},
		{"http wrong scope", "403", get(t.wrongScope)},
		{"http expired token", "401", get(t.expired)},
		{"http tampered token", "401", get(t.tampered)},
	}
}

// statusOf sends req and returns the status code of the answer, its body drained.
func statusOf(client *http.Client, req *http.Request) (string, error) {
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return strconv.Itoa(resp.StatusCode), nil
}
