//go:build interop

package interop_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

func init() {
	adapters["nethttp"] = func(t *testing.T, v validator.TokenValidator) callFunc {
		whoami := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, ok := validator.FromContext(r.Context())
			if !ok {
				http.Error(w, "no claims in context", http.StatusInternalServerError)
				return
			}
			_, _ = io.WriteString(w, c.Subject)
		})
		mux := http.NewServeMux()
		mux.Handle("GET /"+routeRead, whoami)
		mux.Handle("GET /"+routeWrite, nethttp.RequireScopes(writeScope)(whoami))
		srv := httptest.NewServer(nethttp.Middleware(v)(mux))
		t.Cleanup(srv.Close)
		return httpCall(t, srv.URL)
	}
}
