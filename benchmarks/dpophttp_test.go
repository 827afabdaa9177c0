package benchmarks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// proofPool is how many distinct proofs BenchmarkDPoPRequest cycles through: each is fresh (unseen
// jti) once per cycle, since the replay cache is replaced when the cycle starts over.
const proofPool = 512

// swappableCache is the default in-memory replay cache, replaced by an empty one on reset, so a
// benchmark can present the same proofs again without them being replays.
type swappableCache struct {
	mu    sync.Mutex
	cache *dpop.MemoryReplayCache
}

func (s *swappableCache) Remember(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	c := s.cache
	s.mu.Unlock()
	return c.Remember(ctx, key, ttl)
}

func (s *swappableCache) reset() {
	s.mu.Lock()
	// One client key may hold only a sixteenth of a MemoryReplayCache: room for the whole pool.
	s.cache = dpop.NewMemoryReplayCache(16 * proofPool)
	s.mu.Unlock()
}

// BenchmarkDPoPRequest measures a whole net/http request through nethttp, in the same run:
//
//	bearer  New(v) and "Authorization: Bearer" with an unbound token: the request without DPoP;
//	dpop    New(v, WithDPoP(verifier, dpop.Allowed)) and "Authorization: DPoP" with a bound token and
//	        a fresh proof signed with <alg> (the default in-memory replay cache remembers its jti);
//	sig     one signature verification of such a proof, the floor DPoP cannot go below.
//
// v caches validated tokens (WithCache), so the access token's own RS256 signature, the same in both,
// does not drown the difference. What DPoP adds beyond its signature = dpop − bearer − sig; issue 16's
// target is ≤ 3 µs and ≤ 25 allocations.
func BenchmarkDPoPRequest(b *testing.B) {
	rs := fixture.Get().Algs[0]
	const target = "http://example.com/orders" // httptest.NewRequest's host; no TLS
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := jwtguardValidator(b, validator.WithCache(1024))
		jkt, err := dpop.Thumbprint(a.Pub)
		if err != nil {
			b.Fatal(err)
		}
		bound := boundToken(b, rs, jkt)
		for _, token := range []string{rs.Token, bound} { // both validated once, then cached
			if _, err := v.Validate(context.Background(), token); err != nil {
				b.Fatal(err)
			}
		}
		proofs := make([]string, proofPool)
		for i := range proofs {
			if proofs[i], err = dpop.NewProof(a.Priv, http.MethodGet, target, bound, dpop.WithProofAlgorithm(a.Name)); err != nil {
				b.Fatal(err)
			}
		}
		ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

		b.Run("bearer", func(b *testing.B) {
			h := nethttp.New(v).Middleware(ok)
			req := httptest.NewRequest(http.MethodGet, "/orders", nil)
			req.Header.Set("Authorization", "Bearer "+rs.Token)
			w := &discardWriter{header: http.Header{}}
			measure(b, func() { serveExpect(b, h, w, req) })
		})
		b.Run("dpop", func(b *testing.B) {
			cache := &swappableCache{}
			verifier, err := dpop.NewVerifier(dpop.WithReplayCache(cache), dpop.WithBaseURL("http://example.com"))
			if err != nil {
				b.Fatal(err)
			}
			h := nethttp.New(v, nethttp.WithDPoP(verifier, dpop.Allowed)).Middleware(ok)
			reqs := make([]*http.Request, proofPool)
			for i := range reqs {
				reqs[i] = httptest.NewRequest(http.MethodGet, "/orders", nil)
				reqs[i].Header.Set("Authorization", "DPoP "+bound)
				reqs[i].Header.Set("DPoP", proofs[i])
			}
			w := &discardWriter{header: http.Header{}}
			i := 0
			measure(b, func() {
				if i%proofPool == 0 {
					cache.reset() // amortized over proofPool requests
				}
				serveExpect(b, h, w, reqs[i%proofPool])
				i++
			})
		})
		b.Run("sig", func(b *testing.B) {
			jws, err := jose.Parse(proofs[0])
			if err != nil {
				b.Fatal(err)
			}
			input := proofs[0][:strings.LastIndexByte(proofs[0], '.')]
			measure(b, func() {
				if err := a.Method.Verify(input, jws.Signature, a.Pub); err != nil {
					b.Fatal(err)
				}
			})
		})
	})
}

// serveExpect serves req through h and requires the 204 of the handler behind it.
func serveExpect(b *testing.B, h http.Handler, w *discardWriter, req *http.Request) {
	w.code = 0
	h.ServeHTTP(w, req)
	if w.code != http.StatusNoContent {
		b.Fatalf("status %d, want 204", w.code)
	}
}

// boundToken is the fixture's access token signed by a (RS256) and bound to the DPoP key jkt.
func boundToken(b *testing.B, a *alg, jkt string) string {
	now := time.Now()
	t := jwt.NewWithClaims(a.Method, jwt.MapClaims{
		"iss": fixture.Issuer, "sub": "5f0b3c9e-8d1a-4b7e-9c2f-3a6d1e8b7c40", "aud": fixture.Audience,
		"exp": now.Add(time.Hour).Unix(), "iat": now.Add(-time.Minute).Unix(), "nbf": now.Add(-time.Minute).Unix(),
		"jti": "b8f1e0d2-6c4a-4f3e-a1d9-7e2c5b9a0f62", "client_id": "orders-frontend-7f3c", "scope": fixture.Scope,
		"cnf": map[string]string{"jkt": jkt},
	})
	t.Header["typ"] = "at+jwt"
	t.Header["kid"] = a.KID
	signed, err := t.SignedString(a.Priv)
	if err != nil {
		b.Fatal(err)
	}
	return signed
}
