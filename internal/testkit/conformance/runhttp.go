package conformance

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strconv"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
)

// Build returns an adapter's server for cfg. It must serve PathOpen behind the adapter's Middleware,
// PathScoped behind Middleware and RequireScopes(cfg.Scope), and PathSkipped behind Middleware; each
// handler answers 200 with Greeting of the claims the adapter's accessor and validator.FromContext
// return.
type Build func(cfg Config) http.Handler

// errorHeaders are the only response headers an error answer may have: anything else would mean a
// framework added to the answer nethttp wrote, and the adapters would no longer agree byte for byte.
var errorHeaders = map[string]bool{
	"Content-Type": true, "Cache-Control": true, "Content-Length": true,
	"Www-Authenticate": true, "Retry-After": true, "Date": true,
}

// RunHTTP runs HTTPCases against servers made by build, one real loopback server per Setup, and
// checks every answer against the table, and every answer and log line for any trace of a token.
func RunHTTP(t *testing.T, build Build) {
	t.Helper()
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	runTable(t, Setups, HTTPCases, MintTokens(m), func(setup Setup) (http.Handler, error) {
		cfg, err := ConfigFor(setup, m)
		if err != nil {
			return nil, err
		}
		return build(cfg), nil
	})
}

// runTable starts one real loopback server per setup, with the handler serverFor returns, and runs
// cases against them, checking every answer and log line for any trace of tokens.
func runTable(t *testing.T, setups []Setup, cases []HTTPCase, tokens Tokens, serverFor func(Setup) (http.Handler, error)) {
	t.Helper()
	logs := CaptureLogs(t)
	servers := make(map[Setup]*httptest.Server, len(setups))
	for _, setup := range setups {
		h, err := serverFor(setup)
		if err != nil {
			t.Fatal(err)
		}
		servers[setup] = startServer(t, h, logs)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { runCase(t, servers[c.Setup], tokens, c) })
	}
	if name := tokens.LeakedIn(logs.String()); name != "" {
		t.Errorf("the logs contain the %s token:\n%s", name, logs)
	}
}

// startServer serves h on a loopback server, logging to logs, until the test ends.
func startServer(t *testing.T, h http.Handler, logs *Logs) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(logs, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// runCase sends c's request to srv and checks the answer against the table, and for any trace of a
// token.
func runCase(t *testing.T, srv *httptest.Server, tokens Tokens, c HTTPCase) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+tokens.Expand(c.Path), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range c.Header {
		req.Header.Add(h[0], tokens.Expand(h[1]))
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	dump, err := httputil.DumpResponse(resp, true)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	checkAnswer(t, resp, string(body), c.Want)
	if name := tokens.LeakedIn(string(dump)); name != "" {
		t.Errorf("the response contains the %s token:\n%s", name, dump)
	}
}

// checkAnswer compares one response with the table's expectation.
func checkAnswer(t *testing.T, resp *http.Response, body string, want HTTPAnswer) {
	t.Helper()
	if resp.StatusCode != want.Status {
		t.Errorf("status = %d, want %d", resp.StatusCode, want.Status)
	}
	if body != want.Body {
		t.Errorf("body = %q\nwant   %q", body, want.Body)
	}
	checkHeader(t, resp.Header, "WWW-Authenticate", want.Challenge)
	checkHeader(t, resp.Header, "Retry-After", want.RetryAfter)
	if want.Status >= 400 {
		checkErrorHeaders(t, resp.Header, want.Body, errorHeaders)
	}
}

// checkErrorHeaders checks the headers every refusal has, for its body, and that it has no header
// beyond allowed.
func checkErrorHeaders(t *testing.T, h http.Header, body string, allowed map[string]bool) {
	t.Helper()
	checkHeader(t, h, "Content-Type", "application/json")
	checkHeader(t, h, "Cache-Control", "no-store")
	checkHeader(t, h, "Content-Length", strconv.Itoa(len(body)))
	for name := range h {
		if !allowed[name] {
			t.Errorf("unexpected header %s: %q", name, h[name])
		}
	}
}

// checkHeader requires exactly one value equal to want, or no value when want is "".
func checkHeader(t *testing.T, h http.Header, name, want string) {
	t.Helper()
	got := h.Values(name)
	switch {
	case want == "" && len(got) != 0:
		t.Errorf("%s = %q, want none", name, got)
	case want != "" && (len(got) != 1 || got[0] != want):
		t.Errorf("%s = %q\nwant  [%q]", name, got, want)
	}
}
