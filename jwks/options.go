package jwks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults, chosen for a production API in front of a public identity provider.
const (
	defaultRefreshInterval    = time.Hour
	defaultMinRefreshInterval = time.Minute
	defaultUnknownKIDGap      = time.Minute
	defaultUnknownKIDWait     = 2 * time.Second
	defaultHTTPTimeout        = 10 * time.Second
	defaultRetryBackoff       = time.Second
)

// An Option configures New or Discover. Options are validated when the Set is built; a bad value makes
// the constructor return an error wrapping ErrInvalidConfig.
type Option func(*config) error

type config struct {
	refreshInterval    time.Duration
	minRefreshInterval time.Duration
	minSet             bool // minRefreshInterval came from an option, not the default
	unknownKIDGap      time.Duration
	unknownKIDWait     time.Duration
	httpTimeout        time.Duration
	retryBackoff       time.Duration
	client             *http.Client
	insecureHTTP       bool
	logger             *slog.Logger
	// lastKnownGood bounds how long keys not confirmed by a successful fetch keep verifying; 0 keeps
	// them for as long as fetches fail.
	lastKnownGood   time.Duration
	emptySetRevokes bool
	observers       []func(context.Context, Observation) // WithObserver's, in order
}

func newConfig(opts []Option) (config, error) {
	c := config{
		refreshInterval:    defaultRefreshInterval,
		minRefreshInterval: defaultMinRefreshInterval,
		unknownKIDGap:      defaultUnknownKIDGap,
		unknownKIDWait:     defaultUnknownKIDWait,
		httpTimeout:        defaultHTTPTimeout,
		retryBackoff:       defaultRetryBackoff,
	}
	var errs []error
	for _, o := range opts {
		if o == nil {
			errs = append(errs, errors.New("nil Option"))
			continue
		}
		if err := o(&c); err != nil {
			errs = append(errs, err)
		}
	}
	if c.minRefreshInterval > c.refreshInterval && !c.minSet {
		// The default floor yields to a short interval the caller chose; only two explicit values
		// that contradict each other are an error.
		c.minRefreshInterval = c.refreshInterval
	}
	if c.minRefreshInterval > c.refreshInterval {
		errs = append(errs, fmt.Errorf("minimum refresh interval %v exceeds refresh interval %v", c.minRefreshInterval, c.refreshInterval))
	}
	if c.lastKnownGood != 0 && c.lastKnownGood <= c.refreshInterval {
		// Keys are confirmed at most once per refresh interval, so a shorter lifetime would expire
		// them between healthy refreshes.
		errs = append(errs, fmt.Errorf("last-known-good lifetime %v must exceed the refresh interval %v", c.lastKnownGood, c.refreshInterval))
	}
	if len(errs) > 0 {
		return config{}, fmt.Errorf("%w: %w", ErrInvalidConfig, errors.Join(errs...))
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	if c.client == nil {
		c.client = &http.Client{}
	}
	return c, nil
}

func positive(name string, d time.Duration, dst *time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%s must be positive, got %v", name, d)
	}
	*dst = d
	return nil
}

// WithRefreshInterval sets how often the JWK Set is refetched while fetches succeed (default 1 h). It
// also caps the retry backoff and any Cache-Control max-age.
func WithRefreshInterval(d time.Duration) Option {
	return func(c *config) error { return positive("refresh interval", d, &c.refreshInterval) }
}

// WithMinRefreshInterval sets the floor under a Cache-Control max-age (default 1 min), so an identity
// provider answering "max-age=0" cannot make every instance poll it continuously. It must not exceed
// the refresh interval; the default is lowered to a shorter refresh interval.
func WithMinRefreshInterval(d time.Duration) Option {
	return func(c *config) error {
		c.minSet = true
		return positive("minimum refresh interval", d, &c.minRefreshInterval)
	}
}

// WithUnknownKIDGap sets the least time between two refetches triggered by lookups of a kid the Set
// does not hold (default 1 min). Inside the gap such lookups answer "not found" at once.
func WithUnknownKIDGap(d time.Duration) Option {
	return func(c *config) error { return positive("unknown-kid gap", d, &c.unknownKIDGap) }
}

// WithUnknownKIDWait bounds how long a lookup of an unknown kid waits for the refetch it triggered or
// joined (default 2 s). The caller's context may shorten the wait, never lengthen it.
func WithUnknownKIDWait(d time.Duration) Option {
	return func(c *config) error { return positive("unknown-kid wait", d, &c.unknownKIDWait) }
}

// WithHTTPTimeout bounds each HTTP request, connection to last body byte (default 10 s).
func WithHTTPTimeout(d time.Duration) Option {
	return func(c *config) error { return positive("HTTP timeout", d, &c.httpTimeout) }
}

// WithRetryBackoff sets the delay before the first retry after a failed fetch (default 1 s). The delay
// doubles with each consecutive failure up to the refresh interval, with jitter so that a fleet of
// instances does not retry in lockstep.
func WithRetryBackoff(d time.Duration) Option {
	return func(c *config) error { return positive("retry backoff", d, &c.retryBackoff) }
}

// WithHTTPClient sets the client used for discovery and JWK Set requests, for instance to add a proxy
// or custom root CAs. The Set works on a shallow copy whose redirect policy refuses cross-host and
// downgrading redirects before calling the client's own CheckRedirect; the client's Timeout, if any,
// applies on top of WithHTTPTimeout.
func WithHTTPClient(client *http.Client) Option {
	return func(c *config) error {
		if client == nil {
			return errors.New("nil HTTP client")
		}
		c.client = client
		return nil
	}
}

// WithInsecureHTTP allows plain http URLs to hosts other than loopback. Keys fetched over plain http can
// be replaced by anyone on the path, so use it only inside a trusted network.
func WithInsecureHTTP() Option {
	return func(c *config) error {
		c.insecureHTTP = true
		return nil
	}
}

// WithLogger sets where key changes (Info), failed refreshes and skipped keys (Warn), and keys
// becoming unavailable (Error) are logged (default slog.Default()). Key IDs are logged, never key
// material.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithLastKnownGoodLifetime bounds how long keys keep verifying when the JWK Set can no longer be
// fetched. By default a Set keeps its last good keys for as long as fetches fail (the endpoint is down,
// answers an error status or garbage, or a JWK Set without a usable key), so an identity provider's
// outage does not take the API down. With this option, keys that no successful fetch has confirmed for
// longer than d stop verifying: lookups answer an error wrapping ErrKeysUnavailable (a validator
// answers 503, for cached tokens too) until a fetch succeeds again. A fetch confirms the keys when it
// brings a usable JWK Set, the same document included; an answer without a usable key does not, unless
// WithEmptySetRevokes makes it the new key set. d must exceed the refresh interval; a few refresh
// intervals leave room for retries.
func WithLastKnownGoodLifetime(d time.Duration) Option {
	return func(c *config) error { return positive("last-known-good lifetime", d, &c.lastKnownGood) }
}

// WithEmptySetRevokes makes a well-formed JWK Set without a usable key (empty, or holding only keys
// this package skips) replace the held keys, for operators who revoke every key by emptying the set:
// tokens are then refused as signed by an unknown key. By default such an answer counts as a failed
// fetch, is logged, and the last good keys are kept, since a misconfigured endpoint serving
// {"keys":[]} must not take the API down. An answer that is not a JWK Set at all never replaces keys.
func WithEmptySetRevokes() Option {
	return func(c *config) error {
		c.emptySetRevokes = true
		return nil
	}
}
