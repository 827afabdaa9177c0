package introspect

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jwtguard/jwtguard/validator"
)

// Defaults applied by New and Discover.
const (
	// DefaultTimeout bounds one call to the introspection endpoint.
	DefaultTimeout = 5 * time.Second
	// DefaultCacheTTL is how long a positive answer is reused at most (never past the token's exp).
	DefaultCacheTTL = 60 * time.Second
	// DefaultNegativeCacheTTL is how long a refusal (inactive, expired, wrong audience...) is reused.
	DefaultNegativeCacheTTL = 5 * time.Second
	// DefaultCacheSize is how many answers the cache holds.
	DefaultCacheSize = 10_000
	// maxCacheSize bounds WithCacheSize: an entry is a few hundred bytes plus the answer's claims.
	maxCacheSize = 1 << 22
)

// Option configures an Introspector. New and Discover check the options and report the first invalid one.
type Option func(*config) error

// clientAuth is how the Introspector authenticates itself to the endpoint (RFC 7662 §2.1).
type clientAuth struct {
	post       bool // client_secret_post; otherwise client_secret_basic
	id, secret string
}

type config struct {
	auth         *clientAuth
	issuer       string
	audiences    []string
	anyAudience  bool
	leeway       time.Duration
	timeout      time.Duration
	cacheTTL     time.Duration
	negativeTTL  time.Duration
	cacheSize    int
	now          func() time.Time
	client       *http.Client
	insecureHTTP bool
	logger       *slog.Logger
	revocations  validator.RevocationList // WithRevocation's, or nil
}

func newConfig(opts []Option) (config, error) {
	c := config{
		leeway:      validator.DefaultLeeway,
		timeout:     DefaultTimeout,
		cacheTTL:    DefaultCacheTTL,
		negativeTTL: DefaultNegativeCacheTTL,
		cacheSize:   DefaultCacheSize,
		now:         time.Now,
		client:      http.DefaultClient,
		logger:      slog.Default(),
	}
	for _, opt := range opts {
		if opt == nil {
			return config{}, errors.New("introspect: nil option")
		}
		if err := opt(&c); err != nil {
			return config{}, fmt.Errorf("introspect: %w", err)
		}
	}
	switch {
	case c.auth == nil:
		return config{}, errors.New("introspect: no client authentication: use WithClientSecretBasic or WithClientSecretPost")
	case len(c.audiences) == 0 && !c.anyAudience:
		// As validator.New: without a decision, a token the server issued for another API would pass.
		return config{}, errors.New("introspect: no audience configured: use WithAudience, or WithAnyAudience to accept any")
	case len(c.audiences) > 0 && c.anyAudience:
		return config{}, errors.New("introspect: WithAudience and WithAnyAudience contradict each other")
	}
	return c, nil
}

func withClientSecret(name string, post bool, id, secret string) Option {
	return func(c *config) error {
		if id == "" || secret == "" {
			return fmt.Errorf("%s: empty client id or secret", name)
		}
		if c.auth != nil {
			return fmt.Errorf("%s: client authentication given twice", name)
		}
		c.auth = &clientAuth{post: post, id: id, secret: secret}
		return nil
	}
}

// WithClientSecretBasic authenticates to the endpoint with HTTP Basic (RFC 6749 §2.3.1, the
// client_secret_basic method every server must support). Give exactly one client authentication option.
func WithClientSecretBasic(clientID, clientSecret string) Option {
	return withClientSecret("WithClientSecretBasic", false, clientID, clientSecret)
}

// WithClientSecretPost authenticates to the endpoint with client_id and client_secret in the request
// body (client_secret_post), for servers that do not accept Basic.
func WithClientSecretPost(clientID, clientSecret string) Option {
	return withClientSecret("WithClientSecretPost", true, clientID, clientSecret)
}

// WithIssuer requires an answer that carries "iss" (not null) to name exactly issuer; an empty "iss"
// names no issuer and is refused. Discover sets it to the discovered issuer.
func WithIssuer(issuer string) Option {
	return func(c *config) error {
		if issuer == "" {
			return errors.New("WithIssuer: empty issuer")
		}
		c.issuer = issuer
		return nil
	}
}

// WithAudience requires the answer's "aud" to contain one of audiences, under the validator's rule
// (validator.AudienceAccepted); an answer without aud is refused. It may be given more than once; the
// lists add up. New and Discover require it or WithAnyAudience.
func WithAudience(audiences ...string) Option {
	return func(c *config) error {
		if len(audiences) == 0 {
			return errors.New("WithAudience: no audience given")
		}
		for _, aud := range audiences {
			if aud == "" {
				return errors.New("WithAudience: empty audience")
			}
		}
		c.audiences = append(c.audiences, audiences...)
		return nil
	}
}

// WithAnyAudience turns the audience check off, like validator.WithAnyAudience. New and Discover
// refuse a configuration with neither WithAudience nor this, because an authorization server answers
// "active" for a token it issued to any of its APIs: without the check, a token meant for another API
// would be accepted here. Use it only when the server reports no audiences and every token it issues
// is meant for this API.
func WithAnyAudience() Option {
	return func(c *config) error { c.anyAudience = true; return nil }
}

// WithLeeway sets the clock skew tolerated on the answer's exp and nbf (default
// validator.DefaultLeeway, at most validator.MaxLeeway).
func WithLeeway(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 || d > validator.MaxLeeway {
			return fmt.Errorf("WithLeeway: %v is outside [0, %v]", d, validator.MaxLeeway)
		}
		c.leeway = d
		return nil
	}
}

// WithTimeout bounds each call to the endpoint (default DefaultTimeout). A call that runs out is
// answered with ErrUnavailable.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("WithTimeout: %v is not positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithCacheTTL sets how long a positive answer is reused at most (default DefaultCacheTTL; never past
// the token's exp). Refusals are reused for DefaultNegativeCacheTTL, or ttl if shorter. Zero turns the
// cache off: every validation then calls the endpoint.
func WithCacheTTL(ttl time.Duration) Option {
	return func(c *config) error {
		if ttl < 0 {
			return fmt.Errorf("WithCacheTTL: %v is negative", ttl)
		}
		c.cacheTTL = ttl
		return nil
	}
}

// WithCacheSize sets how many answers the cache holds at most (default DefaultCacheSize). Zero turns
// the cache off.
func WithCacheSize(n int) Option {
	return func(c *config) error {
		if n < 0 || n > maxCacheSize {
			return fmt.Errorf("WithCacheSize: %d is outside [0, %d]", n, maxCacheSize)
		}
		c.cacheSize = n
		return nil
	}
}

// WithClock sets the source of the current time, for tests (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithHTTPClient sets the HTTP client for the endpoint and discovery (default http.DefaultClient), for
// proxies or custom TLS. Its redirect policy is wrapped so redirects never leave the host or drop to http.
func WithHTTPClient(client *http.Client) Option {
	return func(c *config) error {
		if client == nil {
			return errors.New("WithHTTPClient: nil client")
		}
		c.client = client
		return nil
	}
}

// WithInsecureHTTP allows plain http endpoints on hosts other than loopback. Client secrets and tokens
// would then cross the network in clear: only for closed test networks.
func WithInsecureHTTP() Option {
	return func(c *config) error { c.insecureHTTP = true; return nil }
}

// WithLogger sets where endpoint failures are logged (default slog.Default()). Tokens are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}
