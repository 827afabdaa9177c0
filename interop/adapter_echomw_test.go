//go:build interop

package interop_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/validator"
)

func init() {
	adapters["echomw"] = func(t *testing.T, v validator.TokenValidator) callFunc {
		whoami := func(c echo.Context) error {
			claims, found := echomw.Claims(c)
			fromCtx, ok := validator.FromContext(c.Request().Context())
			if !found || !ok || fromCtx.Subject != claims.Subject {
				return c.String(http.StatusInternalServerError, "claims missing")
			}
			return c.String(http.StatusOK, claims.Subject)
		}
		e := echo.New()
		e.HideBanner, e.HidePort = true, true
		e.Use(echomw.Middleware(v))
		e.GET("/"+routeRead, whoami)
		e.GET("/"+routeWrite, whoami, echomw.RequireScopes(writeScope))
		srv := httptest.NewServer(e)
		t.Cleanup(srv.Close)
		return httpCall(t, srv.URL)
	}
}
