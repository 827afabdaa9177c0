package jwks

import (
	"context"
	"errors"
	"time"
)

// round is one fetch that unknown-kid lookups wait for; done is closed when it has finished, whether or
// not it succeeded.
type round struct {
	done chan struct{}
}

// first makes the constructor's fetch within ctx and returns what the background loop starts from:
// the delay to its first run and the failure count. The error is returned for Discover to inspect.
func (s *Set) first(ctx context.Context) (delay time.Duration, failures int, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	failures, delay, err = s.attempt(ctx, 0)
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
		r := s.beginRound()
		var err error
		failures, delay, err = s.attempt(s.ctx, failures)
		s.endRound(r)
		if s.ctx.Err() != nil {
			return // closed mid-fetch: the cancellation is not worth a log line
		}
		if err != nil {
			s.logFailure(err, delay)
		}
		t.Reset(delay)
	}
}

// beginRound claims the unknown-kid round waiting for this fetch, if any. A kick sent for it is drained
// so the same request does not cause a second fetch.
func (s *Set) beginRound() *round {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.kick:
	default:
	}
	return s.pending
}

// endRound releases the waiters of r. A round asked for during this fetch stays pending: it wants a
// fetch that started after its kid was seen, and its kick is still queued.
func (s *Set) endRound(r *round) {
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

// awaitRefresh is called by a lookup of a kid the Set does not hold. It joins the pending round or, if
// none is pending and the gap since the last one has passed, starts one; then waits for that round at
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
		r = &round{done: make(chan struct{})}
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
