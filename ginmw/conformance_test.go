package ginmw_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/validator"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

func greet(c *gin.Context) {
	claims, _ := ginmw.Claims(c)
	fromContext, _ := validator.FromContext(c.Request.Context())
	c.String(http.StatusOK, conformance.Greeting(claims, fromContext)+conformance.DPoPGreeting(c.Request.Context()))
}

func buildServer(cfg conformance.Config) http.Handler {
	opts := []ginmw.Option{
		ginmw.WithExtractor(cfg.Extractor),
		ginmw.WithRealm(cfg.Realm),
		ginmw.WithSkipper(func(c *gin.Context) bool { return cfg.Skip(c.Request) }),
	}
	if cfg.Optional {
		opts = append(opts, ginmw.WithCredentialsOptional())
	}
	if cfg.DPoP != nil {
		opts = append(opts, ginmw.WithDPoP(cfg.DPoP, cfg.DPoPMode))
	}
	if cfg.CertificateBinding {
		opts = append(opts, ginmw.WithCertificateBinding())
	}
	if h := cfg.ErrorHandler; h != nil {
		opts = append(opts, ginmw.WithErrorHandler(func(c *gin.Context, err error) { h(c.Writer, c.Request, err) }))
	}
	if cfg.Logger != nil {
		opts = append(opts, ginmw.WithLogger(cfg.Logger))
	}
	auth := ginmw.Middleware(cfg.Validator, opts...)
	r := gin.New()
	r.GET(conformance.PathOpen, auth, greet)
	r.POST(conformance.PathOpen, auth, greet)
	r.GET(conformance.PathScoped, auth, ginmw.RequireScopes(cfg.Scope, opts...), greet)
	r.GET(conformance.PathSkipped, auth, greet)
	return r
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
		g := ginmw.New(v, ginmw.WithRealm(realm))
		ok := func(c *gin.Context) { c.Status(http.StatusOK) }
		r := gin.New()
		r.GET(conformance.PathOpen, g.Middleware, ok)
		r.GET(conformance.PathScoped, g.Middleware, g.Require(conformance.WriteScope), ok)
		return r
	})
}
