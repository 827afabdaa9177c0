package jwks

import (
	"context"
	"fmt"
	"time"
)

// Static builds a Set from fixed keys: a JWK Set ({"keys": [...]}) or a single JWK, as JSON. It makes no
// network request and starts no goroutine; a kid it does not hold is simply not found. Keys are filtered
// as for New (unusable ones skipped and logged); Static fails, wrapping ErrInvalidConfig, if data is
// not JSON of either shape, holds no usable key, or an option is invalid. Of the options only
// WithLogger has an effect; the others concern fetching and are validated but unused.
func Static(data []byte, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	p, err := parseDocument(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	s := newSet(context.Background(), cfg)
	s.static = true
	s.logParse(s.ctx, "", p)
	if logLoad := s.install(p.keys); logLoad != nil {
		logLoad()
	}
	now := time.Now()
	s.lastAttempt, s.lastRefresh = now, now
	close(s.done)
	return s, nil
}
