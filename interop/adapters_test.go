//go:build interop

package interop_test

import (
	"context"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/validator"
)

// An adapter under test: it serves whoami behind jwtguard's middleware for framework name and returns
// a function that calls it with a bearer token ("" sends none). The answer is the HTTP status (or the
// gRPC code mapped to 200/401/403/503) and the subject the handler found in its context.
type adapter func(t *testing.T, v validator.TokenValidator) (call func(ctx context.Context, token string) (status int, subject string, err error))

// adapters are registered by the adapter_*_test.go files, one per package.
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

// httpCall calls url with the token as a bearer credential and returns the status and body.
func httpCall(t *testing.T, url string) func(ctx context.Context, token string) (int, string, error) {
	return func(ctx context.Context, token string) (int, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/", nil)
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
		if resp.StatusCode == http.StatusUnauthorized {
			// RFC 6750 §3: a Bearer challenge; error="invalid_token" for a bad token, and no error code
			// when the request carried no credentials at all (§3.1, SHOULD NOT).
			challenge := resp.Header.Get("WWW-Authenticate")
			switch {
			case !strings.HasPrefix(challenge, "Bearer"):
				t.Errorf("401 from %s with challenge %q, want a Bearer challenge", url, challenge)
			case token != "" && !strings.Contains(challenge, `error="invalid_token"`):
				t.Errorf("401 for a bad token from %s with challenge %q, want error=\"invalid_token\"", url, challenge)
			case token == "" && strings.Contains(challenge, "error="):
				t.Logf("note: 401 without credentials from %s carries an error code: %q (RFC 6750 §3.1 says SHOULD NOT)", url, challenge)
			}
		}
		if resp.StatusCode != http.StatusOK {
			return resp.StatusCode, "", nil
		}
		return resp.StatusCode, string(body), nil
	}
}
