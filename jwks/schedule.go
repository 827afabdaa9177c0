package jwks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAge returns the Cache-Control max-age of a response, if it has a valid one.
func maxAge(h http.Header) (time.Duration, bool) {
	for _, v := range h.Values("Cache-Control") {
		for dir := range strings.SplitSeq(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(dir), "=")
			if !strings.EqualFold(strings.TrimSpace(name), "max-age") {
				continue
			}
			n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(val), `"`), 10, 64)
			if err != nil || n < 0 {
				return 0, false
			}
			// Anything beyond a year is "long"; capping avoids Duration overflow.
			const year = 365 * 24 * 60 * 60
			return time.Duration(min(n, year)) * time.Second, true
		}
	}
	return 0, false
}

// successDelay is the wait after a good fetch: the refresh interval, shortened by a smaller max-age but
// never below the minimum interval.
func (c *config) successDelay(h http.Header) time.Duration {
	d := c.refreshInterval
	if ma, ok := maxAge(h); ok && ma < d {
		d = max(ma, c.minRefreshInterval)
	}
	return d
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

// startupFetch makes the constructor's fetch within ctx and returns what the background loop starts
// from: the delay to its first run and the failure count. The error is returned for Discover to inspect.
func (s *Set) startupFetch(ctx context.Context) (delay time.Duration, failures int, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	failures, delay, err = s.refresh(ctx, 0)
	// A mismatched issuer is returned to Discover's caller and never retried, so a "retrying" log line
	// would mislead.
	if err != nil && !errors.Is(err, ErrIssuerMismatch) {
		s.logFailure(err, delay)
	}
	return delay, failures, err
}

// run is the Set's only goroutine. It fetches when its timer fires or an unknown kid asks, so fetches
// never overlap and scheduled and on-demand refreshes share one backoff.
func (s *Set) run(delay time.Duration, failures int) {
	defer close(s.done)
	t := time.NewTimer(delay)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
		r := s.claimRefetch()
		var err error
		failures, delay, err = s.refresh(s.ctx, failures)
		s.finishRefetch(r)
		if s.ctx.Err() != nil {
			return // closed mid-fetch: the cancellation is not worth a log line
		}
		if err != nil {
			s.logFailure(err, delay)
		}
		t.Reset(delay)
	}
}

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

// refetch is one fetch that lookups of an unknown kid wait for; done is closed when it has finished,
// whether or not it succeeded.
type refetch struct {
	done chan struct{}
}

// awaitRefresh is called by a lookup of a kid the Set does not hold. It joins the pending refetch or,
// if none is pending and the gap since the last one has passed, asks for one; then waits for it at
// most unknownKIDWait and never past ctx. Inside the gap it returns at once.
func (s *Set) awaitRefresh(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	r := s.pending
	if r == nil {
		now := time.Now()
		if !s.lastUnknown.IsZero() && now.Sub(s.lastUnknown) < s.cfg.unknownKIDGap {
			s.mu.Unlock()
			return
		}
		s.lastUnknown = now
		r = &refetch{done: make(chan struct{})}
		s.pending = r
		select {
		case s.kick <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()

	t := time.NewTimer(s.cfg.unknownKIDWait)
	defer t.Stop()
	select {
	case <-r.done:
	case <-t.C:
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
}

// claimRefetch takes the pending refetch that the fetch about to start will serve, if any. A kick sent
// for it is drained so the same request does not cause a second fetch.
func (s *Set) claimRefetch() *refetch {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.kick:
	default:
	}
	return s.pending
}

// finishRefetch releases the waiters of r. A refetch asked for during this fetch stays pending: it
// wants a fetch that started after its kid was seen, and its kick is still queued.
func (s *Set) finishRefetch(r *refetch) {
	if r == nil {
		return
	}
	s.mu.Lock()
	if s.pending == r {
		s.pending = nil
	}
	s.mu.Unlock()
	close(r.done)
}

// confirm records a fetch that succeeded after starting at start: keys that changed are installed,
// held keys that had gone stale are used again, and the last-known-good lifetime starts over. It
// returns what to log once s.mu is released, or nil. Callers hold s.mu.
func (s *Set) confirm(start time.Time, f fetched) (log func()) {
	s.lastRefresh = start
	if !f.unchanged {
		log = s.install(f.keys)
		s.lastBody = f.sum
	}
	if s.snap.Load() == nil && s.held != nil {
		// The same keys again (or an equivalent document): stale keys are confirmed.
		s.publish(s.held)
		held := s.held
		log = func() {
			s.cfg.logger.InfoContext(s.ctx, "jwks: keys confirmed again; verifying with them", s.keyAttrs(held)...)
		}
	}
	s.armStaleTimer(start)
	return log
}

// armStaleTimer schedules the held keys to go stale WithLastKnownGoodLifetime after confirmed, unless
// a fetch confirms them before. A timer rather than a clock read on every lookup keeps lookups and
// token cache hits free of the check. Callers hold s.mu.
func (s *Set) armStaleTimer(confirmed time.Time) {
	if s.cfg.lastKnownGood == 0 || s.closed.Load() {
		return
	}
	d := time.Until(confirmed.Add(s.cfg.lastKnownGood))
	if s.staleTimer == nil {
		s.staleTimer = time.AfterFunc(d, s.expire)
		return
	}
	s.staleTimer.Reset(d)
}

// expire withdraws the held keys from lookups if no fetch has confirmed them for the last-known-good
// lifetime: lookups answer ErrKeysUnavailable, and the epoch moves so that cached tokens are refused
// the same way, until confirm restores them.
func (s *Set) expire() {
	s.mu.Lock()
	if s.closed.Load() || s.snap.Load() == nil {
		s.mu.Unlock()
		return
	}
	if age := time.Since(s.lastRefresh); age < s.cfg.lastKnownGood {
		// A fetch confirmed the keys while this timer fired.
		s.staleTimer.Reset(s.cfg.lastKnownGood - age)
		s.mu.Unlock()
		return
	}
	s.unavailErr = s.noKeysError(s.lastErr)
	s.publish(nil)
	held, lastRefresh, lastErr := s.held, s.lastRefresh, s.lastErr
	s.mu.Unlock()
	attrs := append(s.keyAttrs(held), "lifetime", s.cfg.lastKnownGood, "last_refresh", lastRefresh)
	if lastErr != nil {
		attrs = append(attrs, errorAttr(lastErr))
	}
	s.cfg.logger.Log(s.ctx, slog.LevelError, "jwks: keys expired: no fetch confirmed them within the last-known-good lifetime; lookups answer keys unavailable until one does", attrs...)
}

// noKeysError is what lookups answer while no keys are usable, after a fetch failed with err (nil when
// none has failed since the keys were last confirmed). Callers hold s.mu.
func (s *Set) noKeysError(err error) error {
	why := err
	if s.held != nil {
		why = fmt.Errorf("%w: not confirmed for over %v", errStale, s.cfg.lastKnownGood)
		if err != nil {
			why = fmt.Errorf("%w; last fetch: %w", why, err)
		}
	}
	if why == nil {
		return ErrKeysUnavailable
	}
	return fmt.Errorf("%w: %w", ErrKeysUnavailable, why)
}

// failingFetch returns the error of the last fetch, nil if it succeeded: whether a kid the Set does not
// hold may be on an endpoint it cannot reach.
func (s *Set) failingFetch() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}
