package benchmarks

import (
	"context"
	"testing"

	"github.com/jwtguard/jwtguard/validator"
)

// Issue 18: an unset observer must cost nothing, which BenchmarkJWTGuard and BenchmarkJWTGuardCached
// measure before and after the hook (see README.md, "Observers"). These measure what a set observer
// adds — a clock read and the call — with one that does nothing.

func ignore(context.Context, validator.Observation) {}

func BenchmarkJWTGuardObserved(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b, validator.WithObserver(ignore))
		ctx := context.Background()
		measure(b, func() {
			if _, err := v.Validate(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkJWTGuardCachedObserved(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := cachedValidator(b, a.Token, validator.WithObserver(ignore))
		ctx := context.Background()
		measure(b, func() {
			if _, err := v.Validate(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
}
