package nethttp_test

import (
	"net/http"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

func greet(w http.ResponseWriter, r *http.Request) {
	claims, _ := validator.FromContext(r.Context())
	_, _ = w.Write([]byte(conformance.Greeting(claims, claims) + conformance.DPoPGreeting(r.Context())))
}

func buildServer(cfg conformance.Config) http.Handler {
	opts := []nethttp.Option{
		nethttp.WithExtractor(cfg.Extractor),
		nethttp.WithRealm(cfg.Realm),
		nethttp.WithSkipper(cfg.Skip),
	}
	if cfg.Optional {
		opts = append(opts, nethttp.WithCredentialsOptional())
	}
	if cfg.DPoP != nil {
		opts = append(opts, nethttp.WithDPoP(cfg.DPoP, cfg.DPoPMode))
	}
	if cfg.CertificateBinding {
		opts = append(opts, nethttp.WithCertificateBinding())
	}
	if cfg.ErrorHandler != nil {
		opts = append(opts, nethttp.WithErrorHandler(cfg.ErrorHandler))
	}
	if cfg.Logger != nil {
		opts = append(opts, nethttp.WithLogger(cfg.Logger))
	}
	auth := nethttp.Middleware(cfg.Validator, opts...)
	mux := http.NewServeMux()
	mux.Handle(conformance.PathOpen, auth(http.HandlerFunc(greet)))
	mux.Handle("GET "+conformance.PathScoped, auth(nethttp.RequireScopes(cfg.Scope, opts...)(http.HandlerFunc(greet))))
	mux.Handle("GET "+conformance.PathSkipped, auth(http.HandlerFunc(greet)))
	return mux
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
		g := nethttp.New(v, nethttp.WithRealm(realm))
		ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
		mux := http.NewServeMux()
		mux.Handle(conformance.PathOpen, g.Middleware(ok))
		mux.Handle(conformance.PathScoped, g.Middleware(g.Require(conformance.WriteScope)(ok)))
		return mux
	})
}
