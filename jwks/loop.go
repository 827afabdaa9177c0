package jwks

import (
	"context"
	"errors"
	"time"
)

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
