// Command mcp serves a Model Context Protocol tool server built with the official MCP Go SDK,
// protected by jwtguard (package mcpauth), and tells clients where to get a token (RFC 9728) and
// when to log in again (RFC 9470):
//
//	cd examples/mcp && go run . -issuer https://idp.example.com -resource https://tools.example.com/mcp
//
// /mcp is the SDK's streamable HTTP endpoint; every request needs an access token whose audience is
// the resource and whose scope grants tools:call. A request without one gets 401 with
//
//	WWW-Authenticate: Bearer resource_metadata="https://tools.example.com/.well-known/oauth-protected-resource/mcp"
//
// and the metadata document served there names the issuer as the authorization server. The
// "transfer" tool is sensitive: a call needs payments:write (else 403 insufficient_scope naming it)
// and a multi-factor login of the last five minutes: a token without one gets 401
// error="insufficient_user_authentication" with acr_values and max_age, which the client sends to
// the authorization server to get a fresher token. The SDK binds each session to the token's
// subject, so a client keeps its session across such a step-up.
//
// The example is a module of its own, so that the jwtguard module does not depend on the MCP SDK.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// scopeTools is the scope every request needs, scopePayments the one transfer needs as well; the
// metadata lists both so clients know to ask for them.
const (
	scopeTools    = "tools:call"
	scopePayments = "payments:write"
)

// sensitive is what the transfer tool demands of the login behind the token.
var sensitive = stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], func(addr net.Addr) { slog.Info("listening", "url", "http://"+addr.String()+"/mcp") })
	if err != nil {
		slog.Error("mcp example", "err", err)
		os.Exit(1)
	}
}

// run serves until ctx is done; ready is told the address once the listener is open. Without
// -resource, the resource is http://<listening address>/mcp.
func run(ctx context.Context, args []string, ready func(net.Addr)) error {
	fs := flag.NewFlagSet("mcp", flag.ContinueOnError)
	issuer := fs.String("issuer", "", "issuer URL of the authorization server (required)")
	resource := fs.String("resource", "", "URL clients reach the tool endpoint at: the token audience (default http://ADDR/mcp)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	keysTimeout := fs.Duration("keys-timeout", 10*time.Second, "how long to wait for the issuer's keys at start-up")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *issuer == "" {
		return errors.New("-issuer is required")
	}

	keys, err := jwks.Discover(ctx, *issuer)
	if err != nil {
		return err
	}
	defer keys.Close()
	// Start serving only with keys in hand: a wrong -issuer or an issuer that is down is reported
	// here, instead of as a 503 on every request.
	waitCtx, cancel := context.WithTimeout(ctx, *keysTimeout)
	defer cancel()
	if err := keys.Ready(waitCtx); err != nil {
		return fmt.Errorf("no signing keys from issuer %s within %v (is -issuer right, and is the issuer up?): %w", *issuer, *keysTimeout, err)
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *resource == "" {
		*resource = "http://" + lis.Addr().String() + "/mcp"
	}
	h, err := routes(keys, *issuer, *resource)
	if err != nil {
		_ = lis.Close()
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ready(lis.Addr())
	return serve(ctx, srv, lis)
}

// routes serves the metadata document and the MCP endpoint of resource, accepting tokens of issuer
// whose audience is the resource (RFC 8707) and which grant tools:call.
func routes(keys validator.KeySource, issuer, resource string) (http.Handler, error) {
	doc, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:               resource,
		AuthorizationServers:   []string{issuer},
		ScopesSupported:        []string{scopeTools, scopePayments},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           "jwtguard MCP example",
	})
	if err != nil {
		return nil, err
	}
	v, err := validator.New(keys, validator.WithIssuer(issuer), validator.WithAudience(resource),
		validator.WithRequiredScopes(scopes.All(scopeTools)))
	if err != nil {
		return nil, err
	}
	// The options given once reach every answer: the Guard's 401 and 403 and the tools' step-up 401.
	g := nethttp.New(v, nethttp.WithResourceMetadata(doc.URL()))
	protect := mcpauth.Middleware(g,
		mcpauth.WithToolScopes(map[string]scopes.Requirement{"transfer": scopes.All(scopePayments)}),
		mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"transfer": sensitive}),
	)
	server := toolServer()
	mux := http.NewServeMux()
	mux.Handle("GET "+doc.Path(), doc)
	mux.Handle("/mcp", protect(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)))
	return mux, nil
}

// addArgs and transferArgs are the tools' inputs; the SDK derives their JSON schemas.
type (
	addArgs struct {
		A float64 `json:"a"`
		B float64 `json:"b"`
	}
	transferArgs struct {
		Amount float64 `json:"amount"`
	}
)

// toolServer is the MCP server: "add", and "transfer", which Middleware guards.
func toolServer() *mcp.Server {
	server := mcp.NewServer(&mcp.Implementation{Name: "jwtguard-example", Version: "v1"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "add", Description: "adds a and b"},
		func(_ context.Context, _ *mcp.CallToolRequest, args addArgs) (*mcp.CallToolResult, any, error) {
			return text(fmt.Sprint(args.A + args.B)), nil, nil
		})
	mcp.AddTool(server, &mcp.Tool{Name: "transfer", Description: "moves an amount; needs a recent multi-factor login"},
		func(_ context.Context, req *mcp.CallToolRequest, args transferArgs) (*mcp.CallToolResult, any, error) {
			// The caller is in the request's TokenInfo, not in ctx: a session's context is that of
			// the request that opened it.
			return text(fmt.Sprintf("transferred %v for %s", args.Amount, req.Extra.TokenInfo.UserID)), nil, nil
		})
	return server
}

// text is a tool result holding one text item.
func text(s string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: s}}}
}

// serve runs srv on lis until ctx is done, then gives requests in flight a few seconds to finish.
func serve(ctx context.Context, srv *http.Server, lis net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
