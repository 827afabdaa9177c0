package jwks

import (
	"context"
	"time"
)

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
