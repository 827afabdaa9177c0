package benchmarks

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// BenchmarkKeySetSize measures what the size of a JWK Set costs a request (issue 22 item 2), at 100
// and 1000 RSA keys in the same run: a valid RS256 token with kid (the yardstick), a forged RS256
// token without kid (tried against the set's keys), and a forged RS256 token under a held kid.
func BenchmarkKeySetSize(b *testing.B) {
	rs := fixture.Get().Algs[0]
	if rs.Name != "RS256" {
		b.Fatalf("first fixture algorithm is %s", rs.Name)
	}
	header, payload, _ := strings.Cut(rs.Token, ".")
	payload = payload[:strings.IndexByte(payload, '.')]
	forgedSig := b64url(make([]byte, 256))
	forgedNoKID := b64url([]byte(`{"alg":"RS256","typ":"at+jwt"}`)) + "." + payload + "." + forgedSig
	forgedKID := header + "." + payload + "." + forgedSig
	for _, n := range []int{100, 1000} {
		keys, err := jwks.Static(manyRSAKeys(b, rs.KID, rs.Pub.(*rsa.PublicKey), n), jwks.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			b.Fatal(err)
		}
		v, err := validator.New(keys, validator.WithIssuer(issuer), validator.WithAudience(audience), validator.WithTokenType("at+jwt"))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.Run(fmt.Sprintf("keys=%d/kid", n), func(b *testing.B) {
			measure(b, func() {
				if _, err := v.Validate(ctx, rs.Token); err != nil {
					b.Fatal(err)
				}
			})
		})
		for _, forged := range []struct{ name, token string }{{"forged-no-kid", forgedNoKID}, {"forged-kid", forgedKID}} {
			b.Run(fmt.Sprintf("keys=%d/%s", n, forged.name), func(b *testing.B) {
				measure(b, func() {
					_, err := v.Validate(ctx, forged.token)
					if !errors.Is(err, validator.ErrUnknownKey) && !errors.Is(err, validator.ErrInvalidSignature) {
						b.Fatal(err)
					}
				})
			})
		}
		_ = keys.Close()
	}
}

// manyRSAKeys returns a JWK Set of n RSA keys: pub under kid, and n-1 others. The others' moduli are
// random odd 2048-bit numbers rather than products of two primes: verifying under them costs what it
// costs under a real key, and generating a thousand real keys would take minutes.
func manyRSAKeys(tb testing.TB, kid string, pub *rsa.PublicKey, n int) []byte {
	tb.Helper()
	type jwk struct {
		KTY string `json:"kty"`
		KID string `json:"kid"`
		Use string `json:"use"`
		N   string `json:"n"`
		E   string `json:"e"`
	}
	e := b64url(big.NewInt(int64(pub.E)).Bytes())
	keys := []jwk{{"RSA", kid, "sig", b64url(pub.N.Bytes()), e}}
	for i := 1; i < n; i++ {
		m := make([]byte, 256)
		if _, err := rand.Read(m); err != nil {
			tb.Fatal(err)
		}
		m[0] |= 0x80
		m[255] |= 1
		keys = append(keys, jwk{"RSA", fmt.Sprintf("k%04d", i), "sig", b64url(m), e})
	}
	out, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
