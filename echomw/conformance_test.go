package echomw_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/validator"
)

func greet(c echo.Context) error {
	claims, _ := echomw.Claims(c)
	fromContext, _ := validator.FromContext(c.Request().Context())
	return c.String(http.StatusOK, conformance.Greeting(claims, fromContext)+conformance.DPoPGreeting(c.Request().Context()))
}

func buildServer(cfg conformance.Config) http.Handler {
	opts := []echomw.Option{
		echomw.WithExtractor(cfg.Extractor),
		echomw.WithRealm(cfg.Realm),
		echomw.WithSkipper(func(c echo.Context) bool { return cfg.Skip(c.Request()) }),
	}
	if cfg.Optional {
		opts = append(opts, echomw.WithCredentialsOptional())
	}
	if cfg.DPoP != nil {
		opts = append(opts, echomw.WithDPoP(cfg.DPoP, cfg.DPoPMode))
	}
	if cfg.CertificateBinding {
		opts = append(opts, echomw.WithCertificateBinding())
	}
	if h := cfg.ErrorHandler; h != nil {
		opts = append(opts, echomw.WithErrorHandler(func(c echo.Context, err error) error {
			h(c.Response(), c.Request(), err)
			return nil
		}))
	}
	if cfg.Logger != nil {
		opts = append(opts, echomw.WithLogger(cfg.Logger))
	}
	auth := echomw.Middleware(cfg.Validator, opts...)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET(conformance.PathOpen, greet, auth)
	e.POST(conformance.PathOpen, greet, auth)
	e.GET(conformance.PathScoped, greet, auth, echomw.RequireScopes(cfg.Scope, opts...))
	e.GET(conformance.PathSkipped, greet, auth)
	return e
}

func TestConformance(t *testing.T) {
	conformance.RunHTTP(t, buildServer)
}

func TestDPoPConformance(t *testing.T) {
	conformance.RunDPoP(t, buildServer)
}

func TestCertificateBindingConformance(t *testing.T) {
	conformance.RunCertificateBinding(t, buildServer)
}

func TestErrorHandlerSeesTheReason(t *testing.T) {
	conformance.RunErrorHandler(t, buildServer)
}

func TestGuard(t *testing.T) {
	conformance.RunGuard(t, func(v validator.TokenValidator, realm string) http.Handler {
		g := echomw.New(v, echomw.WithRealm(realm))
		ok := func(c echo.Context) error { return c.NoContent(http.StatusOK) }
		e := echo.New()
		e.GET(conformance.PathOpen, ok, g.Middleware)
		e.GET(conformance.PathScoped, ok, g.Middleware, g.Require(conformance.WriteScope))
		return e
	})
}
