package jwks

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"time"
)

// Observation describes one fetch of a Set's keys (discovery included, when it ran), for metrics and
// tracing; the nested module github.com/jwtguard/jwtguard/otel turns it into OpenTelemetry metrics
// and spans. Fetches run off the request path, so observing them never slows a request.
type Observation struct {
	// URL is the JWK Set URL fetched; "" when discovery failed before naming one.
	URL string
	// Issuer is the issuer given to Discover; "" for a Set made by New.
	Issuer string
	// Err is why the fetch failed; nil when it brought a usable JWK Set.
	Err error
	// Reason names Err's kind in a few stable words, fit for a metric label: "http_status",
	// "too_large", "redirect_refused", "no_usable_keys", "malformed", "issuer_mismatch", "timeout",
	// "network" or "other"; "" when the fetch succeeded.
	Reason string
	// Start is when the fetch started; Duration is how long it took.
	Start    time.Time
	Duration time.Duration
	// Keys is how many keys lookups may use after the fetch: 0 while none has been fetched yet or
	// while the held keys are stale (WithLastKnownGoodLifetime).
	Keys int
	// EpochChanged reports that the keys lookups use changed while the fetch ran — first keys, a key
	// added, removed or replaced, stale keys confirmed again — so a token cache drops its entries.
	EpochChanged bool
	// Epoch is the Set's epoch after the fetch, as Epoch returns it.
	Epoch uint64
	// LastRefresh is when the last successful fetch started, this one included; zero if none has
	// succeeded. The age of the keys is the time since.
	LastRefresh time.Time
}

// WithObserver has observe called after each fetch of the Set's keys — the constructor's, the
// scheduled refreshes and those an unknown kid causes — with the fetch's context and outcome. It runs
// on the Set's own goroutine (the constructor's for the first fetch), before the next fetch can start.
// Given more than once, the observers are called in order.
func WithObserver(observe func(ctx context.Context, o Observation)) Option {
	return func(c *config) error {
		if observe == nil {
			return errors.New("nil observer")
		}
		c.observers = append(c.observers, observe)
		return nil
	}
}

// observeFetch reports a fetch that started at start, when the epoch was epochBefore, and ended
// with err. It takes s.mu; callers must not hold it.
func (s *Set) observeFetch(ctx context.Context, start time.Time, epochBefore uint64, err error) {
	if len(s.cfg.observers) == 0 || (err != nil && s.closed.Load()) {
		return // a fetch that Close cancelled is not a failure worth reporting
	}
	o := Observation{Issuer: s.issuer, Err: err, Reason: fetchReason(err), Start: start, Duration: time.Since(start)}
	s.mu.Lock()
	o.URL = s.jwksURL
	o.LastRefresh = s.lastRefresh
	if snap := s.snap.Load(); snap != nil {
		o.Keys = snap.count
	}
	o.Epoch = s.Epoch()
	s.mu.Unlock()
	o.EpochChanged = o.Epoch != epochBefore
	for _, observe := range s.cfg.observers {
		observe(ctx, o)
	}
}

// fetchReason classifies a fetch error for Observation.Reason. Discovery joins the errors of every
// location it tried; the first kind listed here that any of them has wins.
func fetchReason(err error) string {
	if err == nil {
		return ""
	}
	for _, r := range []struct {
		sentinel error
		reason   string
	}{
		{ErrIssuerMismatch, "issuer_mismatch"},
		{errStatus, "http_status"},
		{errTooLarge, "too_large"},
		{errRedirect, "redirect_refused"},
		{errNoUsableKeys, "no_usable_keys"},
		{context.DeadlineExceeded, "timeout"},
	} {
		if errors.Is(err, r.sentinel) {
			return r.reason
		}
	}
	var syntax *json.SyntaxError
	var wrongType *json.UnmarshalTypeError
	var netErr net.Error
	switch {
	case errors.As(err, &syntax), errors.As(err, &wrongType):
		return "malformed"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.As(err, &netErr):
		return "network"
	}
	return "other"
}
