package dpop

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/jwa"
)

const (
	// DefaultMaxAge is how old a proof's iat may be (WithMaxAge): RFC 9449 §11.1 asks for a short
	// window, and a client makes a fresh proof for every request.
	DefaultMaxAge = 60 * time.Second
	// DefaultLeeway is the clock skew tolerated on a proof's iat, in both directions (WithLeeway).
	DefaultLeeway = 5 * time.Second
	// MaxProofSize bounds a proof before any decoding: an RS512 proof with a 4096-bit key is under 2 KiB.
	MaxProofSize = 8 << 10
)

// DefaultAlgorithms are the proof algorithms accepted unless WithAlgorithms says otherwise: every
// asymmetric algorithm in common DPoP use. "none" and the HS* algorithms are never accepted, since a
// proof must be signed by a key only the client holds.
var DefaultAlgorithms = []string{"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "EdDSA"}

// Option configures NewVerifier.
type Option func(*config) error

type config struct {
	algorithms []string
	maxAge     time.Duration
	leeway     time.Duration
	replay     ReplayCache
	nonces     NonceSource
	baseURL    *url.URL
	now        func() time.Time
}

// WithAlgorithms sets the proof algorithms accepted (default DefaultAlgorithms). Each must be an
// asymmetric JWS algorithm golang-jwt can verify; "none", HS* or an unknown name fails NewVerifier.
func WithAlgorithms(algs ...string) Option {
	return func(c *config) error {
		if len(algs) == 0 {
			return errors.New("WithAlgorithms: no algorithm")
		}
		for _, alg := range algs {
			if a, ok := jwa.Lookup(alg); !ok || a.Family == jwa.HMAC {
				return fmt.Errorf("WithAlgorithms: %q is not an asymmetric signature algorithm", alg)
			}
		}
		c.algorithms = append([]string(nil), algs...)
		return nil
	}
}

// WithMaxAge sets how long after its iat a proof is accepted (default DefaultMaxAge); the leeway
// comes on top. Proofs' jti values are remembered that long, so it also sizes the replay cache.
func WithMaxAge(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 || d > time.Hour {
			return fmt.Errorf("WithMaxAge: %v is not in (0, 1h]", d)
		}
		c.maxAge = d
		return nil
	}
}

// WithLeeway sets the clock skew tolerated on a proof's iat (default DefaultLeeway).
func WithLeeway(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 || d > 5*time.Minute {
			return fmt.Errorf("WithLeeway: %v is not in [0, 5m]", d)
		}
		c.leeway = d
		return nil
	}
}

// WithReplayCache sets where the jti of accepted proofs are remembered. The default is an in-memory
// MemoryReplayCache, right for a single instance; replicas behind a load balancer need one shared
// view, e.g. the Redis cache of module github.com/jwtguard/jwtguard/dpop/redisreplay.
func WithReplayCache(cache ReplayCache) Option {
	return func(c *config) error {
		if cache == nil {
			return errors.New("WithReplayCache: nil cache")
		}
		c.replay = cache
		return nil
	}
}

// WithNonce requires every proof to carry a nonce from source (RFC 9449 §9). A proof without one, or
// with one source no longer accepts, is refused with ErrNonceRequired, and the HTTP answer hands the
// client a fresh nonce in the DPoP-Nonce header.
func WithNonce(source NonceSource) Option {
	return func(c *config) error {
		if source == nil {
			return errors.New("WithNonce: nil NonceSource")
		}
		c.nonces = source
		return nil
	}
}

// WithBaseURL sets the scheme and host (and port) the API is reached at, e.g.
// "https://api.example.com", for comparing with a proof's htu when a proxy or load balancer stands
// in front of the server. Without it the scheme comes from the connection (TLS or not) and the host
// from the request's Host; X-Forwarded-* headers are never read, since any client can send them.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("WithBaseURL: %q is not an http(s) URL with a host", base)
		}
		if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("WithBaseURL: %q must be scheme and host only", base)
		}
		c.baseURL = &url.URL{Scheme: u.Scheme, Host: u.Host}
		return nil
	}
}

// WithClock sets the clock proofs' iat are judged by (default time.Now), for tests.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}
