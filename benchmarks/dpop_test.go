package benchmarks

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/jose"
)

// passThrough is a ReplayCache that finds every proof fresh, so one proof can be verified b.N times:
// DPoP/*/verify then measures the verification alone; DPoPReplayCache measures the default cache.
type passThrough struct{}

func (passThrough) Remember(context.Context, string, time.Duration) (bool, error) { return true, nil }

// BenchmarkDPoP compares, per proof algorithm and in the same run, one golang-jwt signature
// verification of a DPoP proof (sig: the floor) with dpop.Verifier.Verify of that proof (verify).
// The target: verify ≤ sig + 3 µs and ≤ 25 allocations.
func BenchmarkDPoP(b *testing.B) {
	const target = "https://api.example.com/orders/42"
	u, _ := url.Parse(target)
	forEachAlg(b, func(b *testing.B, a *alg) {
		proof, err := dpop.NewProof(a.Priv, "GET", target, a.Token, dpop.WithProofAlgorithm(a.Name))
		if err != nil {
			b.Fatal(err)
		}
		jkt, err := dpop.Thumbprint(a.Pub)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("sig", func(b *testing.B) {
			jws, err := jose.Parse(proof)
			if err != nil {
				b.Fatal(err)
			}
			input := proof[:strings.LastIndexByte(proof, '.')]
			measure(b, func() {
				if err := a.Method.Verify(input, jws.Signature, a.Pub); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("verify", func(b *testing.B) {
			v, err := dpop.NewVerifier(dpop.WithReplayCache(passThrough{}), dpop.WithBaseURL("https://api.example.com"))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			proofs := []string{proof}
			measure(b, func() {
				if _, err := v.Verify(ctx, "GET", u, proofs, a.Token, jkt); err != nil {
					b.Fatal(err)
				}
			})
		})
	})
}

// BenchmarkDPoPReplayCache is the default in-memory replay cache remembering a new proof, the part of
// a request's DPoP cost that BenchmarkDPoP's verify leaves out.
func BenchmarkDPoPReplayCache(b *testing.B) {
	const keys = 1 << 16
	list := make([]string, keys)
	for i := range list {
		list[i] = "proof-key-" + strconv.Itoa(i) + "-padded-to-43-base64url-characters"[:20]
	}
	cache := dpop.NewMemoryReplayCache(0)
	ctx := context.Background()
	i := 0
	measure(b, func() {
		if i%keys == 0 {
			cache = dpop.NewMemoryReplayCache(0) // every key fresh again
		}
		if _, err := cache.Remember(ctx, list[i%keys], time.Minute); err != nil {
			b.Fatal(err)
		}
		i++
	})
}
