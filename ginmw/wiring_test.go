package ginmw_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// TestRequireWithoutMiddleware checks that route guards mounted without the middleware in front of
// them answer a request carrying a token 500 (a wiring mistake, not the client's fault) and one
// without a token 401.
func TestRequireWithoutMiddleware(t *testing.T) {
	gin.SetMode(gin.TestMode)
	g := ginmw.New(stubValidator{token: "good"})
	for name, mw := range map[string]gin.HandlerFunc{
		"Require":               g.Require(scopes.All("read")),
		"RequireScopes":         ginmw.RequireScopes(scopes.All("read")),
		"RequireAuthentication": g.RequireAuthentication(stepup.Requirement{ACRValues: []string{"mfa"}}),
	} {
		e := gin.New()
		e.GET("/", mw, func(c *gin.Context) { c.Status(http.StatusOK) })
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
