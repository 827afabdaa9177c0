package validator_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// TestScopeClaimGrammar is issue 14 item 3 at the validator: scope and scp are split at U+0020 only,
// and a scope-token outside RFC 6749 §3.3 grants nothing, exactly as scopes.FromClaim reads them.
func TestScopeClaimGrammar(t *testing.T) {
	k := generatedKeys(t)
	admin := newValidator(t, standardKeySource(t), validator.WithRequiredScopes(scopes.All("admin")))
	for _, sep := range []string{"\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u2003", "\u3000"} {
		for name, claims := range map[string]jwt.MapClaims{
			"scope string": with(baseClaims(), "scope", "read"+sep+"admin"),
			"scp string":   with(with(baseClaims(), "scope", nil), "scp", "read"+sep+"admin"),
			"scp array":    with(with(baseClaims(), "scope", nil), "scp", []string{"read" + sep + "admin"}),
		} {
			token := sign(t, jwt.SigningMethodEdDSA, "ed", k.ed, claims, nil)
			_, err := admin.Validate(context.Background(), token)
			if !errors.Is(err, validator.ErrInsufficientScope) {
				t.Errorf("%s with %q: got %v, want insufficient_scope", name, sep, err)
			}
		}
	}
	// The valid scope-tokens beside an invalid one are granted, exactly as scopes.FromClaim grants them.
	open := newValidator(t, standardKeySource(t))
	for _, claim := range []any{"read a\"b  write x\u00a0y", []any{"read", "a\\b", "write", ""}} {
		claims, err := open.Validate(context.Background(), sign(t, jwt.SigningMethodEdDSA, "ed", k.ed, with(with(baseClaims(), "scope", nil), "scp", claim), nil))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := claims.Scopes.List(), scopes.FromClaim(claim).List(); !slices.Equal(got, want) || !slices.Equal(got, []string{"read", "write"}) {
			t.Errorf("scp %q grants %q, scopes.FromClaim %q, want [read write]", claim, got, want)
		}
	}
}
