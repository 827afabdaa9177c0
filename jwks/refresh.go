package jwks

import (
	"context"
	"time"
)

// refresh makes one fetch — discovery first if the JWK Set URL is not known yet — and records its
// outcome. failures counts the consecutive failures before it; refresh returns the updated count and
// the delay until the next scheduled fetch. Keys and status change together under s.mu, so Status
// never shows new keys with an old error, and Ready never returns before Status reflects the keys.
func (s *Set) refresh(ctx context.Context, failures int) (int, time.Duration, error) {
	start, epoch := time.Now(), s.Epoch()
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
	s.lastAttempt = start
	s.lastErr = err
	s.nextRefresh = time.Now().Add(delay)
	var logChange func()
	switch {
	case err == nil:
		logChange = s.confirm(start, f)
	case s.snap.Load() == nil:
		s.unavailErr = s.noKeysError(err)
	}
	s.mu.Unlock()
	if logChange != nil {
		logChange()
	}
	s.observeFetch(ctx, start, epoch, err)
	return failures, delay, err
}
