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

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"

	"github.com/jwtguard/jwtguard/internal/testkit/exampletest"
	"github.com/jwtguard/jwtguard/issuertest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestGenericClient plays an MCP client of the official SDK that knows nothing but the endpoint's
// URL. Its OAuthHandler, which the SDK's transport calls on a 401 or 403 and then retries the request,
// reads the challenge, fetches the resource metadata, discovers the authorization server's token
// endpoint and gets a token for the resource; later it meets a step-up challenge on the sensitive
// tool and gets a fresher token. The session survives the step-up: the SDK binds it to the token's
// subject, which does not change. The transcript is logged (go test -v in examples/mcp).
func TestGenericClient(t *testing.T) {
	iss := issuertest.New(t)
	base := start(t, iss.URL())
	endpoint := base + "/mcp"
	httpClient := &http.Client{Timeout: 5 * time.Second}
	defer httpClient.CloseIdleConnections()
	oauth := &genericClient{t: t, http: httpClient, clientID: "mcp-client"}

	client := mcp.NewClient(&mcp.Implementation{Name: "generic", Version: "v1"}, nil)
	transport := &mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: httpClient, OAuthHandler: oauth,
		DisableStandaloneSSE: true, MaxRetries: -1}

	// 1–4. Unauthenticated, the first request (initialize) is refused with a challenge pointing to the
	// metadata; the handler discovers the authorization server, gets a token and the SDK retries.
	cs, err := client.Connect(t.Context(), transport, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer cs.Close()
	wantFirst := `Bearer resource_metadata="` + base + `/.well-known/oauth-protected-resource/mcp"`
	if len(oauth.challenges) != 1 || oauth.challenges[0] != wantFirst {
		t.Fatalf("challenges = %q, want [%q]", oauth.challenges, wantFirst)
	}

	// 5. Tools answer.
	tools, err := cs.ListTools(t.Context(), nil)
	if err != nil || len(tools.Tools) != 2 {
		t.Fatalf("tools/list = %+v, %v", tools, err)
	}
	if got := callText(t, cs, "add", map[string]any{"a": 2, "b": 3}); got != "5" {
		t.Fatalf("add = %q, want 5", got)
	}

	// 6–7. The sensitive tool asks for a stronger, recent login (RFC 9470); the handler asks again
	// with the challenge's acr_values and max_age, and the SDK retries on the same session.
	if got := callText(t, cs, "transfer", map[string]any{"amount": 100}); got != "transferred 100 for mcp-client" {
		t.Fatalf("transfer = %q", got)
	}
	wantStepUp := `Bearer resource_metadata="` + base + `/.well-known/oauth-protected-resource/mcp", ` +
		`error="insufficient_user_authentication", error_description="token has no acr claim", ` +
		`acr_values="urn:example:mfa", max_age="300"`
	if len(oauth.challenges) != 2 || oauth.challenges[1] != wantStepUp {
		t.Fatalf("challenges = %q, want the step-up challenge %q second", oauth.challenges, wantStepUp)
	}
	if got := callText(t, cs, "transfer", map[string]any{"amount": 5}); got != "transferred 5 for mcp-client" || len(oauth.challenges) != 2 {
		t.Fatalf("second transfer = %q after %d challenges", got, len(oauth.challenges))
	}
}

// callText calls tool and returns its one text result.
func callText(t *testing.T, cs *mcp.ClientSession, tool string, args map[string]any) string {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	if res.IsError || len(res.Content) != 1 {
		t.Fatalf("%s: %+v", tool, res)
	}
	text, ok := res.Content[0].(*mcp.TextContent)
	if !ok {
		t.Fatalf("%s: %T", tool, res.Content[0])
	}
	t.Logf("\n> tools/call %s %v\n< %q", tool, args, text.Text)
	return text.Text
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

// genericClient is an auth.OAuthHandler for a client that knows no authorization server in advance:
// it learns everything from the resource's challenges (RFC 6750, RFC 9728, RFC 9470) and uses the
// client_credentials grant. It logs each exchange, tokens shortened, as the transcript.
type genericClient struct {
	t          *testing.T
	http       *http.Client
	clientID   string
	token      string
	form       url.Values // the last token request, asked again with a step-up's parameters
	tokenURL   string
	challenges []string // every WWW-Authenticate the handler was called with
}

// TokenSource gives the SDK's transport the current token; none before the first challenge.
func (c *genericClient) TokenSource(context.Context) (oauth2.TokenSource, error) {
	if c.token == "" {
		return nil, nil
	}
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: c.token, TokenType: "Bearer"}), nil
}

