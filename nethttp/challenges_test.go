package nethttp_test

import (
	"net/http"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/stepup"
)

func challengeOptions(cfg conformance.ChallengeConfig) []nethttp.Option {
	opts := []nethttp.Option{nethttp.WithRealm(cfg.Realm)}
	if cfg.ResourceMetadata != "" {
		opts = append(opts, nethttp.WithResourceMetadata(cfg.ResourceMetadata))
	}
	if cfg.Optional {
		opts = append(opts, nethttp.WithCredentialsOptional())
	}
	return opts
}

func buildChallengeServer(cfg conformance.ChallengeConfig) http.Handler {
	opts := challengeOptions(cfg)
	g := nethttp.New(cfg.Validator, opts...)
	h := http.HandlerFunc(greet)
	mux := http.NewServeMux()
	mux.Handle("GET "+conformance.PathOpen, g.Middleware(h))
	mux.Handle("GET "+conformance.PathScoped, g.Middleware(g.Require(conformance.WriteScope)(h)))
	mux.Handle("GET "+conformance.PathStepUp, g.Middleware(g.RequireAuthentication(conformance.StepUp)(h)))
	mux.Handle("GET "+conformance.PathMFA, g.Middleware(g.RequireAuthentication(conformance.MFA)(h)))
	free := nethttp.Middleware(cfg.Validator, opts...)
	mux.Handle("GET "+conformance.PathRecent, free(nethttp.RequireAuthentication(conformance.Recent, opts...)(h)))
	return mux
}

func TestChallenges(t *testing.T) {
	conformance.RunChallenges(t, buildChallengeServer)
}

func TestInvalidChallengeOptions(t *testing.T) {
	v := stubValidator{}
	with := nethttp.WithResourceMetadata
	conformance.RunInvalidOptions(t,
		[]func(string){
			func(u string) { nethttp.New(v, with(u)) },
			func(u string) { nethttp.Middleware(v, with(u)) },
			func(u string) { nethttp.RequireScopes(conformance.WriteScope, with(u)) },
			func(u string) { nethttp.RequireAuthentication(conformance.StepUp, with(u)) },
		},
		[]func(stepup.Requirement){
			func(req stepup.Requirement) { nethttp.New(v).RequireAuthentication(req) },
			func(req stepup.Requirement) { nethttp.RequireAuthentication(req) },
		})
}
