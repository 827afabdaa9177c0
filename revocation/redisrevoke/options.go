package redisrevoke

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jwtguard/jwtguard/revocation"
)

// Defaults of a List.
const (
	// DefaultPrefix starts the names of the Redis key and channel a List uses.
	DefaultPrefix = "jwtguard:revocation:"
	// DefaultHeartbeat is how long a quiet subscription waits before it pings Redis.
	DefaultHeartbeat = time.Second
)

// Option configures a List.
type Option func(*config) error

type config struct {
	prefix    string
	memory    *revocation.Memory
	logger    *slog.Logger
	heartbeat time.Duration
}

// WithPrefix sets the prefix of the Redis key (prefix + "entries") and channel (prefix + "events"),
// so that services sharing one Redis keep separate lists. Replicas of one service use the same.
func WithPrefix(prefix string) Option {
	return func(c *config) error {
		if prefix == "" {
			return errors.New("WithPrefix: empty prefix")
		}
		c.prefix = prefix
		return nil
	}
}

// WithMemory sets the local copy, e.g. revocation.NewMemory(revocation.WithMaxTokenLifetime(...)):
// its options decide how long entries live and how many are held. It must be empty and used by this
// List alone. The default is revocation.NewMemory().
func WithMemory(m *revocation.Memory) Option {
	return func(c *config) error {
		if m == nil {
			return errors.New("WithMemory: nil Memory")
		}
		c.memory = m
		return nil
	}
}

// WithLogger sets where outages and unusable messages are logged (slog.Default() by default).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithHeartbeat sets how long a quiet subscription waits before it pings Redis, between 10ms and a
// minute: a lost connection is noticed within about that time.
func WithHeartbeat(d time.Duration) Option {
	return func(c *config) error {
		if d < 10*time.Millisecond || d > time.Minute {
			return fmt.Errorf("WithHeartbeat: %v is outside [10ms, 1m]", d)
		}
		c.heartbeat = d
		return nil
	}
}
