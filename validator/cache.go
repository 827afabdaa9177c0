package validator

import (
	"strings"
	"time"
	"unsafe"

	"github.com/maypok86/otter/v2"
)

// maxCacheSize bounds WithCache: each entry holds a token (up to WithMaxTokenSize bytes) and its claims.
const maxCacheSize = 1 << 22

// tokenCache remembers tokens that passed full validation so a repeat costs a map lookup and a clock
// read instead of a signature check. It is exactly as strict as validation:
//   - entries are keyed on the whole token string, so two tokens never share an entry;
//   - exp, nbf and iat are re-checked against the validator's clock on every hit;
//   - an entry made under an older key-set epoch is dropped and the token validated afresh, so a
//     removed or rotated key stops verifying at once, and a key source that is closed or whose keys
//     went stale (it moves its epoch then, as *jwks.Set does) gets the uncached answer,
//     keys_unavailable — at no cost to a hit beyond the epoch read it already makes;
//   - only successes are stored; an entry found expired is removed, and otter evicts by count.
//
// Per-route scope requirements are not part of the entry: adapters check them on every request.
//
// The otter cache is deliberately built without an expiry calculator. Validity is decided by lookup
// against the validator's clock anyway, and memory is bounded by the maximum size alone; per-entry
// expiry would add a clock read and a read-buffer write to every hit (about a third of its cost, and
// contention between cores), and a background clean-up goroutine to every cached Validator.
type tokenCache struct {
	cacheState
	// Every hit reads this struct. At 32 bytes it shared a 64-byte cache line with whatever small
	// object the allocator put next to it, and when that neighbour was written on another core (a
	// request's own state, or testing.PB in RunParallel), hits from two cores ran at half speed. At
	// exactly 64 bytes it is allocated from the 64-byte size class, whose objects are line-aligned.
	_ [64 - unsafe.Sizeof(cacheState{})]byte
}

type cacheState struct {
	entries *otter.Cache[string, *cacheEntry]
	epoch   KeyEpocher // nil when only a symmetric key is used
	leeway  time.Duration

	revocations RevocationList // WithRevocation's, or nil
}

type cacheEntry struct {
	claims    *Claims
	epoch     uint64
	sessionID string // the token's "sid", read when it is stored if revocations is set
}

func newTokenCache(size int, epoch KeyEpocher, leeway time.Duration) *tokenCache {
	return &tokenCache{cacheState: cacheState{
		entries: otter.Must(&otter.Options[string, *cacheEntry]{MaximumSize: size}),
		epoch:   epoch,
		leeway:  leeway,
	}}
}

// currentEpoch returns the key source's epoch, or 0 when it has none.
func (c *tokenCache) currentEpoch() uint64 {
	if c.epoch == nil {
		return 0
	}
	return c.epoch.Epoch()
}

// lookup returns the cached claims for token. hit is false when validation must run in full; when
// hit is true, err is the verdict of the time checks.
func (c *tokenCache) lookup(token string, now time.Time) (claims *Claims, hit bool, err error) {
	entry, ok := c.entries.GetIfPresent(token)
	if !ok {
		return nil, false, nil
	}
	if entry.epoch != c.currentEpoch() {
		c.entries.Invalidate(token)
		return nil, false, nil
	}
	if err := checkTimes(now, c.leeway, entry.claims.ExpiresAt, entry.claims.NotBefore, entry.claims.IssuedAt); err != nil {
		c.entries.Invalidate(token)
		return nil, true, err
	}
	if c.revocations != nil {
		// Kept, not invalidated: a revoked token presented again is refused from the cache, without
		// paying for its signature again.
		cl := entry.claims
		if err := checkRevoked(c.revocations, cl.Issuer, cl.Subject, entry.sessionID, cl.ID, cl.IssuedAt); err != nil {
			return nil, true, err
		}
	}
	return entry.claims, true, nil
}

// store remembers a token that passed validation under key-set epoch.
func (c *tokenCache) store(token string, claims *Claims, epoch uint64) {
	// Clone so the entry does not pin whatever larger buffer token was sliced from.
	entry := &cacheEntry{claims: claims, epoch: epoch}
	if c.revocations != nil {
		entry.sessionID = sessionID(claims.payload)
	}
	c.entries.Set(strings.Clone(token), entry)
}
