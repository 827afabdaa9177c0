package nethttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// BenchmarkMiddleware measures the middleware alone: the validator is a stub, so the figures are what
// the adapter adds over a bare handler (compare with the "bare" sub-benchmark).
func BenchmarkMiddleware(b *testing.B) {
	v := stubValidator{token: "good", claims: &validator.Claims{Subject: "alice"}}
	bare := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	for _, bm := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", bare},
		{"middleware", nethttp.Middleware(v)(bare)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bm.h.ServeHTTP(w, r)
			}
		})
	}
}
