package benchmarks

// Temporary: the validator as it was before issue 12 (benchmarks/internal/oldvalidator, a verbatim
// copy), measured in the same run as today's, then deleted.

import (
	"context"
	"testing"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/benchmarks/internal/oldvalidator"
	"github.com/jwtguard/jwtguard/jwks"
)

func BenchmarkOldVsNew(b *testing.B) {
	keys, err := jwks.Static(fixture.Get().JWKSJSON)
	if err != nil {
		b.Fatal(err)
	}
	defer keys.Close()
	old, err := oldvalidator.New(keys, oldvalidator.WithIssuer(issuer), oldvalidator.WithAudience(audience), oldvalidator.WithTokenType("at+jwt"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, a := range fixture.Get().Algs {
		b.Run("path=old/"+a.Name, func(b *testing.B) {
			measure(b, func() {
				if _, err := old.Validate(ctx, a.Token); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("path=new/"+a.Name, func(b *testing.B) {
			v := jwtguardValidator(b)
			measure(b, func() {
				if _, err := v.Validate(ctx, a.Token); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
