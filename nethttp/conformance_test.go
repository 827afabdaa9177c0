package nethttp_test

import (
	"net/http"
	"testing"

	"github.com/jwtguard/jwtguard/internal/conformance"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

func greet(w http.ResponseWriter, r *http.Request) {
	claims, _ := validator.FromContext(r.Context())
	_, _ = w.Write([]byte(conformance.Greeting(claims, claims)))
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
	auth := nethttp.Middleware(cfg.Validator, opts...)
	mux := http.NewServeMux()
	mux.Handle("GET "+conformance.PathOpen, auth(http.HandlerFunc(greet)))
	mux.Handle("GET "+conformance.PathScoped, auth(nethttp.RequireScopes(cfg.Scope, opts...)(http.HandlerFunc(greet))))
	mux.Handle("GET "+conformance.PathSkipped, auth(http.HandlerFunc(greet)))
	return mux
}

func TestConformance(t *testing.T) {
	conformance.RunHTTP(t, buildServer)
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
