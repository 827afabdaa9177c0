package echomw_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// TestRequireWithoutMiddleware checks that route guards mounted without the middleware in front of
// them answer a request carrying a token 500 (a wiring mistake, not the client's fault) and one
// without a token 401.
func TestRequireWithoutMiddleware(t *testing.T) {
	g := echomw.New(stubValidator{token: "good"})
	for name, mw := range map[string]echo.MiddlewareFunc{
		"Require":               g.Require(scopes.All("read")),
		"RequireScopes":         echomw.RequireScopes(scopes.All("read")),
		"RequireAuthentication": g.RequireAuthentication(stepup.Requirement{ACRValues: []string{"mfa"}}),
	} {
		e := echo.New()
		e.GET("/", func(c echo.Context) error { return c.NoContent(http.StatusOK) }, mw)
		for auth, want := range map[string]int{"Bearer good": http.StatusInternalServerError, "": http.StatusUnauthorized} {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			if auth != "" {
				r.Header.Set("Authorization", auth)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, r)
			if rec.Code != want {
				t.Errorf("%s, Authorization %q: %d, want %d", name, auth, rec.Code, want)
			}
		}
	}
}
