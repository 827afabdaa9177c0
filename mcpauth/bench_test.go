package mcpauth_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/mcpauth"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// BenchmarkOverhead compares, for one valid token, the Guard's middleware alone, Middleware without
// tools listed (the TokenInfo for the SDK added), and Middleware reading a listed tool's call.
func BenchmarkOverhead(b *testing.B) {
	iss := issuertest.New(b)
	keys, err := jwks.Static(iss.JWKS())
	if err != nil {
		b.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience("https://api.example.com"),
		validator.WithCache(100))
	if err != nil {
		b.Fatal(err)
	}
	token := iss.MustMint(b, issuertest.WithAudience("https://api.example.com"), issuertest.WithSubject("alice"),
		issuertest.WithScope("reports:read"))
	g := nethttp.New(v)
	sink := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) })
	body := toolCall(1, "report")
	for _, bench := range []struct {
		name string
		h    http.Handler
	}{
		{"guard", g.Middleware(sink)},
		{"mcpauth", mcpauth.Middleware(g)(sink)},
		{"mcpauth+tool", mcpauth.Middleware(g, mcpauth.WithToolScopes(map[string]scopes.Requirement{"report": scopes.All("reports:read")}))(sink)},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			w := httptest.NewRecorder()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(body))
				r.Header.Set("Authorization", "Bearer "+token)
				w.Body.Reset()
				bench.h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code)
				}
			}
		})
	}
}
