package mcpauth_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// TestBadOptionsPanic: a configuration that cannot be right stops Middleware at start-up.
func TestBadOptionsPanic(t *testing.T) {
	f := newFixture(t)
	g := nethttp.New(f.v)
	tests := map[string]struct {
		opt  mcpauth.Option
		want string
	}{
		"empty tool name, scopes":  {mcpauth.WithToolScopes(map[string]scopes.Requirement{"": scopes.All("a")}), "empty tool name"},
		"zero scope requirement":   {mcpauth.WithToolScopes(map[string]scopes.Requirement{"x": scopes.All()}), "demands no scope"},
		"scope with a space":       {mcpauth.WithToolScopes(map[string]scopes.Requirement{"x": scopes.All("reports read")}), "scope-token"},
		"scope with a quote":       {mcpauth.WithToolScopes(map[string]scopes.Requirement{"x": scopes.Any("ok", `b"ad`)}), "scope-token"},
		"empty tool name, step-up": {mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"": mfa}), "empty tool name"},
		"zero step-up requirement": {mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"x": {}}), "demands nothing"},
		"max age in nanoseconds":   {mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"x": {MaxAge: 300}}), "MaxAge"},
		"acr value with a space":   {mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"x": {ACRValues: []string{"a b"}}}), "ACR value"},
		"body size zero":           {mcpauth.WithMaxBodySize(0), "positive"},
		"body size negative":       {mcpauth.WithMaxBodySize(-1), "positive"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "mcpauth: ") || !strings.Contains(msg, tt.want) {
					t.Errorf("panic %q, want one naming %q", msg, tt.want)
				}
			}()
			mcpauth.Middleware(g, tt.opt)
		})
	}
	t.Run("nil guard", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		mcpauth.Middleware(nil)
	})
	// Good options and nil ones do not panic.
	mcpauth.Middleware(g, nil, mcpauth.WithMaxBodySize(1),
		mcpauth.WithToolScopes(map[string]scopes.Requirement{"x": scopes.Any("a", "b")}),
		mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"x": {MaxAge: time.Minute}}))(http.NotFoundHandler())
}
