//go:build interop

package interop_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/validator"
)

func init() {
	adapters["ginmw"] = func(t *testing.T, v validator.TokenValidator) callFunc {
		whoami := func(c *gin.Context) {
			claims, found := ginmw.Claims(c)
			fromCtx, ok := validator.FromContext(c.Request.Context())
			if !found || !ok || fromCtx.Subject != claims.Subject {
				c.String(http.StatusInternalServerError, "claims missing")
				return
			}
			c.String(http.StatusOK, claims.Subject)
		}
		gin.SetMode(gin.ReleaseMode)
		r := gin.New()
		r.Use(ginmw.Middleware(v))
		r.GET("/"+routeRead, whoami)
		r.GET("/"+routeWrite, ginmw.RequireScopes(writeScope), whoami)
		srv := httptest.NewServer(r)
		t.Cleanup(srv.Close)
		return httpCall(t, srv.URL)
	}
}
