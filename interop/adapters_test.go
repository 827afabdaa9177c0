//go:build interop

package interop_test

import (
	"context"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// The routes every adapter serves: routeRead needs a valid token, routeWrite a valid token that also
// carries the scope orders:write (the adapter's own per-route scope check).
const (
	routeRead  = "read"
	routeWrite = "write"
)

// writeScope is what routeWrite requires.
var writeScope = scopes.All(scopeWrite)

// callFunc calls one adapter's route with a bearer token ("" sends none). It answers the HTTP status
// (gRPC codes mapped to 200/401/403/503/400) and, on success, the subject the handler found in its
// request context.
type callFunc = func(ctx context.Context, route, token string) (status int, subject string, err error)

// An adapter serves whoami on both routes behind jwtguard's middleware for one framework, sharing v,
// and returns how to call it.
type adapter func(t *testing.T, v validator.TokenValidator) callFunc

// adapters are registered by the adapter_<package>_test.go files.
var adapters = map[string]adapter{}

// adapterNames returns the registered adapters in a stable order.
func adapterNames() []string {
	names := make([]string, 0, len(adapters))
	for n := range adapters {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// httpCall calls baseURL/<route> and checks the RFC 6750 challenge of a refusal.
func httpCall(t *testing.T, baseURL string) callFunc {
	return func(ctx context.Context, route, token string) (int, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/"+route, nil)
		if err != nil {
			return 0, "", err
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		challenge := resp.Header.Get("WWW-Authenticate")
		switch resp.StatusCode {
		case http.StatusOK:
			return resp.StatusCode, string(body), nil
		case http.StatusUnauthorized:
			// RFC 6750 §3: a Bearer challenge; error="invalid_token" for a bad token, and no error code
			// when the request carried no credentials at all (§3.1, SHOULD NOT).
			switch {
			case !strings.HasPrefix(challenge, "Bearer"):
				t.Errorf("401 from %s with challenge %q, want a Bearer challenge", req.URL, challenge)
			case token != "" && !strings.Contains(challenge, `error="invalid_token"`):
				t.Errorf("401 for a bad token from %s with challenge %q, want error=\"invalid_token\"", req.URL, challenge)
			case token == "" && strings.Contains(challenge, "error="):
				t.Logf("note: 401 without credentials from %s carries an error code: %q (RFC 6750 §3.1 says SHOULD NOT)", req.URL, challenge)
			}
		case http.StatusForbidden:
			// RFC 6750 §3.1: insufficient_scope, naming the scope needed.
			if !strings.Contains(challenge, `error="insufficient_scope"`) || !strings.Contains(challenge, `scope="`+scopeWrite+`"`) {
				t.Errorf("403 from %s with challenge %q, want error=\"insufficient_scope\" and scope=%q", req.URL, challenge, scopeWrite)
			}
		}
		return resp.StatusCode, "", nil
	}
}
