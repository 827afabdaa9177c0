package validator_test

import (
	"context"
	"crypto"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/goleak"

	"github.com/jwtguard/jwtguard/validator"
)

// Allocation counts are deterministic, unlike timings, so the hot path's budget is guarded here; the
// timings live in the benchmarks module.

// Keys looked up through a *jwks.Set's keyfunc, signatures verified by golang-jwt: issue 12's budgets,
// 20 / 30 / 8. golang-jwt's ECDSA Verify alone allocates 23 times (ecdsa.Verify re-encodes r and s as
// ASN.1), which leaves ES256 seven for everything else.
func TestValidateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	k := generatedKeys(t)
	set := staticSet(t,
		published{key: &k.rsa.PublicKey, kid: "rsa"},
		published{key: &k.p256.PublicKey, kid: "p256"},
		published{key: k.ed.Public(), kid: "ed"})
	v := newValidator(t, set, validator.WithTokenType("at+jwt"))
	ctx := context.Background()
	for _, tt := range []struct {
		method jwt.SigningMethod
		kid    string
		key    any
		budget float64
	}{
		{jwt.SigningMethodRS256, "rsa", k.rsa, 20},
		{jwt.SigningMethodES256, "p256", k.p256, 30},
		{jwt.SigningMethodEdDSA, "ed", k.ed, 8},
	} {
		token := sign(t, tt.method, tt.kid, tt.key, baseClaims(), nil)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := v.Validate(ctx, token); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s Validate: %v allocations", tt.method.Alg(), allocs)
		if allocs > tt.budget {
			t.Errorf("%s Validate allocates %v times, want at most %v", tt.method.Alg(), allocs, tt.budget)
		}
	}
}

func TestCacheHitAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	ctx := context.Background()
	if _, err := v.Validate(ctx, token); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := v.Validate(ctx, token); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a cache hit allocates %v times, want 0", allocs)
	}
}

func TestCacheStartsNoGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	if _, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)); err != nil {
		t.Fatal(err)
	}
}
