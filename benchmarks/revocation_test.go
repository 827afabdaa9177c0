package benchmarks

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/validator"
)

// revokedEntries is the list size issue 24's budget is stated for.
const revokedEntries = 20_000

// revocationList holds revokedEntries revocations of the fixture's issuer, a third of each kind,
// none of which matches the fixture's token.
func revocationList(b *testing.B) *revocation.Memory {
	b.Helper()
	list := revocation.NewMemory()
	ctx, now := context.Background(), time.Now()
	for i := range revokedEntries {
		e := revocation.Entry{Kind: revocation.Kind(i%3 + 1), Issuer: fixture.Issuer, ID: fmt.Sprintf("%08x-revoked", i), Time: now}
		if e.Kind == revocation.Token {
			e.Time = now.Add(time.Hour)
		}
		if _, err := list.Revoke(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	return list
}

// BenchmarkRevocation measures what validator.WithRevocation adds (issue 24: ≤ 50 ns and no
// allocation on a cache hit with 20,000 entries): each path without a list ("none") and with one
// holding revokedEntries ("20000"), in the same run, on the RS256 fixture token (sub and jti, no sid).
func BenchmarkRevocation(b *testing.B) {
	var a *fixture.Alg
	for _, x := range fixture.Get().Algs {
		if x.Name == "RS256" {
			a = x
		}
	}
	list := revocationList(b)
	for _, withList := range []bool{false, true} {
		name := "none"
		var opts []validator.Option
		if withList {
			name = fmt.Sprint(revokedEntries)
			opts = append(opts, validator.WithRevocation(list))
		}
		b.Run("cached/"+name, func(b *testing.B) {
			v := cachedValidator(b, a.Token, opts...)
			ctx := context.Background()
			measure(b, func() {
				if _, err := v.Validate(ctx, a.Token); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("cached-parallel/"+name, func(b *testing.B) {
			v := cachedValidator(b, a.Token, opts...)
			measureParallel(b, validateOp(b, v, a.Token))
		})
		b.Run("uncached/"+name, func(b *testing.B) {
			v := jwtguardValidator(b, opts...)
			ctx := context.Background()
			measure(b, func() {
				if _, err := v.Validate(ctx, a.Token); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
