//go:build interop

package interop_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

func init() {
	adapters["nethttp"] = func(t *testing.T, v validator.TokenValidator) func(context.Context, string) (int, string, error) {
		srv := httptest.NewServer(nethttp.Middleware(v)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, ok := validator.FromContext(r.Context())
			if !ok {
				http.Error(w, "no claims in context", http.StatusInternalServerError)
				return
			}
			_, _ = io.WriteString(w, c.Subject)
		})))
		t.Cleanup(srv.Close)
		return httpCall(t, srv.URL)
	}
}
