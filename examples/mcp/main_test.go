package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/jwtguard/jwtguard/internal/exampletest"
	"github.com/jwtguard/jwtguard/issuertest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestGenericClient plays an OAuth client that knows nothing but the tool endpoint's URL: it reads
// the 401, fetches the resource metadata, discovers the authorization server's token endpoint,
// gets a token for the resource, calls tools, meets a step-up challenge on the sensitive tool and
// succeeds with a fresher token. The transcript is logged (go test -v ./examples/mcp).
func TestGenericClient(t *testing.T) {
	iss := issuertest.New(t)
	base := start(t, iss.URL())
	c := &client{t: t, http: &http.Client{Timeout: 5 * time.Second}}
	defer c.http.CloseIdleConnections()
	endpoint := base + "/mcp"

	// 1. Unauthenticated: the challenge points to the metadata.
	status, header, _ := c.rpc(endpoint, "", `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	want := `Bearer resource_metadata="` + base + `/.well-known/oauth-protected-resource/mcp"`
	if status != http.StatusUnauthorized || header.Get("WWW-Authenticate") != want {
		t.Fatalf("unauthenticated call = %d %q, want 401 %q", status, header.Get("WWW-Authenticate"), want)
	}
	metadataURL := challengeParams(t, header.Get("WWW-Authenticate"))["resource_metadata"]

	// 2. The protected resource metadata (RFC 9728) names the authorization server.
	var meta struct {
		Resource             string   `json:"resource"`
		AuthorizationServers []string `json:"authorization_servers"`
		ScopesSupported      []string `json:"scopes_supported"`
	}
	c.getJSON(metadataURL, &meta)
	if meta.Resource != endpoint || len(meta.AuthorizationServers) != 1 || meta.AuthorizationServers[0] != iss.URL() {
		t.Fatalf("metadata = %+v, want resource %s and authorization server %s", meta, endpoint, iss.URL())
	}

	// 3. Authorization server metadata (RFC 8414 §3.1) gives the token endpoint.
	as, err := url.Parse(meta.AuthorizationServers[0])
	if err != nil {
		t.Fatal(err)
	}
	var asMeta struct {
		Issuer        string `json:"issuer"`
		TokenEndpoint string `json:"token_endpoint"`
	}
	c.getJSON(as.Scheme+"://"+as.Host+"/.well-known/oauth-authorization-server"+as.Path, &asMeta)
	if asMeta.Issuer != meta.AuthorizationServers[0] || asMeta.TokenEndpoint == "" {
		t.Fatalf("authorization server metadata = %+v", asMeta)
	}

	// 4. A token for this resource (RFC 8707), with the scopes the metadata lists.
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"mcp-client"},
		"scope": {strings.Join(meta.ScopesSupported, " ")}, "resource": {meta.Resource}}
	token := c.token(asMeta.TokenEndpoint, form)

	// 5. Tools answer.
	status, _, body := c.rpc(endpoint, token, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	if status != http.StatusOK || !strings.Contains(body, `"name":"transfer"`) {
		t.Fatalf("tools/list = %d %s", status, body)
	}
	status, _, body = c.rpc(endpoint, token, `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3}}}`)
	if status != http.StatusOK || !strings.Contains(body, `"text":"5"`) {
		t.Fatalf("add = %d %s", status, body)
	}

	// 6. The sensitive tool asks for a stronger, recent login (RFC 9470).
	transfer := `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"transfer","arguments":{"amount":100}}}`
	status, header, body = c.rpc(endpoint, token, transfer)
	wantStepUp := `Bearer resource_metadata="` + metadataURL + `", error="insufficient_user_authentication", ` +
		`error_description="token has no acr claim", acr_values="urn:example:mfa", max_age="300"`
	if status != http.StatusUnauthorized || header.Get("WWW-Authenticate") != wantStepUp ||
		body != `{"error":"insufficient_user_authentication","error_description":"token has no acr claim"}` {
		t.Fatalf("transfer with the first token = %d %q %s\nwant 401 %q", status, header.Get("WWW-Authenticate"), body, wantStepUp)
	}
	params := challengeParams(t, header.Get("WWW-Authenticate"))

	// 7. Ask again with the challenge's acr_values and max_age, and retry.
	form.Set("acr_values", params["acr_values"])
	form.Set("max_age", params["max_age"])
	fresher := c.token(asMeta.TokenEndpoint, form)
	status, _, body = c.rpc(endpoint, fresher, transfer)
	if status != http.StatusOK || !strings.Contains(body, "transferred 100 for mcp-client") {
		t.Fatalf("transfer with the fresher token = %d %s", status, body)
	}
}

func TestRunNeedsIssuer(t *testing.T) {
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0"}, func(net.Addr) {}); err == nil {
		t.Error("run without -issuer succeeded")
	}
}

func TestRunNeedsIssuerKeys(t *testing.T) { exampletest.CheckIssuerUnreachable(t, run) }

func TestRunRefusesABadResource(t *testing.T) {
	iss := issuertest.New(t)
	err := run(t.Context(), []string{"-issuer", iss.URL(), "-addr", "127.0.0.1:0", "-resource", "http://tools.example.com/mcp"},
		func(net.Addr) { t.Error("the server started") })
	if err == nil {
		t.Error("run with a plain-http remote resource succeeded")
	}
}

// start runs the example against issuer until the test ends and returns its base URL.
func start(t *testing.T, issuer string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-issuer", issuer, "-addr", "127.0.0.1:0"}, func(a net.Addr) { addrc <- a })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	select {
	case a := <-addrc:
		return "http://" + a.String()
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the example did not start")
	}
	return ""
}

// client makes the requests and logs each exchange, tokens shortened, as the transcript.
type client struct {
	t    *testing.T
	http *http.Client
	seen []string // tokens to shorten in the transcript
}

func (c *client) do(req *http.Request, reqBody string) (int, http.Header, string) {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	body := strings.TrimSpace(string(raw))
	var log strings.Builder
	fmt.Fprintf(&log, "> %s %s\n", req.Method, req.URL)
	if a := req.Header.Get("Authorization"); a != "" {
		fmt.Fprintf(&log, "> Authorization: %s\n", a)
	}
	if reqBody != "" {
		fmt.Fprintf(&log, "> %s\n", reqBody)
	}
	fmt.Fprintf(&log, "< %s\n", resp.Status)
	if h := resp.Header.Get("WWW-Authenticate"); h != "" {
		fmt.Fprintf(&log, "< WWW-Authenticate: %s\n", h)
	}
	fmt.Fprintf(&log, "< %s", body)
	c.t.Log("\n" + c.shorten(log.String()))
	return resp.StatusCode, resp.Header, body
}

// shorten replaces every token the client holds by its first characters, so the transcript stays
// readable.
func (c *client) shorten(s string) string {
	for _, tok := range c.seen {
		s = strings.ReplaceAll(s, tok, tok[:12]+"…")
	}
	return s
}

func (c *client) rpc(endpoint, token, body string) (int, http.Header, string) {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.do(req, body)
}

func (c *client) getJSON(u string, v any) {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodGet, u, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	status, _, body := c.do(req, "")
	if status != http.StatusOK {
		c.t.Fatalf("GET %s = %d", u, status)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		c.t.Fatalf("GET %s: %v", u, err)
	}
}

func (c *client) token(endpoint string, form url.Values) string {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || resp.StatusCode != http.StatusOK || len(answer.AccessToken) < 12 {
		c.t.Fatalf("token request = %s, %v", resp.Status, err)
	}
	c.seen = append(c.seen, answer.AccessToken)
	c.t.Logf("\n> POST %s\n> %s\n< %s\n< {\"access_token\":\"%s…\",\"token_type\":\"Bearer\",…}",
		endpoint, form.Encode(), resp.Status, answer.AccessToken[:12])
	return answer.AccessToken
}

// challengeParams parses a Bearer challenge's auth-params (RFC 9110 §11.2: name="quoted value",
// separated by commas), as a client does.
func challengeParams(t *testing.T, h string) map[string]string {
	t.Helper()
	rest, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		t.Fatalf("not a Bearer challenge: %q", h)
	}
	params := map[string]string{}
	for rest != "" {
		name, after, ok := strings.Cut(rest, `="`)
		if !ok {
			t.Fatalf("malformed challenge %q", h)
		}
		var value strings.Builder
		i := 0
		for ; i < len(after) && after[i] != '"'; i++ {
			if after[i] == '\\' && i+1 < len(after) {
				i++
			}
			value.WriteByte(after[i])
		}
		if i == len(after) {
			t.Fatalf("unterminated value in %q", h)
		}
		params[strings.TrimSpace(name)] = value.String()
		rest = strings.TrimPrefix(strings.TrimSpace(after[i+1:]), ",")
		rest = strings.TrimSpace(rest)
	}
	return params
}
