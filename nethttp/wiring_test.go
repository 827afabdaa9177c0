package nethttp_test

import (
	"net/http"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// TestRequireWithoutMiddleware checks that Require, RequireScopes and RequireAuthentication mounted
// without the middleware in front of them answer a request carrying a token 500 (a wiring mistake,
// not the client's fault) and one without a token 401.
func TestRequireWithoutMiddleware(t *testing.T) {
	g := nethttp.New(stubValidator{token: "good", claims: &validator.Claims{}})
	ok := http.NotFoundHandler()
	for name, h := range map[string]http.Handler{
		"Require":               g.Require(scopes.All("read"))(ok),
		"RequireScopes":         nethttp.RequireScopes(scopes.All("read"))(ok),
		"RequireAuthentication": g.RequireAuthentication(stepup.Requirement{ACRValues: []string{"mfa"}})(ok),
	} {
		if rec := serve(h, "Authorization", "Bearer good"); rec.Code != http.StatusInternalServerError {
			t.Errorf("%s with a token: %d, want 500", name, rec.Code)
		}
		if rec := serve(h); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s without a token: %d, want 401", name, rec.Code)
		}
	}
	if rec := serve(g.Middleware(g.Require(scopes.All("read"))(ok)), "Authorization", "Bearer good"); rec.Code != http.StatusForbidden {
		t.Errorf("behind the middleware: %d, want 403", rec.Code)
	}
}
