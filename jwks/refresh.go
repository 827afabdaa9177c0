package jwks

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// refresh makes one fetch — discovery first if the JWK Set URL is not known yet — and records its
// outcome. failures counts the consecutive failures before it; refresh returns the updated count and
// the delay until the next scheduled fetch. Keys and status change together under s.mu, so Status
// never shows new keys with an old error, and Ready never returns before Status reflects the keys.
func (s *Set) refresh(ctx context.Context, failures int) (int, time.Duration, error) {
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
