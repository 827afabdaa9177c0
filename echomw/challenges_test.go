package echomw_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/stepup"
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
	with := echomw.WithResourceMetadata
	conformance.RunInvalidOptions(t,
		[]func(string){
			func(u string) { echomw.New(v, with(u)) },
			func(u string) { echomw.Middleware(v, with(u)) },
			func(u string) { echomw.RequireScopes(conformance.WriteScope, with(u)) },
			func(u string) { echomw.RequireAuthentication(conformance.StepUp, with(u)) },
		},
		[]func(stepup.Requirement){
			func(req stepup.Requirement) { echomw.New(v).RequireAuthentication(req) },
			func(req stepup.Requirement) { echomw.RequireAuthentication(req) },
		})
}
