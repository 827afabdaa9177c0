package nethttp_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// multiIssuerServer protects /open and /scoped (needing conformance.MultiIssuerScope) with v.
func multiIssuerServer(t *testing.T, v validator.TokenValidator) *httptest.Server {
	auth := nethttp.Middleware(v)
	mux := http.NewServeMux()
	mux.Handle("GET /open", auth(http.HandlerFunc(greet)))
	mux.Handle("GET /scoped", auth(nethttp.RequireScopes(scopes.All(conformance.MultiIssuerScope))(http.HandlerFunc(greet))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestConformanceMultiIssuer runs the opaque-token and multi-issuer rows: validator.ByIssuer and an
// introspector plug into the middleware unchanged, through validator.TokenValidator.
func TestConformanceMultiIssuer(t *testing.T) {
	setup := conformance.NewMultiIssuer(t)
	logs := conformance.CaptureLogs(t)
	servers := map[bool]*httptest.Server{false: multiIssuerServer(t, setup.Router), true: multiIssuerServer(t, setup.Down)}
	client := servers[false].Client()
	for _, c := range conformance.MultiIssuerCases {
		t.Run(c.Name, func(t *testing.T) {
			path := "/open"
			if c.Scoped {
				path = "/scoped"
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, servers[c.Down].URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+setup.Tokens[c.Token])
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			challenge := resp.Header.Get("WWW-Authenticate")
			if strings.Contains(string(body)+challenge, setup.Tokens[c.Token]) {
				t.Fatal("the answer holds the token")
			}
			if c.Code == "" {
				if resp.StatusCode != 200 || string(body) != "hello "+c.Subject {
					t.Fatalf("answer %d %q, want 200 %q", resp.StatusCode, body, "hello "+c.Subject)
				}
				return
			}
			status, wantError := 401, "invalid_token"
			switch c.Code {
			case "insufficient_scope":
				status, wantError = 403, "insufficient_scope"
			case "keys_unavailable", "introspection_unavailable":
				status, wantError = 503, "temporarily_unavailable"
			}
			var answer struct {
				Error string `json:"error"`
			}
			_ = json.Unmarshal(body, &answer)
			if resp.StatusCode != status || answer.Error != wantError {
				t.Fatalf("answer %d %s, want %d with error %q", resp.StatusCode, body, status, wantError)
			}
			if status != 503 && !strings.Contains(challenge, `error="`+wantError+`"`) {
				t.Fatalf("WWW-Authenticate = %q, want error=%q", challenge, wantError)
			}
			if status == 503 && strings.Contains(challenge, "invalid_token") {
				t.Fatalf("our outage was answered as the client's fault: %q", challenge)
			}
		})
	}
	for _, token := range setup.Tokens {
		if strings.Contains(logs.String(), token) {
			t.Fatal("a token reached the log")
		}
	}
}
