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
type Option func(*settings) error

// settings are a Verifier's configuration, as the options left it; the Verifier embeds them.
type settings struct {
	algorithms []string
	maxAge     time.Duration
	leeway     time.Duration
	replay     ReplayCache
	nonces     NonceSource
	// baseURL, or else the request's Host when among trustedHosts, names the server in htu.
	baseURL      *url.URL
	trustedHosts map[string]struct{} // normalised by hostKey
	forwarded    bool                // read X-Forwarded-Proto and X-Forwarded-Host (WithForwardedHeaders)
	now          func() time.Time
}

// WithAlgorithms sets the proof algorithms accepted (default DefaultAlgorithms). Each must be an
// asymmetric JWS algorithm golang-jwt can verify; "none", HS* or an unknown name fails NewVerifier.
func WithAlgorithms(algs ...string) Option {
	return func(c *settings) error {
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
	return func(c *settings) error {
		if d <= 0 || d > time.Hour {
			return fmt.Errorf("WithMaxAge: %v is not in (0, 1h]", d)
		}
		c.maxAge = d
		return nil
	}
}

// WithLeeway sets the clock skew tolerated on a proof's iat (default DefaultLeeway).
func WithLeeway(d time.Duration) Option {
	return func(c *settings) error {
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
	return func(c *settings) error {
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
	return func(c *settings) error {
		if source == nil {
			return errors.New("WithNonce: nil NonceSource")
		}
		c.nonces = source
		return nil
	}
}

// WithBaseURL sets the scheme and host (and port) the API is reached at, e.g.
// "https://api.example.com": a proof's htu must name it, whatever Host header the request carries.
// This is the right choice behind a proxy or load balancer. NewVerifier requires it or
// WithTrustedHosts, and refuses both: a client-sent Host never names the server on its own.
func WithBaseURL(base string) Option {
	return func(c *settings) error {
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

// WithTrustedHosts names the hosts (with their port unless it is the scheme's default), e.g.
// "api.example.com" or "localhost:8080", that this server answers for, when one Verifier serves
// several names. The host compared with a proof's htu is then the request's Host header, accepted
// only when it is one of hosts, and the scheme is the connection's (TLS or not); a request for any
// other host has its proof refused (ErrInvalidProof), so a proof made for another server is not
// accepted here by sending its Host. Hosts compare case-insensitively.
func WithTrustedHosts(hosts ...string) Option {
	return func(c *settings) error {
		if len(hosts) == 0 {
			return errors.New("WithTrustedHosts: no host")
		}
		if c.trustedHosts == nil {
			c.trustedHosts = make(map[string]struct{}, len(hosts))
		}
		for _, h := range hosts {
			u, err := url.Parse("http://" + h)
			if h == "" || err != nil || u.Host != h || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil ||
				strings.HasSuffix(h, ":") {
				return fmt.Errorf("WithTrustedHosts: %q is not a host or host:port", h)
			}
			c.trustedHosts[strings.ToLower(h)] = struct{}{}
		}
		return nil
	}
}

// WithForwardedHeaders reads the scheme from X-Forwarded-Proto and the host from X-Forwarded-Host,
// for a server behind a proxy that sets both (and drops what clients send). Any client can send these
// headers, so the host read still has to be one of WithTrustedHosts, which this option requires.
// A header field with more than one value refuses the proof.
func WithForwardedHeaders() Option {
	return func(c *settings) error {
		c.forwarded = true
		return nil
	}
}

// check refuses settings that leave the server's own URL to the client: htu must be compared with a
// URL the operator named (WithBaseURL) or a Host the operator listed (WithTrustedHosts).
func (c *settings) check() error {
	switch {
	case c.baseURL != nil && (c.trustedHosts != nil || c.forwarded):
		return errors.New("WithBaseURL names the server's URL; WithTrustedHosts and WithForwardedHeaders do not apply with it")
	case c.forwarded && c.trustedHosts == nil:
		return errors.New("WithForwardedHeaders needs WithTrustedHosts: a forwarded host is still sent by the client")
	case c.baseURL == nil && c.trustedHosts == nil:
		return errors.New("no WithBaseURL or WithTrustedHosts: a proof's htu would be compared with the Host header the client sent")
	}
	return nil
}

// WithClock sets the clock proofs' iat are judged by (default time.Now), for tests.
func WithClock(now func() time.Time) Option {
	return func(c *settings) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}
