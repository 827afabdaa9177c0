package jwks

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

// fetchLog keeps what a Set's observer is told; the Set calls it from its own goroutine.
type fetchLog struct {
	mu   sync.Mutex
	seen []Observation
}

func (l *fetchLog) observe(_ context.Context, o Observation) {
	l.mu.Lock()
	l.seen = append(l.seen, o)
	l.mu.Unlock()
}

func (l *fetchLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}

func (l *fetchLog) at(i int) Observation {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen[i]
}

// next waits for the observation after the n-th and returns it.
func (l *fetchLog) next(t *testing.T, n int) Observation {
	t.Helper()
	eventually(t, "the next fetch is observed", func() bool { return l.len() > n })
	return l.at(n)
}

func TestObserverFollowsFetches(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	var log fetchLog
	s, _ := newTestSet(t, p.url(), WithObserver(log.observe), WithRefreshInterval(time.Hour))

	first := log.next(t, 0)
	if first.Err != nil || first.Reason != "" || first.Keys != 1 || !first.EpochChanged || first.Epoch != s.Epoch() || first.URL != p.url() {
		t.Errorf("first fetch: %+v", first)
	}
	if first.LastRefresh != first.Start || first.Duration <= 0 {
		t.Errorf("first fetch: LastRefresh %v, Start %v, Duration %v", first.LastRefresh, first.Start, first.Duration)
	}

	// The same document again: fetched, keys confirmed, nothing changed.
	_, _, _ = s.VerificationKey(context.Background(), "unknown-1", "RS256")
	same := log.next(t, 1)
	if same.Err != nil || same.EpochChanged || same.Keys != 1 || !same.LastRefresh.After(first.LastRefresh) {
		t.Errorf("unchanged fetch: %+v", same)
	}

	// A failed fetch keeps the keys and their last confirmation.
	p.status.Store(http.StatusInternalServerError)
	_, _, _ = s.refresh(context.Background(), 0)
	failed := log.next(t, 2)
	if !errors.Is(failed.Err, errStatus) || failed.Reason != "http_status" || failed.Keys != 1 || failed.EpochChanged || failed.LastRefresh != same.LastRefresh {
		t.Errorf("failed fetch: %+v", failed)
	}

	// A rotation moves the epoch.
	p.status.Store(http.StatusOK)
	p.setBody(setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""), publicJWK(t, rsaKey(t, 1), "b", "")))
	_, _, _ = s.refresh(context.Background(), 0)
	rotated := log.next(t, 3)
	if rotated.Err != nil || rotated.Keys != 2 || !rotated.EpochChanged || rotated.Epoch <= first.Epoch {
		t.Errorf("rotation: %+v", rotated)
	}
}

func TestObserverSeesFirstFetchFail(t *testing.T) {
	p := newIDP(t, nil)
	p.status.Store(http.StatusServiceUnavailable)
	var log fetchLog
	_, _ = newTestSet(t, p.url(), WithObserver(log.observe))
	o := log.next(t, 0)
	if o.Err == nil || o.Keys != 0 || o.EpochChanged || !o.LastRefresh.IsZero() {
		t.Errorf("%+v", o)
	}
}

func TestObserverSeesDiscoveryFail(t *testing.T) {
	p := newIDP(t, nil)
	p.status.Store(http.StatusNotFound)
	var log fetchLog
	s, err := Discover(context.Background(), p.srv.URL, WithObserver(log.observe), WithLogger(discardLogger()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o := log.next(t, 0)
	if o.Err == nil || o.URL != "" || o.Issuer != p.srv.URL {
		t.Errorf("%+v", o)
	}
}

func TestObserversChainAndRefuseNil(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	var a, b fetchLog
	_, _ = newTestSet(t, p.url(), WithObserver(a.observe), WithObserver(b.observe))
	if a.len() != 1 || b.len() != 1 {
		t.Errorf("observers called %d and %d times, want once each", a.len(), b.len())
	}
	if _, err := New(context.Background(), p.url(), WithObserver(nil)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("nil observer: %v", err)
	}
}

func TestFetchReason(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	for _, tc := range []struct {
		name   string
		outage func(p *idp)
		want   string
	}{
		{"status", func(p *idp) { p.status.Store(http.StatusBadGateway) }, "http_status"},
		{"not JSON", func(p *idp) { p.setBody([]byte("<html>")) }, "malformed"},
		{"wrong JSON", func(p *idp) { p.setBody([]byte(`{"keys":"no"}`)) }, "malformed"},
		{"empty set", func(p *idp) { p.setBody([]byte(`{"keys":[]}`)) }, "no_usable_keys"},
		{"too large", func(p *idp) { p.setBody(padded(good, maxBody+1)) }, "too_large"},
		{"redirect", func(p *idp) {
			p.answer(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://localhost:1/", http.StatusFound)
			})
		}, "redirect_refused"},
		{"slow", func(p *idp) { p.holdRequests() }, "timeout"},
		{"closed port", func(p *idp) { p.srv.Close() }, "network"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newIDP(t, good)
			tc.outage(p)
			var log fetchLog
			timeout := defaultHTTPTimeout
			if tc.want == "timeout" {
				timeout = 100 * time.Millisecond
			}
			_, _ = newTestSet(t, p.url(), WithObserver(log.observe), WithHTTPTimeout(timeout))
			if o := log.next(t, 0); o.Reason != tc.want {
				t.Errorf("Reason %q for %v, want %q", o.Reason, o.Err, tc.want)
			}
		})
	}
	if r := fetchReason(errors.New("something else")); r != "other" {
		t.Errorf("unclassified error: %q", r)
	}
}
