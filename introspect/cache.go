package introspect

import (
	"context"
	"crypto/sha256"
	"time"
	"unsafe"

	"github.com/maypok86/otter/v2"
)

// tokenHash is the cache key: a token is never kept in memory as a key, only its SHA-256, which no
// one can turn back into a usable token and which two tokens do not share.
type tokenHash [sha256.Size]byte

// cachedAnswer is an answer and the moment, in the Introspector's clock's Unix nanoseconds, it stops
// being reused.
type cachedAnswer struct {
	answer
	until int64
}

// answerCache reuses introspection answers. Like the validator's token cache it has no expiry
// calculator (which would start a clean-up goroutine): an entry's deadline is checked on lookup, and
// memory is bounded by the maximum size. otter's loading Get makes concurrent misses for one token
// share one call to the endpoint.
type answerCache struct {
	entries     *otter.Cache[tokenHash, *cachedAnswer]
	ttl         time.Duration
	negativeTTL time.Duration
}

func newAnswerCache(size int, ttl, negativeTTL time.Duration) *answerCache {
	return &answerCache{
		entries:     otter.Must(&otter.Options[tokenHash, *cachedAnswer]{MaximumSize: size}),
		ttl:         ttl,
		negativeTTL: negativeTTL,
	}
}

// hashToken returns the cache key of token.
func hashToken(token string) tokenHash {
	return sha256.Sum256(unsafe.Slice(unsafe.StringData(token), len(token)))
}

// lookup returns the answer cached under key if it is still good at now.
func (c *answerCache) lookup(key tokenHash, now time.Time) (answer, bool) {
	e, ok := c.entries.GetIfPresent(key)
	if !ok {
		return answer{}, false
	}
	if now.UnixNano() >= e.until {
		c.entries.Invalidate(key)
		return answer{}, false
	}
	return e.answer, true
}

// load gets the answer for key with fetch and caches it; concurrent loads of one key share one fetch.
// fetch's failures (the endpoint's, not the token's) are returned and never cached.
func (c *answerCache) load(ctx context.Context, key tokenHash, now time.Time, fetch func(context.Context) (answer, error)) (answer, error) {
	e, err := c.entries.Get(ctx, key, otter.LoaderFunc[tokenHash, *cachedAnswer](func(ctx context.Context, _ tokenHash) (*cachedAnswer, error) {
		a, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		return &cachedAnswer{answer: a, until: c.deadline(a, now)}, nil
	}))
	if err != nil {
		return answer{}, err
	}
	return e.answer, nil
}

// deadline is when an answer made at now stops being reused: a positive one at the token's exp or
// after the TTL, whichever is first; a refusal after the negative TTL.
func (c *answerCache) deadline(a answer, now time.Time) int64 {
	if a.err != nil {
		return now.Add(c.negativeTTL).UnixNano()
	}
	until := now.Add(c.ttl)
	if exp := a.claims.ExpiresAt; !exp.IsZero() && exp.Before(until) {
		until = exp
	}
	return until.UnixNano()
}
