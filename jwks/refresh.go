package jwks

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"
)

// fetched is what one successful fetch brought: keys to install (nil when the body is unchanged) and
// the response headers that set the next delay.
type fetched struct {
	keys   []key
	header http.Header
	sum    [sha256.Size]byte
}

// attempt makes one fetch — discovery first if the JWK Set URL is not known yet — and records its
// outcome. failures counts the consecutive failures before it; attempt returns the updated count and
// the delay until the next scheduled fetch. Keys and status change together under s.mu, so Status
// never shows new keys with an old error, and Ready never returns before Status reflects the keys.
func (s *Set) attempt(ctx context.Context, failures int) (int, time.Duration, error) {
	start := time.Now()
	f, err := s.fetch(ctx)
	var delay time.Duration
	if err != nil {
		failures++
		delay = s.cfg.retryDelay(failures)
	} else {
		failures = 0
		delay = s.cfg.successDelay(f.header)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastAttempt = start
	s.lastErr = err
	s.nextRefresh = time.Now().Add(delay)
	switch {
	case err == nil:
		s.lastRefresh = start
		if f.keys != nil {
			s.install(f.keys)
			s.lastBody = f.sum
		}
	case s.snap.Load() == nil:
		s.unavailErr = fmt.Errorf("%w: %w", ErrKeysUnavailable, err)
	}
	return failures, delay, err
}

func (s *Set) fetch(ctx context.Context) (fetched, error) {
	u, err := s.resolveJWKSURL(ctx)
	if err != nil {
		return fetched{}, err
	}
	body, hdr, err := s.get(ctx, u)
	if err != nil {
		return fetched{}, err
	}
	f := fetched{header: hdr, sum: sha256.Sum256(body)}
	// An unchanged body is recognised by its digest and neither parsed nor logged again.
	s.mu.Lock()
	same := f.sum == s.lastBody && s.snap.Load() != nil
	s.mu.Unlock()
	if same {
		return f, nil
	}
	p, err := parseSet(body)
	s.logParse(ctx, u, p)
	if err != nil {
		return fetched{}, fmt.Errorf("%s: %w", u, err)
	}
	f.keys = p.keys
	return f, nil
}

func (s *Set) logParse(ctx context.Context, url string, p parsedSet) {
	for _, sk := range p.skipped {
		s.cfg.logger.WarnContext(ctx, "jwks: skipping key", "url", url, "index", sk.index, "kid", sk.kid, "reason", sk.reason)
	}
	if p.private > 0 {
		s.cfg.logger.WarnContext(ctx, "jwks: JWK Set publishes private key material; only public parts are used", "url", url, "keys", p.private)
	}
}

func (s *Set) logFailure(err error, retry time.Duration) {
	level := slog.LevelWarn
	msg := "jwks: refresh failed, keeping current keys"
	if s.snap.Load() == nil {
		level = slog.LevelError
		msg = "jwks: fetch failed, no keys yet"
	}
	s.mu.Lock()
	url := s.jwksURL
	s.mu.Unlock()
	s.cfg.logger.Log(s.ctx, level, msg, "url", url, "issuer", s.issuer, "error", err, "retry_in", retry)
}

// retryDelay is the wait after the n-th consecutive failure: the backoff doubled n-1 times, capped at
// the refresh interval, then jittered over its upper half so a fleet does not retry in lockstep.
func (c *config) retryDelay(n int) time.Duration {
	d := c.retryBackoff
	for i := 1; i < n && d < c.refreshInterval; i++ {
		d *= 2
	}
	d = min(d, c.refreshInterval)
	half := d / 2
	return half + rand.N(d-half+1)
}
