package mcpauth_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/goleak"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// mfa is what the transfer tool demands of the login behind the token.
var mfa = stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}

// fixture is an MCP server of the official SDK behind Middleware, with an issuer for its tokens:
// "add" needs a valid token only, "report" needs reports:read, "transfer" needs payments:write and
// an mfa login of the last five minutes.
type fixture struct {
	t        *testing.T
	iss      *issuertest.Issuer
	srv      *httptest.Server
	v        validator.TokenValidator
	metadata string // the resource metadata URL in every challenge

	mu   sync.Mutex
	seen []call // tool calls the SDK ran
}

// call is one tool call the SDK ran, with what it told the tool about the token.
type call struct {
	tool   string
	info   *auth.TokenInfo
	header http.Header
}

func newFixture(t *testing.T, opts ...mcpauth.Option) *fixture {
	t.Helper()
	f := &fixture{t: t, iss: issuertest.New(t)}
	mux := http.NewServeMux()
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.srv.CloseClientConnections()
		f.srv.Close()
	})
	resource := f.srv.URL + "/mcp"
	doc, err := resourcemeta.New(resourcemeta.Metadata{Resource: resource, AuthorizationServers: []string{f.iss.URL()}})
	if err != nil {
		t.Fatal(err)
	}
	f.metadata = doc.URL()
	keys, err := jwks.Static(f.iss.JWKS())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = keys.Close() })
	v, err := validator.New(keys, validator.WithIssuer(f.iss.URL()), validator.WithAudience(resource))
	if err != nil {
		t.Fatal(err)
	}
	f.v = v
	proofs, err := dpop.NewVerifier(dpop.WithBaseURL(f.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	g := nethttp.New(v, nethttp.WithResourceMetadata(doc.URL()), nethttp.WithDPoP(proofs, dpop.Allowed))
	opts = append([]mcpauth.Option{
		mcpauth.WithToolScopes(map[string]scopes.Requirement{
			"report":   scopes.All("reports:read"),
			"transfer": scopes.All("payments:write"),
		}),
		mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"transfer": mfa}),
	}, opts...)
	protect := mcpauth.Middleware(g, opts...)

	server := mcp.NewServer(&mcp.Implementation{Name: "tools", Version: "v1"}, nil)
	for _, name := range []string{"add", "report", "transfer"} {
		mcp.AddTool(server, &mcp.Tool{Name: name}, func(_ context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, any, error) {
			f.mu.Lock()
			f.seen = append(f.seen, call{tool: name, info: req.Extra.TokenInfo, header: req.Extra.Header})
			f.mu.Unlock()
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: name + " done"}}}, nil, nil
		})
	}
	getServer := func(*http.Request) *mcp.Server { return server }
	mux.Handle("/mcp", protect(mcp.NewStreamableHTTPHandler(getServer, &mcp.StreamableHTTPOptions{JSONResponse: true})))
	mux.Handle("/stateless", protect(mcp.NewStreamableHTTPHandler(getServer, &mcp.StreamableHTTPOptions{JSONResponse: true, Stateless: true})))
	return f
}

// mint returns a token for the fixture's resource; alice's unless opts say otherwise.
func (f *fixture) mint(opts ...issuertest.MintOption) string {
	f.t.Helper()
	return f.iss.MustMint(f.t, append([]issuertest.MintOption{issuertest.WithSubject("alice"),
		issuertest.WithAudience(f.srv.URL + "/mcp")}, opts...)...)
}

// calls returns the tool calls the SDK has run so far.
func (f *fixture) calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.seen...)
}

// answer is what the server said.
type answer struct {
	status int
	header http.Header
	body   string
}

// post sends body to path with the given Authorization value (none if "") and extra headers.
func (f *fixture) post(path, authorization, body string, header ...string) answer {
	f.t.Helper()
	req, err := http.NewRequestWithContext(f.t.Context(), http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return f.do(req)
}

func (f *fixture) do(req *http.Request) answer {
	f.t.Helper()
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, strings.TrimSpace(string(raw))}
}

// toolCall is a JSON-RPC tools/call of name.
func toolCall(id int, name string) string {
	return `{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"tools/call","params":{"name":"` + name + `","arguments":{}}}`
}

// bearer is an http.RoundTripper that adds a bearer token to every request, the way an MCP client
// is given its access token.
type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r)
}

// connect opens an MCP session with the SDK's client, sending token.
func (f *fixture) connect(token string) *mcp.ClientSession {
	f.t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "client", Version: "v1"}, nil)
	transport := &mcp.StreamableClientTransport{
		Endpoint:             f.srv.URL + "/mcp",
		HTTPClient:           &http.Client{Transport: bearer{token, f.srv.Client().Transport}},
		DisableStandaloneSSE: true,
		MaxRetries:           -1,
	}
	cs, err := client.Connect(f.t.Context(), transport, nil)
	if err != nil {
		f.t.Fatalf("connect: %v", err)
	}
	f.t.Cleanup(func() { _ = cs.Close() })
	return cs
}

// dpopKey is a client's DPoP key pair.
func dpopKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
