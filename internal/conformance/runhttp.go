package conformance

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strconv"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testtoken"
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
	tokens := MintTokens(m)
	logs := CaptureLogs(t)
	servers := startServers(t, Setups, func(s Setup) (Config, error) { return ConfigFor(s, m) }, build, logs)
	for _, c := range HTTPCases {
		t.Run(c.Name, func(t *testing.T) {
			srv := servers[c.Setup]
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
		})
	}
	if name := tokens.LeakedIn(logs.String()); name != "" {
		t.Errorf("the logs contain the %s token:\n%s", name, logs)
	}
}

// startServers starts a real loopback server made by build for each of setups, logging to logs, and
// stops them when the test ends.
func startServers(t *testing.T, setups []Setup, configFor func(Setup) (Config, error), build Build, logs *Logs) map[Setup]*httptest.Server {
	t.Helper()
	servers := make(map[Setup]*httptest.Server, len(setups))
	for _, setup := range setups {
		cfg, err := configFor(setup)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(build(cfg))
		srv.Config.ErrorLog = log.New(logs, "", 0)
		srv.Start()
		t.Cleanup(srv.Close)
		servers[setup] = srv
	}
	return servers
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
