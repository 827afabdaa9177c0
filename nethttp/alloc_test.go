//go:build !race

package nethttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// TestMiddlewareAllocations bounds what the middleware adds to a request over a bare handler. It
// counts allocations, not time, so it holds on any machine; the race detector allocates on its own,
// hence the build tag.
func TestMiddlewareAllocations(t *testing.T) {
	v := stubValidator{token: "good", claims: &validator.Claims{Subject: "alice"}}
	bare := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	protected := nethttp.Middleware(v)(bare)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	base := testing.AllocsPerRun(100, func() { bare.ServeHTTP(w, r) })
	got := testing.AllocsPerRun(100, func() { protected.ServeHTTP(w, r) })
	if extra := got - base; extra > 5 {
		t.Errorf("the middleware adds %v allocations per request, want at most 5", extra)
	}
	t.Logf("allocations added per request: %v", got-base)
}
