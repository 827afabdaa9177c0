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
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Validate(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkJWTGuardParallel(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			ctx := context.Background()
			for pb.Next() {
				if _, err := v.Validate(ctx, a.Token); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func BenchmarkJWTGuardCached(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b, validator.WithCache(1024))
		ctx := context.Background()
		if _, err := v.Validate(ctx, a.Token); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Validate(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkJWTGuardCachedParallel(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b, validator.WithCache(1024))
		if _, err := v.Validate(context.Background(), a.Token); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			ctx := context.Background()
			for pb.Next() {
				if _, err := v.Validate(ctx, a.Token); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
