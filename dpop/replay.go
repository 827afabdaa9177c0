package dpop

import (
	"context"
	"errors"
	"fmt"
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
	// Its first ClientKeyLength characters name the client's key (they are its thumbprint's), so a
	// cache can share its room among clients, as MemoryReplayCache does.
	Remember(ctx context.Context, key string, ttl time.Duration) (fresh bool, err error)
}

// ClientKeyLength is how many leading characters of a replay key name the proof's key.
const ClientKeyLength = 11

// DefaultReplayCacheSize bounds the default MemoryReplayCache: about 32 MiB when full (measured),
// room for some 4 000 DPoP requests per second with the default 65 s proof lifetime.
const DefaultReplayCacheSize = 1 << 18

// clientShare is the part of a MemoryReplayCache one client key may hold: 1/16, so one client's
// flood leaves the other fifteen sixteenths to everyone else (16 384 proofs, 250 a second for the
// default cache and lifetime, per client key).
const clientShare = 16

// ErrReplayCacheFull is the cause a MemoryReplayCache gives when it holds its maximum of unexpired
// entries, or the proof's key holds its share of them. Forgetting one early would let a replay
// through, so the proof is refused instead (503): only the flooding key's, while the cache has room.
var ErrReplayCacheFull = errors.New("dpop: replay cache full")

// MemoryReplayCache is an in-memory ReplayCache bounded in entries, each forgotten once its ttl has
// passed. No client key holds more than a sixteenth of the entries: a client that floods the cache
// with fresh proofs has its own further proofs refused (ErrReplayCacheFull) while every other
// client's are still accepted, and every proof it already made is still refused as a replay.
type MemoryReplayCache struct {
	mu         sync.Mutex
	maxEntries int
	perClient  int
	expires    map[string]int64 // key → when it may be forgotten (Unix nanoseconds)
	clients    map[string]int   // client key (the replay key's prefix) → entries it holds
	order      []replayEntry    // keys in the order remembered: for one ttl, the order they expire
	head       int              // order[:head] are forgotten
	now        func() time.Time
}

type replayEntry struct {
	key     string
	expires int64
}

// NewMemoryReplayCache returns an empty MemoryReplayCache holding at most maxEntries keys
// (DefaultReplayCacheSize when maxEntries <= 0), at most maxEntries/16 (and at least one) of any one
// client key.
func NewMemoryReplayCache(maxEntries int) *MemoryReplayCache {
	if maxEntries <= 0 {
		maxEntries = DefaultReplayCacheSize
	}
	return &MemoryReplayCache{
		maxEntries: maxEntries,
		perClient:  max(1, maxEntries/clientShare),
		expires:    map[string]int64{},
		clients:    map[string]int{},
		now:        time.Now,
	}
}

// Remember implements ReplayCache.
func (c *MemoryReplayCache) Remember(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := c.now().UnixNano()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetExpired(now)
	if exp, seen := c.expires[key]; seen && exp > now {
		return false, nil
	}
	client := clientOf(key)
	switch {
	case c.clients[client] >= c.perClient:
		return false, fmt.Errorf("%w: this client key holds its share", ErrReplayCacheFull)
	case len(c.expires) >= c.maxEntries:
		return false, ErrReplayCacheFull
	}
	exp := now + int64(ttl)
	if _, seen := c.expires[key]; !seen { // an expired key still held is just given a new expiry
		c.clients[client]++
	}
	c.expires[key] = exp
	c.order = append(c.order, replayEntry{key, exp})
	return true, nil
}

// forgetExpired drops the entries at the front of order whose time has come. Entries expire in the
// order remembered when every ttl is the same, as a Verifier's is; an entry behind a longer-lived
// one is forgotten with it (and answered as expired meanwhile).
func (c *MemoryReplayCache) forgetExpired(now int64) {
	for c.head < len(c.order) && c.order[c.head].expires <= now {
		e := c.order[c.head]
		c.order[c.head] = replayEntry{}
		c.head++
		if c.expires[e.key] != e.expires {
			continue // remembered again since: a later entry forgets it
		}
		delete(c.expires, e.key)
		client := clientOf(e.key)
		if c.clients[client]--; c.clients[client] <= 0 {
			delete(c.clients, client)
		}
	}
	if c.head > 1024 && c.head*2 > len(c.order) {
		c.order = append(c.order[:0:0], c.order[c.head:]...)
		c.head = 0
	}
}

// clientOf is the part of a replay key that names the client's key (see ReplayCache).
func clientOf(key string) string {
	if len(key) < ClientKeyLength {
		return key
	}
	return key[:ClientKeyLength]
}

// Len returns how many keys the cache holds, expired ones not yet forgotten included.
func (c *MemoryReplayCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.expires)
}
