package mcpauth_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/jwtguard/jwtguard/internal/testkit/examplesetup"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

func ExampleMiddleware() {
	v, mint, cleanup := examplesetup.Bound()
	defer cleanup()

	// An MCP server of the official SDK with two tools; "transfer" is sensitive.
	server := mcp.NewServer(&mcp.Implementation{Name: "bank", Version: "v1"}, nil)
	whoami := func(_ context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, any, error) {
		// The SDK hands the tool the TokenInfo Middleware made of the verified claims.
		text := req.Params.Name + " for " + req.Extra.TokenInfo.UserID
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}, nil, nil
	}
	mcp.AddTool(server, &mcp.Tool{Name: "balance"}, whoami)
	mcp.AddTool(server, &mcp.Tool{Name: "transfer"}, whoami)
	tools := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})

	doc, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:             examplesetup.Audience + "/mcp",
		AuthorizationServers: []string{"https://idp.example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}
	g := nethttp.New(v, nethttp.WithResourceMetadata(doc.URL()))
	mux := http.NewServeMux()
	mux.Handle("GET "+doc.Path(), doc)
	mux.Handle("/mcp", mcpauth.Middleware(g,
		mcpauth.WithToolScopes(map[string]scopes.Requirement{"transfer": scopes.All("payments:write")}),
		mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"transfer": {ACRValues: []string{"urn:example:mfa"}}}),
	)(tools))

	call := func(tool, token string) {
		body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"` + tool + `","arguments":{}}}`
		req := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			fmt.Println(rec.Code, strings.Contains(rec.Body.String(), tool+" for alice"))
			return
		}
		fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	alice := issuertest.WithSubject("alice")
	call("balance", "")
	call("balance", mint(alice))
	call("transfer", mint(alice, issuertest.WithScope("payments:read")))
	call("transfer", mint(alice, issuertest.WithScope("payments:write")))
	call("transfer", mint(alice, issuertest.WithScope("payments:write"), issuertest.WithACR("urn:example:mfa")))
	// Output:
	// 401 Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp"
	// 200 true
	// 403 Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp", error="insufficient_scope", error_description="token lacks scope payments:write", scope="payments:write"
	// 401 Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp", error="insufficient_user_authentication", error_description="token has no acr claim", acr_values="urn:example:mfa"
	// 200 true
}

func ExampleVerifier() {
	v, mint, cleanup := examplesetup.Bound()
	defer cleanup()

	// The SDK's own middleware, with jwtguard's validator behind it. ClockSkew is the validator's
	// leeway (its default, 30s, here): the SDK checks the expiry again.
	protect := auth.RequireBearerToken(mcpauth.Verifier(v), &auth.RequireBearerTokenOptions{ClockSkew: 30 * time.Second})
	h := protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello ", auth.TokenInfoFromContext(r.Context()).UserID)
	}))

	for _, token := range []string{mint(issuertest.WithSubject("alice")), mint(issuertest.Expired())} {
		req := httptest.NewRequest(http.MethodPost, "/mcp", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		// The SDK answers in plain text: the error, "invalid token: <validator's reason>: <description>".
		reason, _, _ := strings.Cut(strings.TrimPrefix(rec.Body.String(), "invalid token: "), ":")
		fmt.Println(rec.Code, reason)
	}
	// Output:
	// 200 hello alice
	// 401 token expired
}