// Authorize answers a 401 or 403 of the MCP endpoint.
func (c *genericClient) Authorize(ctx context.Context, req *http.Request, resp *http.Response) error {
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	header := resp.Header.Get("WWW-Authenticate")
	c.challenges = append(c.challenges, header)
	c.t.Log(c.shorten(fmt.Sprintf("\n> %s %s\n> Authorization: %s\n< %s\n< WWW-Authenticate: %s\n< %s",
		req.Method, req.URL, req.Header.Get("Authorization"), resp.Status, header, strings.TrimSpace(string(body)))))

	challenges, err := oauthex.ParseWWWAuthenticate(resp.Header.Values("WWW-Authenticate"))
	if err != nil || len(challenges) != 1 || challenges[0].Scheme != "bearer" {
		return fmt.Errorf("unexpected challenge %q: %v", header, err)
	}
	params := challenges[0].Params
	if params["error"] == "insufficient_user_authentication" {
		// 7. Ask again with the challenge's acr_values and max_age.
		c.form.Set("acr_values", params["acr_values"])
		c.form.Set("max_age", params["max_age"])
		return c.getToken(ctx)
	}

	// 2. The protected resource metadata (RFC 9728), read and checked by the SDK's own code.
	resource := req.URL.String()
	meta, err := oauthex.GetProtectedResourceMetadata(ctx, params["resource_metadata"], resource, c.http)
	if err != nil {
		return err
	}
	c.t.Logf("\n> GET %s\n< resource %s, authorization_servers %q, scopes_supported %q",
		params["resource_metadata"], meta.Resource, meta.AuthorizationServers, meta.ScopesSupported)

	// 3. Authorization server metadata (RFC 8414 §3.1) gives the token endpoint.
	as, err := url.Parse(meta.AuthorizationServers[0])
	if err != nil {
		return err
	}
	var asMeta struct {
		Issuer        string `json:"issuer"`
		TokenEndpoint string `json:"token_endpoint"`
	}
	asURL := as.Scheme + "://" + as.Host + "/.well-known/oauth-authorization-server" + as.Path
	if err := c.getJSON(ctx, asURL, &asMeta); err != nil {
		return err
	}
	if asMeta.Issuer != meta.AuthorizationServers[0] || asMeta.TokenEndpoint == "" {
		return fmt.Errorf("authorization server metadata %+v", asMeta)
	}
	c.tokenURL = asMeta.TokenEndpoint

	// 4. A token for this resource (RFC 8707), with the scopes the metadata lists.
	c.form = url.Values{"grant_type": {"client_credentials"}, "client_id": {c.clientID},
		"scope": {strings.Join(meta.ScopesSupported, " ")}, "resource": {meta.Resource}}
	return c.getToken(ctx)
}

func (c *genericClient) getJSON(ctx context.Context, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	c.t.Logf("\n> GET %s\n< %s", u, resp.Status)
	return json.NewDecoder(resp.Body).Decode(v)
}

func (c *genericClient) getToken(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL, strings.NewReader(c.form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || resp.StatusCode != http.StatusOK || len(answer.AccessToken) < 12 {
		return fmt.Errorf("token request = %s, %v", resp.Status, err)
	}
	c.token = answer.AccessToken
	c.t.Logf("\n> POST %s\n> %s\n< %s\n< {\"access_token\":\"%s…\",\"token_type\":\"Bearer\",…}",
		c.tokenURL, c.form.Encode(), resp.Status, answer.AccessToken[:12])
	return nil
}

// shorten replaces the current token by its first characters, so the transcript stays readable.
func (c *genericClient) shorten(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, c.token[:12]+"…")
}
