package ssf

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
)

// Option configures a Receiver. NewReceiver checks every option and fails on the first invalid one;
// a receiver is never built half-configured.
type Option func(*config) error

// config is what the options set; NewReceiver checks it.
type config struct {
	issuer      string
	tokenIssuer string
	audience    string
	keys        *jwks.Set
	pushAuth    string
	logger      *slog.Logger
	now         func() time.Time
	leeway      time.Duration
	replayTTL   time.Duration
	replayMax   int
}

// Defaults applied by NewReceiver.
const (
	// DefaultLeeway is the clock skew tolerated on a SET's iat.
	DefaultLeeway = 30 * time.Second
	// DefaultReplayWindow is how long a SET's jti is remembered to spot a second delivery.
	DefaultReplayWindow = 24 * time.Hour
	// DefaultReplayEntries bounds the remembered jti values; the oldest are forgotten first.
	DefaultReplayEntries = 10000
)

// WithIssuer sets the transmitter's issuer identifier: a SET is accepted only when its "iss" equals
// it exactly. Required.
func WithIssuer(transmitter string) Option {
	return func(c *config) error {
		if transmitter == "" {
			return errors.New("WithIssuer: empty issuer")
		}
		c.issuer = transmitter
		return nil
	}
}

// WithKeys sets the transmitter's signing keys, e.g. from jwks.New on its "jwks_uri" or from
// Discover. SETs are verified with them exactly as access tokens are (same reader, same algorithm
// table, same key checks); transmitters name the key in "kid", and a SET without one is checked with
// the first key fitting its alg. Required. The Receiver does not close the Set.
func WithKeys(keys *jwks.Set) Option {
	return func(c *config) error {
		if keys == nil {
			return errors.New("WithKeys: nil key set")
		}
		c.keys = keys
		return nil
	}
}

// WithAudience sets the receiver's audience: a SET is accepted only when its "aud" (a string or an
// array) contains aud. Required.
func WithAudience(aud string) Option {
	return func(c *config) error {
		if aud == "" {
			return errors.New("WithAudience: empty audience")
		}
		c.audience = aud
		return nil
	}
}

// WithTokenIssuer sets the access-token issuer that subjects without an issuer of their own belong to
// (formats "opaque", and sessions): the issuer passed to RevokeSubject and RevokeSession for them.
// The default is the transmitter's issuer (WithIssuer), which is right when the identity provider
// transmits events under its own issuer identifier. An "iss_sub" subject always names its issuer.
func WithTokenIssuer(issuer string) Option {
	return func(c *config) error {
		if issuer == "" {
			return errors.New("WithTokenIssuer: empty issuer")
		}
		c.tokenIssuer = issuer
		return nil
	}
}

// WithPushAuthorization requires every push request to carry "Authorization: Bearer <token>", the
// credential the transmitter was given when the stream was configured. It is compared in constant
// time, before the body is read; a request without it is answered 401 authentication_failed.
func WithPushAuthorization(token string) Option {
	return func(c *config) error {
		if len(token) < 16 {
			return fmt.Errorf("WithPushAuthorization: a token of %d bytes is too short to authenticate anyone (at least 16)", len(token))
		}
		c.pushAuth = token
		return nil
	}
}

// WithLogger sets where the receiver logs refused SETs (one line each, as the HTTP adapters log
// refused requests: Debug, or Warn when the keys or the revocation list were unavailable), failed
// polls and subject formats it cannot map to tokens (Warn, the last once per event type and format),
// unknown event types (Info, once per type) and revocations applied (Info). Default slog.Default(). SETs are never logged,
// only their jti, event types and the reason they were refused.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithLeeway sets the clock skew tolerated on a SET's iat (default DefaultLeeway, at most 5 minutes).
func WithLeeway(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 || d > 5*time.Minute {
			return fmt.Errorf("WithLeeway: %v is outside [0, 5m]", d)
		}
		c.leeway = d
		return nil
	}
}

// WithReplayWindow sets how long, and for how many SETs at most, a jti is remembered so that a second
// delivery is not applied twice (defaults DefaultReplayWindow, DefaultReplayEntries). Memory is about
// entries × 100 bytes. Safety does not rest on it: applying a SET again sets the very same cut.
func WithReplayWindow(d time.Duration, entries int) Option {
	return func(c *config) error {
		if d <= 0 || entries <= 0 {
			return fmt.Errorf("WithReplayWindow: %v and %d must be positive", d, entries)
		}
		c.replayTTL, c.replayMax = d, entries
		return nil
	}
}

// WithClock sets the source of the current time, for tests. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}
