package ginmw_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/internal/conformance"
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
	for u, why := range conformance.InvalidMetadataURLs {
		t.Run(why, func(t *testing.T) {
			conformance.MustPanic(t, func() { ginmw.New(v, ginmw.WithResourceMetadata(u)) })
			conformance.MustPanic(t, func() { ginmw.Middleware(v, ginmw.WithResourceMetadata(u)) })
			conformance.MustPanic(t, func() { ginmw.RequireScopes(conformance.WriteScope, ginmw.WithResourceMetadata(u)) })
			conformance.MustPanic(t, func() { ginmw.RequireAuthentication(conformance.StepUp, ginmw.WithResourceMetadata(u)) })
		})
	}
	for why, req := range conformance.InvalidRequirements {
		t.Run(why, func(t *testing.T) {
			conformance.MustPanic(t, func() { ginmw.New(v).RequireAuthentication(req) })
			conformance.MustPanic(t, func() { ginmw.RequireAuthentication(req) })
		})
	}
}
