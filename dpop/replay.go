package dpop

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ReplayCache remembers the proofs a Verifier accepted, so each is accepted once (RFC 9449 §11.1).
// Implementations must be safe for concurrent use.
type ReplayCache interface {
	// Remember records key for at least ttl and reports whether it is new. fresh is false when key
	// was recorded before and has not expired: the proof is a replay. An error means the cache could
	// not answer; the Verifier then refuses the proof as unavailable (503), never accepts it.
	//
	// key is a fixed-length hash of the proof key and jti (43 base64url characters), never the proof.
	Remember(ctx context.Context, key string, ttl time.Duration) (fresh bool, err error)
}

// DefaultReplayCacheSize bounds the default MemoryReplayCache: about 30 MiB at most, room for some
// 2 000 DPoP requests per second with the default 65 s proof lifetime.
const DefaultReplayCacheSize = 1 << 18

// ErrReplayCacheFull is the cause a MemoryReplayCache gives when it holds its maximum of unexpired
// entries. Forgetting one early would let a replay through, so the proof is refused instead (503).
var ErrReplayCacheFull = errors.New("dpop: replay cache full")

// MemoryReplayCache is an in-memory ReplayCache bounded in entries. Entries live in two generations
// that rotate every ttl, so each is kept between one and two ttl, and expiry costs nothing per entry.
type MemoryReplayCache struct {
	mu         sync.Mutex
	maxEntries int
	period     time.Duration // the longest ttl asked for: a generation's length
	started    time.Time     // when current began
	current    map[string]struct{}
	previous   map[string]struct{}
	now        func() time.Time
}

// NewMemoryReplayCache returns an empty MemoryReplayCache holding at most maxEntries keys
// (DefaultReplayCacheSize when maxEntries <= 0).
func NewMemoryReplayCache(maxEntries int) *MemoryReplayCache {
	if maxEntries <= 0 {
		maxEntries = DefaultReplayCacheSize
	}
	return &MemoryReplayCache{maxEntries: maxEntries, current: map[string]struct{}{}, now: time.Now}
}

// Remember implements ReplayCache.
func (c *MemoryReplayCache) Remember(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if ttl > c.period {
		c.period = ttl
	}
	if c.started.IsZero() {
		c.started = now
	}
	if age := now.Sub(c.started); age >= c.period {
		// Everything in previous is older than one period plus the age of current: past its ttl.
		if age >= 2*c.period {
			c.previous = nil
		} else {
			c.previous = c.current
		}
		c.current = make(map[string]struct{}, len(c.current))
		c.started = now
	}
	if _, seen := c.current[key]; seen {
		return false, nil
	}
	if _, seen := c.previous[key]; seen {
		return false, nil
	}
	if len(c.current)+len(c.previous) >= c.maxEntries {
		return false, ErrReplayCacheFull
	}
	c.current[key] = struct{}{}
	return true, nil
}

// Len returns how many keys the cache holds, expired ones of the previous generation included.
func (c *MemoryReplayCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.current) + len(c.previous)
}
