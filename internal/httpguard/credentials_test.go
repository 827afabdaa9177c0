package httpguard

import (
	"errors"
	"net/http"
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/validator"
)

// TestCredentials checks the token and scheme Credentials hands a transport that runs its own flow
// (connectmw): the scheme a DPoP route found the token with, and the refusals of malformed headers
// and, in Required mode, of a bearer token.
func TestCredentials(t *testing.T) {
	v, err := dpop.NewVerifier(dpop.WithTrustedHosts("api.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	plain := New(acceptAll{}, []Option[Exchange]{})
	required := New(acceptAll{}, []Option[Exchange]{WithDPoP[Exchange](v, dpop.Required)})
	tests := []struct {
		name          string
		g             *Guard[Exchange]
		authorization []string
		token, scheme string
		reason        error // nil: no refusal
	}{
		{"bearer", plain, []string{"Bearer abc"}, "abc", "bearer", nil},
		{"none", plain, nil, "", "bearer", nil},
		{"two values", plain, []string{"Bearer a", "Bearer b"}, "", "", validator.ErrInvalidRequest},
		{"DPoP scheme", required, []string{"DPoP abc"}, "abc", "dpop", nil},
		{"bearer on a DPoP-only route", required, []string{"Bearer abc"}, "", "", dpop.ErrBearerNotAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, scheme, err := tt.g.Credentials(&http.Request{Header: http.Header{"Authorization": tt.authorization}})
			if tt.reason != nil {
				if !errors.Is(err, tt.reason) {
					t.Fatalf("error = %v, want %v", err, tt.reason)
				}
				return
			}
			if err != nil || token != tt.token || scheme != tt.scheme {
				t.Fatalf("Credentials = %q, %q, %v; want %q, %q", token, scheme, err, tt.token, tt.scheme)
			}
		})
	}
}
