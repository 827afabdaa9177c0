package benchmarks

import (
	"context"
	"testing"

	"github.com/jwtguard/jwtguard/validator"
)

func BenchmarkJWTGuard(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b)
		ctx := context.Background()
		measure(b, func() {
			if _, err := v.Validate(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkJWTGuardParallel(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b)
		measureParallel(b, validateOp(b, v, a.Token))
	})
}

func BenchmarkJWTGuardCached(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := cachedValidator(b, a.Token)
		ctx := context.Background()
		measure(b, func() {
			if _, err := v.Validate(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkJWTGuardCachedParallel(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := cachedValidator(b, a.Token)
		measureParallel(b, validateOp(b, v, a.Token))
	})
}

// cachedValidator returns a validator with WithCache (and opts) that has seen token once.
func cachedValidator(b *testing.B, token string, opts ...validator.Option) *validator.Validator {
	v := jwtguardValidator(b, append([]validator.Option{validator.WithCache(1024)}, opts...)...)
	if _, err := v.Validate(context.Background(), token); err != nil {
		b.Fatal(err)
	}
	return v
}

// validateOp returns, per goroutine, an operation validating token.
func validateOp(b *testing.B, v *validator.Validator, token string) func() func() {
	return func() func() {
		ctx := context.Background()
		return func() {
			if _, err := v.Validate(ctx, token); err != nil {
				b.Error(err)
			}
		}
	}
}
