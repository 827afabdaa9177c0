package httpguard

import (
	"context"
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/validator"
)

// TestWithDPoPRefusesTypos checks that a configuration that cannot be given a safe meaning fails when
// the Guard is built, before any route is served: Build returns the error, New panics.
func TestWithDPoPRefusesTypos(t *testing.T) {
	v, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for name, opt := range map[string]Option[Exchange]{
		"nil verifier": WithDPoP[Exchange](nil, dpop.Required),
		"zero mode":    WithDPoP[Exchange](v, 0),
		"unknown mode": WithDPoP[Exchange](v, dpop.Mode(7)),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Build(acceptAll{}, []Option[Exchange]{opt}); err == nil {
				t.Error("Build accepted the option")
			}
			defer func() {
				if recover() == nil {
					t.Error("New did not panic")
				}
			}()
			New(acceptAll{}, []Option[Exchange]{opt})
		})
	}
	if _, err := Build(acceptAll{}, []Option[Exchange]{WithDPoP[Exchange](v, dpop.Allowed)}); err != nil {
		t.Errorf("a valid WithDPoP: %v", err)
	}
}

// acceptAll is a TokenValidator that accepts every token with empty claims.
type acceptAll struct{}

func (acceptAll) Validate(context.Context, string) (*validator.Claims, error) {
	return &validator.Claims{}, nil
}
