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

func TestValidateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t), validator.WithTokenType("at+jwt"))
	token := sign(t, jwt.SigningMethodEdDSA, "ed", k.ed, baseClaims(), nil)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := v.Validate(ctx, token); err != nil {
			t.Fatal(err)
		}
	})
	// The decode buffer, the Claims and the scope set; Ed25519 verification itself allocates nothing.
	if allocs > 3 {
		t.Errorf("EdDSA Validate allocates %v times, want at most 3", allocs)
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
