package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// TestRejectionFollowsKind checks that verify's exit status and first line come from the failure's
// validator.Kind: the server's outage is exit 2 whatever wraps it, any refusal of the token exit 1.
func TestRejectionFollowsKind(t *testing.T) {
	tests := []struct {
		err       error
		lastFetch error
		exit      int
		line      string
	}{
		{validator.NewError(validator.ErrTokenExpired, "token expired 1m0s ago", nil), nil, exitRejected,
			"rejected: token_expired: token expired 1m0s ago"},
		{validator.NewError(validator.ErrTokenInactive, "token is not active", nil), nil, exitRejected,
			"rejected: token_inactive: token is not active"},
		{validator.NewScopeError(scopes.All("a"), nil), nil, exitRejected, "rejected: insufficient_scope: token lacks scope a"},
		{fmt.Errorf("tenant b: %w", validator.NewError(validator.ErrKeysUnavailable, "no keys", nil)), errors.New("dial\nrefused"),
			exitError, "error: keys_unavailable: no keys (last fetch: dial refused)"},
		{errors.New("backend detail"), nil, exitRejected, "rejected: invalid_token: "},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		exit := reportRejection(&stderr, tt.err, tt.lastFetch)
		if line, _, _ := strings.Cut(stderr.String(), "\n"); exit != tt.exit || line != tt.line {
			t.Errorf("%v: exit %d %q, want %d %q", tt.err, exit, line, tt.exit, tt.line)
		}
	}
}
