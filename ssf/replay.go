package ssf

import (
	"container/list"
	"sync"
	"time"
)

// jtiCache remembers the jti of SETs applied recently, so that a second delivery — a push retried
// after a lost 202, a poll answer repeated — is not applied twice. It is bounded both in entries
// (the oldest is forgotten first) and in time. A SET forgotten early and delivered again is applied
// again with the same cut, which changes nothing: the cache spares work, safety does not rest on it.
type jtiCache struct {
	max int
	ttl time.Duration

	mu    sync.Mutex
	order *list.List // of *jtiEntry, oldest first
	byJTI map[string]*list.Element
}

type jtiEntry struct {
	jti  string
	seen time.Time
}

func newJTICache(max int, ttl time.Duration) *jtiCache {
	return &jtiCache{max: max, ttl: ttl, order: list.New(), byJTI: make(map[string]*list.Element)}
}

// reserve records jti as received at now and reports whether it was new. A jti reserved by a SET
// still being applied counts as received, so two concurrent deliveries apply it once.
func (c *jtiCache) reserve(jti string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.order.Front(); e != nil && now.Sub(e.Value.(*jtiEntry).seen) > c.ttl; e = c.order.Front() {
		c.remove(e)
	}
	if _, ok := c.byJTI[jti]; ok {
		return false
	}
	if c.order.Len() >= c.max {
		c.remove(c.order.Front())
	}
	c.byJTI[jti] = c.order.PushBack(&jtiEntry{jti: jti, seen: now})
	return true
}

// release forgets jti: its SET could not be applied, and a redelivery must be.
func (c *jtiCache) release(jti string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byJTI[jti]; ok {
		c.remove(e)
	}
}

func (c *jtiCache) remove(e *list.Element) {
	delete(c.byJTI, e.Value.(*jtiEntry).jti)
	c.order.Remove(e)
}
