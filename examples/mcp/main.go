// Command mcp serves a small JSON-RPC 2.0 tool server in the style of the Model Context Protocol,
// protected by jwtguard, and tells clients where to get a token (RFC 9728) and when to log in again
// (RFC 9470):
//
//	go run ./examples/mcp -issuer https://idp.example.com -resource https://tools.example.com/mcp
//
// POST /mcp takes JSON-RPC requests ("tools/list", "tools/call") with an access token whose audience
// is the resource and whose scope grants tools:call. A call without one gets 401 with
//
//	WWW-Authenticate: Bearer resource_metadata="https://tools.example.com/.well-known/oauth-protected-resource/mcp"
//
// and the metadata document served there names the issuer as the authorization server. The
// "transfer" tool is sensitive: it also needs a multi-factor login of the last five minutes, and a
// token without one gets 401 error="insufficient_user_authentication" with acr_values and max_age,
// which the client sends to the authorization server to get a fresher token. No MCP SDK is needed:
// the protocol part is a few lines of JSON-RPC.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// scopeTools is the scope every call needs; the metadata lists it so clients know to ask for it.
const scopeTools = "tools:call"

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

// routes serves the metadata document and the tool endpoint of resource, accepting tokens of issuer
// whose audience is the resource (RFC 8707).
func routes(keys validator.KeySource, issuer, resource string) (http.Handler, error) {
	doc, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:               resource,
		AuthorizationServers:   []string{issuer},
		ScopesSupported:        []string{scopeTools},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           "jwtguard MCP-style example",
	})
	if err != nil {
		return nil, err
	}
	v, err := validator.New(keys, validator.WithIssuer(issuer), validator.WithAudience(resource))
	if err != nil {
		return nil, err
	}
	// The options given once reach every answer: the 401 and 403 of the guard and its step-up 401.
	g := nethttp.New(v, nethttp.WithResourceMetadata(doc.URL()))
	tools := http.HandlerFunc(callTool)
	stepUp := g.RequireAuthentication(sensitive)(tools)
	mux := http.NewServeMux()
	mux.Handle("GET "+doc.Path(), doc)
	mux.Handle("POST /mcp", g.Middleware(g.Require(scopes.All(scopeTools))(dispatch(tools, stepUp))))
	return mux, nil
}

// rpcRequest is a JSON-RPC 2.0 request; for "tools/call", params are {"name", "arguments"}.
type rpcRequest struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	} `json:"params"`
}

type rpcKey struct{}

// dispatch reads the JSON-RPC request once and sends calls of the transfer tool through stepUp, so
// that the guard, not the tool, answers a login that is too weak or too old; everything else goes
// to tools.
func dispatch(tools, stepUp http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		var req rpcRequest
		if err != nil || json.Unmarshal(body, &req) != nil || req.JSONRPC != "2.0" {
			writeRPC(w, nil, nil, &rpcError{-32700, "parse error"})
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), rpcKey{}, &req))
		r.Body = io.NopCloser(bytes.NewReader(body))
		if req.Method == "tools/call" && req.Params.Name == "transfer" {
			stepUp.ServeHTTP(w, r)
			return
		}
		tools.ServeHTTP(w, r)
	})
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// callTool answers the JSON-RPC request dispatch read.
func callTool(w http.ResponseWriter, r *http.Request) {
	req := r.Context().Value(rpcKey{}).(*rpcRequest)
	claims, _ := validator.FromContext(r.Context())
	switch req.Method {
	case "tools/list":
		writeRPC(w, req.ID, map[string]any{"tools": []map[string]string{
			{"name": "add", "description": "adds a and b"},
			{"name": "transfer", "description": "moves an amount; needs a recent multi-factor login"},
		}}, nil)
	case "tools/call":
		var args struct{ A, B, Amount float64 }
		if len(req.Params.Arguments) > 0 && json.Unmarshal(req.Params.Arguments, &args) != nil {
			writeRPC(w, req.ID, nil, &rpcError{-32602, "invalid arguments"})
			return
		}
		switch req.Params.Name {
		case "add":
			writeRPC(w, req.ID, text(fmt.Sprint(args.A+args.B)), nil)
		case "transfer":
			writeRPC(w, req.ID, text(fmt.Sprintf("transferred %v for %s", args.Amount, claims.Subject)), nil)
		default:
			writeRPC(w, req.ID, nil, &rpcError{-32602, "unknown tool"})
		}
	default:
		writeRPC(w, req.ID, nil, &rpcError{-32601, "method not found"})
	}
}

// text is an MCP tool result holding one text item.
func text(s string) map[string]any {
	return map[string]any{"content": []map[string]string{{"type": "text", "text": s}}}
}

func writeRPC(w http.ResponseWriter, id json.RawMessage, result any, rpcErr *rpcError) {
	if id == nil {
		id = json.RawMessage("null")
	}
	resp := map[string]any{"jsonrpc": "2.0", "id": id}
	if rpcErr != nil {
		resp["error"] = rpcErr
	} else {
		resp["result"] = result
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
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
