package jwks

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Status describes what a Set holds and how its refreshing goes, for health checks and debugging.
type Status struct {
	// URL is the JWK Set URL; "" for a Static set, or while Discover has not resolved it yet.
	URL string
	// Issuer is the issuer given to Discover; "" otherwise.
	Issuer string
	// Keys is how many usable keys are held (while Stale, held but not used).
	Keys int
	// KIDs lists the held key IDs, sorted; keys without a kid are counted in Keys only.
	KIDs []string
	// Epoch is the value Epoch returns.
	Epoch uint64
	// LastAttempt is when the last fetch started.
	LastAttempt time.Time
	// LastRefresh is when the last successful fetch started; zero if none has succeeded.
	LastRefresh time.Time
	// LastError is the error of the last fetch, nil if it succeeded.
	LastError error
	// NextRefresh is when the next scheduled fetch is due; zero for a Static or closed set. An
	// unknown kid may cause one earlier.
	NextRefresh time.Time
	// Closed reports whether Close has been called.
	Closed bool
	// Stale reports keys that no fetch has confirmed within WithLastKnownGoodLifetime: they are held,
	// but lookups answer ErrKeysUnavailable until a fetch succeeds.
	Stale bool
}

// Status returns a snapshot of the Set's state. It takes a lock, so keep it off the request path.
func (s *Set) Status() Status {
	if s == nil {
		return Status{Closed: true}
	}
	st := Status{Closed: s.closed.Load()}
	// Keys are installed under s.mu, so reading them under it too keeps them consistent with the rest.
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil {
		st.Keys = s.held.count
		st.KIDs = slices.Clone(s.held.kids)
		st.Stale = s.snap.Load() == nil
	}
	st.Epoch = s.Epoch()
	st.URL = s.jwksURL
	st.Issuer = s.issuer
	st.LastAttempt = s.lastAttempt
	st.LastRefresh = s.lastRefresh
	st.LastError = s.lastErr
	if !s.static && !st.Closed {
		st.NextRefresh = s.nextRefresh
	}
	return st
}

// ReadyHandler returns an http.Handler for a readiness probe (Kubernetes readinessProbe, a load
// balancer's health check): it answers 200 "ready" while every one of sets holds keys that lookups may
// use, and 503 "keys unavailable" otherwise — before the first fetch has succeeded, while keys are
// stale (WithLastKnownGoodLifetime), after Close, and when sets is empty. A 503 takes the instance out
// of rotation instead of letting it answer 503 to every request; the body says nothing more, since
// probes are often reachable from outside (Status has the details, for logs). It reads Status, which
// takes a lock: serve it on its own route, never behind the bearer middleware.
func ReadyHandler(sets ...*Set) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !allReady(sets) {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("keys unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
}

// allReady reports whether every set (and at least one) holds keys lookups may use.
func allReady(sets []*Set) bool {
	for _, s := range sets {
		if st := s.Status(); st.Closed || st.Stale || st.Keys == 0 {
			return false
		}
	}
	return len(sets) > 0
}

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

// sourceAttrs names where keys come from, leaving out what is not known (a Static set has no URL, a
// Set made by New no issuer) rather than logging empty values.
func sourceAttrs(url, issuer string) []any {
	attrs := make([]any, 0, 4)
	if url != "" {
		attrs = append(attrs, "url", url)
	}
	if issuer != "" {
		attrs = append(attrs, "issuer", issuer)
	}
	return slices.Clip(attrs) // appending copies, so one result can start several records
}

// errorAttr logs err on one line: a joined error (discovery tries several locations) or a library's
// message may hold newlines, which split a log record in line-oriented collectors.
func errorAttr(err error) slog.Attr {
	return slog.String("error", oneLine(err))
}

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// keyAttrs describes snap for a log record: where it came from, how many keys, which kids, the epoch.
// Key material is never logged. It takes s.mu; callers must not hold it.
func (s *Set) keyAttrs(snap *snapshot) []any {
	s.mu.Lock()
	url := s.jwksURL
	s.mu.Unlock()
	return append(sourceAttrs(url, s.issuer), "keys", snap.count, "kids", snap.kids, "epoch", s.Epoch())
}

// logKeys reports a key set installed over old (nil: the first one).
func (s *Set) logKeys(old, next *snapshot) {
	msg := "jwks: keys changed"
	if old == nil {
		msg = "jwks: keys loaded"
	}
	s.cfg.logger.InfoContext(s.ctx, msg, s.keyAttrs(next)...)
}

// logParse reports what parsing left out: each skipped key and any private material dropped.
func (s *Set) logParse(ctx context.Context, url string, p parsedSet) {
	src := sourceAttrs(url, s.issuer)
	for _, sk := range p.skipped {
		s.cfg.logger.WarnContext(ctx, "jwks: skipping key", append(src, "index", sk.index, "kid", sk.kid, "reason", oneLine(sk.reason))...)
	}
	if p.private > 0 {
		s.cfg.logger.WarnContext(ctx, "jwks: JWK Set publishes private key material; only public parts are used", append(src, "keys", p.private)...)
	}
}

// logFailure reports a failed fetch and what lookups answer meanwhile.
func (s *Set) logFailure(err error, retry time.Duration) {
	s.mu.Lock()
	url, held, usable := s.jwksURL, s.held != nil, s.snap.Load() != nil
	s.mu.Unlock()
	level, msg := slog.LevelWarn, "jwks: refresh failed, keeping current keys"
	switch {
	case !held:
		level, msg = slog.LevelError, "jwks: fetch failed, no keys yet"
	case !usable:
		level, msg = slog.LevelError, "jwks: refresh failed, keys stay expired"
	}
	s.cfg.logger.Log(s.ctx, level, msg, append(sourceAttrs(url, s.issuer), errorAttr(err), "retry_in", retry)...)
}
