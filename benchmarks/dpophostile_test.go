package benchmarks

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/dpop"
)

// craftedRSAProof is what an attacker sends to make a DPoP verifier work: a proof whose jwk is an RSA
// "key" of bits bits with exponent e (any odd number will do: nobody needs its private half) and whose
// signature is bits/8 random bytes below the modulus, so the verifier runs the whole RSA operation
// before finding it wrong. It returns the proof and the key's thumbprint, the jkt a token bound to
// that key would carry.
func craftedRSAProof(b *testing.B, bits, e int, target, accessToken string) (proof, jkt string) {
	b.Helper()
	nb := make([]byte, bits/8)
	if _, err := rand.Read(nb); err != nil {
		b.Fatal(err)
	}
	nb[0] |= 0x80
	nb[len(nb)-1] |= 1
	key := &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: e}
	jkt, err := dpop.Thumbprint(key)
	if err != nil {
		b.Fatal(err)
	}
	sig := make([]byte, len(nb))
	if _, err := rand.Read(sig); err != nil {
		b.Fatal(err)
	}
	sig[0] = nb[0] >> 1 // below the modulus, so the exponentiation runs
	enc := base64.RawURLEncoding
	eb := big.NewInt(int64(e)).Bytes()
	header := `{"typ":"dpop+jwt","alg":"RS256","jwk":{"kty":"RSA","e":"` + enc.EncodeToString(eb) + `","n":"` + enc.EncodeToString(nb) + `"}}`
	sum := athOf(accessToken)
	claims := `{"htm":"GET","htu":"` + target + `","iat":` + fixtureNow() + `,"jti":"crafted-1","ath":"` + sum + `"}`
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims)) + "." + enc.EncodeToString(sig), jkt
}

// BenchmarkDPoPHostileProofKey is issue 22 item 1, in one run: what one refused crafted proof costs
// dpop.Verifier.Verify (proof/…) against one ordinary RS256 Bearer validation (rs256-bearer,
// validator.Validate of the fixture's token, no cache). The target: a refused crafted proof ≤ 1×
// rs256-bearer; acceptance fails above 3×.
//
//	proof/rsa16384-e2^31-1-wrong-jkt  a 16384-bit key, e = 2^31−1, the token bound to another key
//	proof/rsa16384-e2^31-1-right-jkt  the same key with the token bound to it (the attacker's own token)
//	proof/rsa16384-e65537-right-jkt   a 16384-bit key within JWKS bounds, token bound to it, bad signature
//	proof/rsa4096-e2^31-1-…           a key of a size proofs may have: only e or the jkt refuses it
func BenchmarkDPoPHostileProofKey(b *testing.B) {
	const target = "https://api.example.com/orders/42"
	u, _ := url.Parse(target)
	rs := fixture.Get().Algs[0]
	v := jwtguardValidator(b) // made here: its log line must not split a benchmark's result line
	b.Run("rs256-bearer", func(b *testing.B) {
		ctx := context.Background()
		measure(b, func() {
			if _, err := v.Validate(ctx, rs.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
	otherJKT, err := dpop.Thumbprint(rs.Pub)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		bits, e  int
		rightJKT bool
	}{
		{"rsa16384-e2^31-1-wrong-jkt", 16384, 1<<31 - 1, false},
		{"rsa16384-e2^31-1-right-jkt", 16384, 1<<31 - 1, true},
		{"rsa16384-e65537-right-jkt", 16384, 65537, true},
		{"rsa4096-e2^31-1-wrong-jkt", 4096, 1<<31 - 1, false},
		{"rsa4096-e2^31-1-right-jkt", 4096, 1<<31 - 1, true},
	} {
		b.Run("proof/"+c.name, func(b *testing.B) {
			proof, jkt := craftedRSAProof(b, c.bits, c.e, target, rs.Token)
			if !c.rightJKT {
				jkt = otherJKT
			}
			dv, err := dpop.NewVerifier(hostileVerifierOptions()...)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			proofs := []string{proof}
			measure(b, func() {
				if _, err := dv.Verify(ctx, "GET", u, proofs, rs.Token, jkt); !errors.Is(err, dpop.ErrInvalidProof) {
					b.Fatalf("crafted proof: %v, want ErrInvalidProof", err)
				}
			})
		})
	}
}

// athOf is the proof's ath for accessToken: base64url(SHA-256(token)).
func athOf(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// fixtureNow is the proof's iat: now, as the verifier's default clock reads it.
func fixtureNow() string { return strconv.FormatInt(time.Now().Unix(), 10) }

// hostileVerifierOptions configure the Verifier under attack as a deployment would.
func hostileVerifierOptions() []dpop.Option {
	return []dpop.Option{dpop.WithBaseURL("https://api.example.com")}
}
