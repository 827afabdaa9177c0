package echomw_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/internal/conformance"
)

func challengeOptions(cfg conformance.ChallengeConfig) []echomw.Option {
	opts := []echomw.Option{echomw.WithRealm(cfg.Realm)}
	if cfg.ResourceMetadata != "" {
		opts = append(opts, echomw.WithResourceMetadata(cfg.ResourceMetadata))
	}
	if cfg.Optional {
		opts = append(opts, echomw.WithCredentialsOptional())
	}
	return opts
}

func buildChallengeServer(cfg conformance.ChallengeConfig) http.Handler {
	opts := challengeOptions(cfg)
	g := echomw.New(cfg.Validator, opts...)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET(conformance.PathOpen, greet, g.Middleware)
	e.GET(conformance.PathScoped, greet, g.Middleware, g.Require(conformance.WriteScope))
	e.GET(conformance.PathStepUp, greet, g.Middleware, g.RequireAuthentication(conformance.StepUp))
	e.GET(conformance.PathMFA, greet, g.Middleware, g.RequireAuthentication(conformance.MFA))
	e.GET(conformance.PathRecent, greet, echomw.Middleware(cfg.Validator, opts...),
		echomw.RequireAuthentication(conformance.Recent, opts...))
	return e
}

func TestChallenges(t *testing.T) {
	conformance.RunChallenges(t, buildChallengeServer)
}

func TestInvalidChallengeOptions(t *testing.T) {
	v := stubValidator{}
	for u, why := range conformance.InvalidMetadataURLs {
		t.Run(why, func(t *testing.T) {
			conformance.MustPanic(t, func() { echomw.New(v, echomw.WithResourceMetadata(u)) })
			conformance.MustPanic(t, func() { echomw.Middleware(v, echomw.WithResourceMetadata(u)) })
			conformance.MustPanic(t, func() { echomw.RequireScopes(conformance.WriteScope, echomw.WithResourceMetadata(u)) })
			conformance.MustPanic(t, func() { echomw.RequireAuthentication(conformance.StepUp, echomw.WithResourceMetadata(u)) })
		})
	}
	for why, req := range conformance.InvalidRequirements {
		t.Run(why, func(t *testing.T) {
			conformance.MustPanic(t, func() { echomw.New(v).RequireAuthentication(req) })
			conformance.MustPanic(t, func() { echomw.RequireAuthentication(req) })
		})
	}
}
