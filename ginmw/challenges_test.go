package ginmw_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/stepup"
)

func challengeOptions(cfg conformance.ChallengeConfig) []ginmw.Option {
	opts := []ginmw.Option{ginmw.WithRealm(cfg.Realm)}
	if cfg.ResourceMetadata != "" {
		opts = append(opts, ginmw.WithResourceMetadata(cfg.ResourceMetadata))
	}
	if cfg.Optional {
		opts = append(opts, ginmw.WithCredentialsOptional())
	}
	return opts
}

func buildChallengeServer(cfg conformance.ChallengeConfig) http.Handler {
	opts := challengeOptions(cfg)
	g := ginmw.New(cfg.Validator, opts...)
	r := gin.New()
	r.GET(conformance.PathOpen, g.Middleware, greet)
	r.GET(conformance.PathScoped, g.Middleware, g.Require(conformance.WriteScope), greet)
	r.GET(conformance.PathStepUp, g.Middleware, g.RequireAuthentication(conformance.StepUp), greet)
	r.GET(conformance.PathMFA, g.Middleware, g.RequireAuthentication(conformance.MFA), greet)
	r.GET(conformance.PathRecent, ginmw.Middleware(cfg.Validator, opts...),
		ginmw.RequireAuthentication(conformance.Recent, opts...), greet)
	return r
}

func TestChallenges(t *testing.T) {
	conformance.RunChallenges(t, buildChallengeServer)
}

func TestInvalidChallengeOptions(t *testing.T) {
	v := stubValidator{}
	with := ginmw.WithResourceMetadata
	conformance.RunInvalidOptions(t,
		[]func(string){
			func(u string) { ginmw.New(v, with(u)) },
			func(u string) { ginmw.Middleware(v, with(u)) },
			func(u string) { ginmw.RequireScopes(conformance.WriteScope, with(u)) },
			func(u string) { ginmw.RequireAuthentication(conformance.StepUp, with(u)) },
		},
		[]func(stepup.Requirement){
			func(req stepup.Requirement) { ginmw.New(v).RequireAuthentication(req) },
			func(req stepup.Requirement) { ginmw.RequireAuthentication(req) },
		})
}
