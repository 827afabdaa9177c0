package mcpauth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/jwtguard/jwtguard/nethttp"
)

// Middleware returns middleware for an MCP endpoint (typically the SDK's mcp.StreamableHTTPHandler):
// g's middleware first, with every answer it gives on any route; then, for a POST carrying a
// tools/call of a tool the options list, the tool's scopes and step-up requirement, refused with g's
// answers; then the SDK's auth.TokenInfo in the request's context, where the SDK finds it (see the
// package documentation). A nil Option is ignored. It panics on a nil g or a bad option.
func Middleware(g *nethttp.Guard, opts ...Option) func(http.Handler) http.Handler {
	if g == nil {
		panic("mcpauth: Middleware: nil Guard")
	}
	c := config{maxBodySize: DefaultMaxBodySize}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if err := errors.Join(c.errs...); err != nil {
		panic("mcpauth: " + err.Error())
	}
	rules := make(map[string]func(http.Handler) http.Handler, len(c.toolScopes)+len(c.toolAuth))
	for name, req := range c.toolAuth {
		rules[name] = g.RequireAuthentication(req)
	}
	for name, req := range c.toolScopes {
		// The scopes are checked first: a fresher login would not add a missing scope.
		scoped := g.Require(req)
		if stepUp, ok := rules[name]; ok {
			rules[name] = func(next http.Handler) http.Handler { return scoped(stepUp(next)) }
		} else {
			rules[name] = scoped
		}
	}
	return func(next http.Handler) http.Handler {
		next = withTokenInfo(next)
		if len(rules) == 0 {
			return g.Middleware(next)
		}
		t := &toolGate{rules: rules, maxBodySize: c.maxBodySize, next: next,
			single: make(map[string]http.Handler, len(rules))}
		for name, rule := range rules {
			t.single[name] = rule(next)
		}
		return g.Middleware(t)
	}
}

// toolGate sends each POST through the rules of the listed tools it calls before next.
type toolGate struct {
	rules       map[string]func(http.Handler) http.Handler
	single      map[string]http.Handler // rules[name](next), built once for the usual one-call body
	maxBodySize int64
	next        http.Handler
}

func (t *toolGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The SDK reads a body from POST only: GET opens a stream, DELETE ends a session.
	if r.Method != http.MethodPost || r.Body == nil || r.Body == http.NoBody {
		t.next.ServeHTTP(w, r)
		return
	}
	if r.ContentLength > t.maxBodySize {
		http.Error(w, tooLarge(t.maxBodySize), http.StatusRequestEntityTooLarge)
		return
	}
	// MaxBytesReader also tells the server to close the connection after a body cut short, so the
	// rest is never read.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, t.maxBodySize))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, tooLarge(t.maxBodySize), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "failed to read body", http.StatusBadRequest)
		return
	}
	called, err := toolsCalled(body, t.rules)
	if err != nil {
		http.Error(w, "malformed JSON-RPC payload", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	switch len(called) {
	case 0:
		t.next.ServeHTTP(w, r)
	case 1:
		t.single[called[0]].ServeHTTP(w, r)
	default:
		h := t.next
		for i := len(called) - 1; i >= 0; i-- {
			h = t.rules[called[i]](h)
		}
		h.ServeHTTP(w, r)
	}
}

// tooLarge is the 413 answer's text, the SDK's own for the same refusal.
func tooLarge(limit int64) string { return fmt.Sprintf("request body exceeds %d bytes", limit) }
