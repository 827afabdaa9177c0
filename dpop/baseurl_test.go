package dpop_test

import (
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
)

// TestBaseURL: BaseURL reports WithBaseURL's scheme and host (nil without it) as a copy the caller
// may change.
func TestBaseURL(t *testing.T) {
	none, err := dpop.NewVerifier(dpop.WithTrustedHosts("api.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if u := none.BaseURL(); u != nil {
		t.Errorf("BaseURL without WithBaseURL = %v, want nil", u)
	}
	v, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com:8443"))
	if err != nil {
		t.Fatal(err)
	}
	u := v.BaseURL()
	if u == nil || u.String() != "https://api.example.com:8443" {
		t.Fatalf("BaseURL = %v", u)
	}
	u.Host = "evil.test"
	if got := v.BaseURL().Host; got != "api.example.com:8443" {
		t.Errorf("changing the returned URL changed the verifier's: %s", got)
	}
}
