// Package redisreplay is a dpop.ReplayCache kept in Redis, so replicas of an API behind a load
// balancer share one view of the DPoP proofs already used: a proof replayed against another replica
// is refused as well.
//
// It is a module of its own (github.com/jwtguard/jwtguard/dpop/redisreplay) so that the Redis client
// enters only the go.mod of those who use it.
//
// Options follow the kit's one rule for a bad option: New, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package redisreplay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jwtguard/jwtguard/dpop"
)

// DefaultPrefix is put before every key the cache writes.
const DefaultPrefix = "jwtguard:dpop:jti:"

// Cache is a dpop.ReplayCache on a Redis server or cluster. Each accepted proof is one key, written
// with SET key 1 NX PX ttl: atomic across replicas, expired by Redis itself.
type Cache struct {
	client redis.Cmdable
	prefix string
}

var _ dpop.ReplayCache = (*Cache)(nil)

// Option configures New.
type Option func(*Cache) error

// WithPrefix sets the prefix of the keys written (default DefaultPrefix), e.g. to keep two APIs'
// proofs apart on one Redis.
func WithPrefix(prefix string) Option {
	return func(c *Cache) error {
		if prefix == "" {
			return errors.New("redisreplay: WithPrefix: empty prefix")
		}
		c.prefix = prefix
		return nil
	}
}

// New returns a Cache that stores keys through client: a *redis.Client, *redis.ClusterClient or
// *redis.Ring. The client's timeouts bound how long a request waits on Redis; keep them short.
func New(client redis.Cmdable, opts ...Option) (*Cache, error) {
	if client == nil {
		return nil, errors.New("redisreplay: nil client")
	}
	c := &Cache{client: client, prefix: DefaultPrefix}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("redisreplay: nil option")
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Remember implements dpop.ReplayCache: it records key for ttl (at least one millisecond) unless it
// is there already. Any Redis failure is returned, and the Verifier then refuses the proof as
// unavailable (503): a proof is never accepted without the cache's word that it is fresh.
func (c *Cache) Remember(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl < time.Millisecond {
		ttl = time.Millisecond
	}
	fresh, err := c.client.SetNX(ctx, c.prefix+key, 1, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisreplay: %w", err)
	}
	return fresh, nil
}
