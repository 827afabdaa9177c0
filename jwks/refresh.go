package jwks

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"math/rand/v2"
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
	delay, err = s.refresh(ctx)
	if err != nil {
		failures = 1
		delay = s.cfg.retryDelay(failures)
		s.logFailure(err, delay)
	}
	s.setNext(delay)
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
		d, err := s.refresh(s.ctx)
		s.endRound(r)
		if s.ctx.Err() != nil {
			return // closed mid-fetch: the cancellation is not worth a log line
		}
		if err != nil {
			failures++
			d = s.cfg.retryDelay(failures)
			s.logFailure(err, d)
		} else {
			failures = 0
		}
		s.setNext(d)
		t.Reset(d)
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

// refresh makes one attempt: discovery if the JWK Set URL is not known yet, then the JWK Set. On success
// it installs the keys and returns the delay until the next scheduled refresh.
func (s *Set) refresh(ctx context.Context) (time.Duration, error) {
	now := time.Now()
	delay, err := s.fetchAndLoad(ctx)
	s.mu.Lock()
	s.lastAttempt = now
	s.lastErr = err
	if err == nil {
		s.lastRefresh = now
	} else if s.snap.Load() == nil {
		s.unavailErr = fmt.Errorf("%w: %w", ErrKeysUnavailable, err)
	}
	s.mu.Unlock()
	return delay, err
}

func (s *Set) fetchAndLoad(ctx context.Context) (time.Duration, error) {
	u, err := s.resolveJWKSURL(ctx)
	if err != nil {
		return 0, err
	}
	body, hdr, err := s.get(ctx, u)
	if err != nil {
		return 0, err
	}
	if err := s.load(ctx, body); err != nil {
		return 0, fmt.Errorf("%s: %w", u, err)
	}
	return s.cfg.successDelay(hdr), nil
}

// load parses a JWK Set body and installs its keys. An unchanged body is recognised by its digest and
// neither parsed nor logged again.
func (s *Set) load(ctx context.Context, body []byte) error {
	sum := sha256.Sum256(body)
	s.mu.Lock()
	same := sum == s.lastBody && s.snap.Load() != nil
	s.mu.Unlock()
	if same {
		return nil
	}
	p, err := parseSet(body)
	s.logParse(ctx, p)
	if err != nil {
		return err
	}
	s.install(p.keys)
	s.mu.Lock()
	s.lastBody = sum
	s.mu.Unlock()
	return nil
}

func (s *Set) logParse(ctx context.Context, p parsedSet) {
	for _, sk := range p.skipped {
		s.cfg.logger.WarnContext(ctx, "jwks: skipping key", "url", s.currentURL(), "index", sk.index, "kid", sk.kid, "reason", sk.reason)
	}
	if p.private > 0 {
		s.cfg.logger.WarnContext(ctx, "jwks: JWK Set publishes private key material; only public parts are used", "url", s.currentURL(), "keys", p.private)
	}
}

func (s *Set) logFailure(err error, retry time.Duration) {
	level := slog.LevelWarn
	msg := "jwks: refresh failed, keeping current keys"
	if s.snap.Load() == nil {
		level = slog.LevelError
		msg = "jwks: fetch failed, no keys yet"
	}
	s.cfg.logger.Log(s.ctx, level, msg, "url", s.currentURL(), "issuer", s.issuer, "error", err, "retry_in", retry)
}

func (s *Set) setNext(d time.Duration) {
	s.mu.Lock()
	s.nextRefresh = time.Now().Add(d)
	s.mu.Unlock()
}

func (s *Set) currentURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jwksURL
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
