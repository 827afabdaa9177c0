package httpguard

import (
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
)

// TestWithDPoPRefusesTypos checks that a configuration that cannot be given a safe meaning fails when
// the option is made, before any route is served.
func TestWithDPoPRefusesTypos(t *testing.T) {
	v, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for name, make := range map[string]func(){
		"nil verifier": func() { WithDPoP[Exchange](nil, dpop.Required) },
		"zero mode":    func() { WithDPoP[Exchange](v, 0) },
		"unknown mode": func() { WithDPoP[Exchange](v, dpop.Mode(7)) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("WithDPoP did not panic")
				}
			}()
			make()
		})
	}
	WithDPoP[Exchange](v, dpop.Allowed) // and a valid one does not panic
}
