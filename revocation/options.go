package revocation

import (
	"fmt"
	"time"
)

// Defaults and bounds of a Memory.
const (
	// DefaultMaxTokenLifetime is the longest token lifetime (exp − iat) a Memory assumes unless
	// WithMaxTokenLifetime says otherwise: a day, longer than any access token issuers hand out by
	// default, so a revocation is forgotten only once every token it matches has expired.
	DefaultMaxTokenLifetime = 24 * time.Hour
	// DefaultMaxEntries bounds the entries a Memory holds unless WithMaxEntries says otherwise.
	DefaultMaxEntries = 100_000
	// MaxIdentifierLength bounds, in bytes, an issuer, subject, session or token identifier.
	MaxIdentifierLength = 1024
	// ClockMargin is added to every entry's life and tolerated in a future cut: the largest clock
	// leeway a validator accepts (validator.MaxLeeway), so a token accepted thanks to the leeway is
	// still matched.
	ClockMargin = 5 * time.Minute
)

// Option configures a Memory.
type Option func(*config) error

type config struct {
	maxLifetime time.Duration
	maxEntries  int
	now         func() time.Time
}

// WithMaxTokenLifetime sets the longest lifetime (exp − iat) of the tokens the list must be able
// to revoke; entries are kept that long after their cut. It must be positive and at most a year.
func WithMaxTokenLifetime(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 || d > 366*24*time.Hour {
			return fmt.Errorf("WithMaxTokenLifetime: %v is outside (0, 8784h]", d)
		}
		c.maxLifetime = d
		return nil
	}
}

// WithMaxEntries bounds the number of revocations held at once, between 1 and 10,000,000.
func WithMaxEntries(n int) Option {
	return func(c *config) error {
		if n <= 0 || n > 10_000_000 {
			return fmt.Errorf("WithMaxEntries: %d is outside [1, 10000000]", n)
		}
		c.maxEntries = n
		return nil
	}
}

// WithClock sets the clock that decides when entries expire (time.Now by default); for tests.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return fmt.Errorf("WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}
