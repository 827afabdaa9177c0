package benchmarks

import (
	"context"
	"testing"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/validator"
)

// BenchmarkIntrospectCacheHit is an opaque token answered from the introspection cache: the
// SHA-256 of the token, one cache lookup and a clock read. Target: ≤ 300 ns and 0 allocations.
func BenchmarkIntrospectCacheHit(b *testing.B) {
	iss := issuertest.New(b)
	id, secret := iss.IntrospectionClient()
	in, err := introspect.New(iss.IntrospectionURL(), introspect.WithClientSecretBasic(id, secret), introspect.WithAudience(audience))
	if err != nil {
		b.Fatal(err)
	}
	token := iss.MustMintOpaque(b, issuertest.WithAudience(audience), issuertest.WithScope("orders:read"))
	ctx := context.Background()
	if _, err := in.Validate(ctx, token); err != nil {
		b.Fatal(err)
	}
	measure(b, func() {
		if _, err := in.Validate(ctx, token); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkRouting compares a Validator called directly with the same Validator reached through
// validator.ByIssuer (two issuers), in one run. Target: routed − direct ≤ 150 ns, 0 more allocations.
// cache=on (WithCache, a repeated token) keeps the rest of the work small, so the routing cost shows.
// Compare with: go tool benchstat -col /via FILE
func BenchmarkRouting(b *testing.B) {
	for _, a := range []*alg{algByName(b, "EdDSA"), algByName(b, "RS256")} {
		for _, cached := range []bool{false, true} {
			name := a.Name + "/cache=off"
			var opts []validator.Option
			if cached {
				name = a.Name + "/cache=on"
				opts = append(opts, validator.WithCache(1024))
			}
			v := jwtguardValidator(b, opts...)
			other, err := validator.New(nil, validator.WithIssuer("https://other.example.com"), validator.WithAnyAudience(),
				validator.WithSymmetricKey(make([]byte, 32)), validator.WithAlgorithms("HS256"))
			if err != nil {
				b.Fatal(err)
			}
			router, err := validator.ByIssuer([]*validator.Validator{other, v})
			if err != nil {
				b.Fatal(err)
			}
			for _, tv := range []struct {
				name string
				v    validator.TokenValidator
			}{{"via=direct", v}, {"via=ByIssuer", router}} {
				b.Run(name+"/"+tv.name, func(b *testing.B) {
					ctx := context.Background()
					measure(b, func() {
						if _, err := tv.v.Validate(ctx, a.Token); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		}
	}
}

func algByName(b *testing.B, name string) *alg {
	for _, a := range fixture.Get().Algs {
		if a.Name == name {
			return a
		}
	}
	b.Fatalf("no %s fixture", name)
	return nil
}
