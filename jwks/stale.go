package jwks

import (
	"fmt"
	"log/slog"
	"time"
)

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
