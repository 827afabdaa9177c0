package jwks

import (
	"bytes"
	"context"
	"crypto/elliptic"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
)

// fast makes the background loop run on test time scales.
var fast = []Option{WithRefreshInterval(20 * time.Millisecond), WithMinRefreshInterval(10 * time.Millisecond), WithRetryBackoff(5 * time.Millisecond)}

func TestFailedRefreshKeepsKeys(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	tests := []struct {
		name   string
		outage func(t *testing.T, p *idp)
		want   error // matched with errors.Is against Status.LastError; nil: any error
	}{
		{"server error", func(t *testing.T, p *idp) { p.status.Store(http.StatusInternalServerError) }, errStatus},
		{"not found", func(t *testing.T, p *idp) { p.status.Store(http.StatusNotFound) }, errStatus},
		{"not JSON", func(t *testing.T, p *idp) { p.setBody([]byte("<html>maintenance</html>")) }, nil},
		{"no usable key", func(t *testing.T, p *idp) {
			p.setBody(setJSON(t, jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0"}))
		}, errNoUsableKeys},
		{"empty set", func(t *testing.T, p *idp) { p.setBody([]byte(`{"keys":[]}`)) }, errNoUsableKeys},
		{"body over 1 MiB", func(t *testing.T, p *idp) { p.setBody(padded(good, maxBody+1)) }, errTooLarge},
		{"redirect to another host", func(t *testing.T, p *idp) {
			other := newIDP(t, good)
			p.answer(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://localhost:"+other.srv.URL[len("http://127.0.0.1:"):]+"/jwks.json", http.StatusFound)
			})
		}, errRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newIDP(t, good)
			s, rec := newTestSet(t, p.url(), fast...)
			mustFind(t, s, "a", "RS256")
			epoch := s.Epoch()

			tt.outage(t, p)
			base := p.hits.Load()
			eventually(t, "three refreshes have failed", func() bool {
				return p.hits.Load() >= base+3 && s.Status().LastError != nil
			})
			st := s.Status()
			if tt.want != nil && !errors.Is(st.LastError, tt.want) {
				t.Errorf("LastError = %v, want %v", st.LastError, tt.want)
			}
			mustFind(t, s, "a", "RS256")
			if s.Epoch() != epoch || st.Keys != 1 {
				t.Errorf("epoch %d -> %d, keys %d: a failed refresh changed the keys", epoch, s.Epoch(), st.Keys)
			}
			if !rec.contains("refresh failed") {
				t.Error("failed refresh was not logged")
			}
			t.Logf("after %d fetches: %v", p.hits.Load(), st.LastError)
		})
	}
}

// padded returns doc followed by whitespace up to n bytes: still the same JSON document.
func padded(doc []byte, n int) []byte {
	return append(bytes.Clone(doc), bytes.Repeat([]byte(" "), n-len(doc))...)
}

func TestBodySizeLimit(t *testing.T) {
	good := setJSON(t, publicJWK(t, ecKey(t, elliptic.P256()), "a", ""))
	tests := []struct {
		name          string
		size          int
		contentLength bool
		ok            bool
	}{
		{"exactly 1 MiB", maxBody, true, true},
		{"exactly 1 MiB chunked", maxBody, false, true},
		{"1 MiB + 1 declared", maxBody + 1, true, false},
		{"1 MiB + 1 chunked", maxBody + 1, false, false},
		{"8 MiB chunked", 8 * maxBody, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := padded(good, tt.size)
			p := newIDP(t, nil)
			p.answer(func(w http.ResponseWriter, r *http.Request) {
				if tt.contentLength {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				} else {
					w.(http.Flusher).Flush() // commits to chunked encoding
				}
				_, _ = w.Write(body)
			})
			s, _ := newTestSet(t, p.url())
			_, found, err := s.VerificationKey(context.Background(), "a", "ES256")
			if tt.ok {
				if !found || err != nil {
					t.Fatalf("found %v err %v, want found", found, err)
				}
				return
			}
			if !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, errTooLarge) {
				t.Fatalf("err = %v, want ErrKeysUnavailable wrapping errTooLarge", err)
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	other := newIDP(t, good)
	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Same host and port, but plain http: a downgrade.
		http.Redirect(w, r, "http://"+r.Host+"/jwks.json", http.StatusFound)
	}))
	t.Cleanup(tls.Close)

	tests := []struct {
		name   string
		target func(p *idp) string
		opts   []Option
		ok     bool
	}{
		{"same host, other path", func(p *idp) string { return p.srv.URL + "/jwks.json" }, nil, true},
		{"other port", func(*idp) string { return other.url() }, nil, false},
		{"other host name", func(*idp) string {
			return "http://localhost:" + other.srv.URL[len("http://127.0.0.1:"):] + "/jwks.json"
		}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newIDP(t, good)
			to := tt.target(p)
			p.answer(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/old" {
					http.Redirect(w, r, to, http.StatusMovedPermanently)
					return
				}
				_, _ = w.Write(good)
			})
			before := other.hits.Load()
			s, _ := newTestSet(t, p.srv.URL+"/old")
			_, found, err := s.VerificationKey(context.Background(), "a", "RS256")
			if tt.ok != found {
				t.Fatalf("found %v, err %v; want found %v", found, err, tt.ok)
			}
			if !tt.ok {
				if !errors.Is(err, errRedirect) {
					t.Errorf("err = %v, want errRedirect", err)
				}
				if other.hits.Load() != before {
					t.Error("the redirect was followed to the other host")
				}
			}
		})
	}

	t.Run("https to http", func(t *testing.T) {
		s, _ := newTestSet(t, tls.URL+"/old", WithHTTPClient(tls.Client()))
		if _, _, err := s.VerificationKey(context.Background(), "a", "RS256"); !errors.Is(err, errRedirect) {
			t.Errorf("err = %v, want errRedirect", err)
		}
	})
}

// The initial fetch counts as one; the test then rotates and expects exactly one more.
func TestRotationAcceptedAfterOneFetch(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "old", "")))
	s, _ := newTestSet(t, p.url())
	mustFind(t, s, "old", "RS256")
	epoch := s.Epoch()

	p.setBody(setJSON(t, publicJWK(t, rsaKey(t, 0), "old", ""), publicJWK(t, rsaKey(t, 1), "new", "")))
	mustFind(t, s, "new", "RS256")
	if got := p.hits.Load(); got != 2 {
		t.Errorf("server saw %d fetches, want 2 (initial + one for the new kid)", got)
	}
	if s.Epoch() == epoch {
		t.Error("Epoch did not change when a key was added")
	}
	mustFind(t, s, "old", "RS256")
	mustFind(t, s, "new", "PS256")
	if got := p.hits.Load(); got != 2 {
		t.Errorf("server saw %d fetches after lookups of held kids, want 2", got)
	}
}

func TestKeyRemovedAfterRefresh(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""), publicJWK(t, rsaKey(t, 1), "b", "")))
	s, _ := newTestSet(t, p.url(), append(fast, WithUnknownKIDWait(10*time.Millisecond))...)
	mustFind(t, s, "b", "RS256")
	epoch := s.Epoch()

	p.setBody(setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	eventually(t, "the epoch changes", func() bool { return s.Epoch() != epoch })
	if _, found, err := s.VerificationKey(context.Background(), "b", "RS256"); found || err != nil {
		t.Errorf("removed key: found %v err %v, want not found", found, err)
	}
	mustFind(t, s, "a", "RS256")
	if st := s.Status(); st.Keys != 1 || len(st.KIDs) != 1 || st.KIDs[0] != "a" {
		t.Errorf("Status = %+v, want only kid a", st)
	}
}

// Epoch must follow the keys, not the refreshes: a validator's token cache is flushed on every change.
func TestEpochFollowsKeyContent(t *testing.T) {
	r0, r1 := rsaKey(t, 0), rsaKey(t, 1)
	ec := ecKey(t, elliptic.P256())
	steps := []struct {
		name    string
		body    []byte
		changed bool
	}{
		{"same document again", setJSON(t, publicJWK(t, r0, "a", ""), publicJWK(t, ec, "b", "")), false},
		{"keys reordered", setJSON(t, publicJWK(t, ec, "b", ""), publicJWK(t, r0, "a", "")), false},
		{"reformatted and an unusable key added", append(setJSON(t, publicJWK(t, ec, "b", ""), publicJWK(t, r0, "a", ""),
			jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0"}), '\n'), false},
		{"key material replaced under the same kid", setJSON(t, publicJWK(t, r1, "a", ""), publicJWK(t, ec, "b", "")), true},
		{"alg restricted", setJSON(t, publicJWK(t, r1, "a", "RS256"), publicJWK(t, ec, "b", "")), true},
		{"kid renamed", setJSON(t, publicJWK(t, r1, "c", "RS256"), publicJWK(t, ec, "b", "")), true},
		{"key added", setJSON(t, publicJWK(t, r1, "c", "RS256"), publicJWK(t, ec, "b", ""), publicJWK(t, r0, "a", "")), true},
		{"key removed", setJSON(t, publicJWK(t, r1, "c", "RS256"), publicJWK(t, ec, "b", "")), true},
	}
	p := newIDP(t, steps[0].body)
	s, _ := newTestSet(t, p.url(), fast...)
	if s.Epoch() != 1 {
		t.Fatalf("Epoch after first keys = %d, want 1", s.Epoch())
	}
	for _, st := range steps {
		before := s.Epoch()
		p.setBody(st.body)
		// Two more requests: the first surely read the new body, and it finished before the second began.
		base := p.hits.Load()
		eventually(t, "two refreshes", func() bool { return p.hits.Load() >= base+2 })
		if changed := s.Epoch() != before; changed != st.changed {
			t.Errorf("%s: epoch %d -> %d, want changed %v", st.name, before, s.Epoch(), st.changed)
		}
	}
}

func TestConcurrentUnknownKIDCoalesced(t *testing.T) {
	const callers = 1000
	for _, publish := range []bool{true, false} {
		t.Run("published="+strconv.FormatBool(publish), func(t *testing.T) {
			p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
			s, _ := newTestSet(t, p.url(), WithUnknownKIDWait(30*time.Second))
			mustFind(t, s, "a", "RS256")
			if publish {
				p.setBody(setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""), publicJWK(t, rsaKey(t, 1), "new", "")))
			}
			// Hold the fetch until every caller is running, so they all pile up on it.
			release := p.holdRequests()
			defer release()

			var started, done sync.WaitGroup
			started.Add(callers)
			done.Add(callers)
			waits := make([]time.Duration, callers)
			founds := make([]bool, callers)
			errs := make([]error, callers)
			for i := range callers {
				go func() {
					defer done.Done()
					started.Done()
					t0 := time.Now()
					_, founds[i], errs[i] = s.VerificationKey(context.Background(), "new", "RS256")
					waits[i] = time.Since(t0)
				}()
			}
			started.Wait()
			release()
			done.Wait()

			var maxWait time.Duration
			for i := range callers {
				if errs[i] != nil || founds[i] != publish {
					t.Fatalf("caller %d: found %v err %v, want found %v", i, founds[i], errs[i], publish)
				}
				maxWait = max(maxWait, waits[i])
			}
			fetches := p.hits.Load() - 1
			if fetches != 1 {
				t.Errorf("%d concurrent unknown-kid lookups caused %d fetches, want 1", callers, fetches)
			}
			t.Logf("%d concurrent callers: %d fetch(es) after the initial one, max wait %v", callers, fetches, maxWait)
		})
	}
}

func TestUnknownKIDGap(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	const wait = 5 * time.Second
	s, _ := newTestSet(t, p.url(), WithUnknownKIDGap(time.Hour), WithUnknownKIDWait(wait), WithHTTPTimeout(time.Hour))
	if _, found, _ := s.VerificationKey(context.Background(), "x", "RS256"); found {
		t.Fatal("x found")
	}
	if got := p.hits.Load(); got != 2 {
		t.Fatalf("first unknown kid: %d fetches, want 2", got)
	}
	// Any further fetch would now hang, and a caller waiting for it would take the full wait bound.
	release := p.holdRequests()
	defer release()
	for _, kid := range []string{"y", "z", "x"} {
		t0 := time.Now()
		_, found, err := s.VerificationKey(context.Background(), kid, "RS256")
		took := time.Since(t0)
		if found || err != nil {
			t.Errorf("%s: found %v err %v", kid, found, err)
		}
		if took >= wait {
			t.Errorf("%s: lookup inside the gap took %v: it waited for a fetch", kid, took)
		}
		t.Logf("unknown kid %q inside the gap answered in %v", kid, took)
	}
	if got := p.hits.Load(); got != 2 {
		t.Errorf("unknown kids inside the gap caused %d fetches, want none", got-2)
	}
}

func TestUnknownKIDGapPasses(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	s, _ := newTestSet(t, p.url(), WithUnknownKIDGap(30*time.Millisecond))
	_, _, _ = s.VerificationKey(context.Background(), "x", "RS256")
	if got := p.hits.Load(); got != 2 {
		t.Fatalf("%d fetches, want 2", got)
	}
	eventually(t, "an unknown kid refetches after the gap", func() bool {
		_, _, _ = s.VerificationKey(context.Background(), "x", "RS256")
		return p.hits.Load() > 2
	})
	if got := p.hits.Load(); got != 3 {
		t.Errorf("%d fetches, want exactly 3", got)
	}
}

func TestSlowServerBoundsUnknownKIDWait(t *testing.T) {
	tests := []struct {
		name       string
		wait       time.Duration
		ctxTimeout time.Duration // 0: no deadline
	}{
		{"wait bound", 100 * time.Millisecond, 0},
		{"caller deadline shorter than the bound", time.Hour, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
			s, _ := newTestSet(t, p.url(), WithUnknownKIDWait(tt.wait), WithHTTPTimeout(time.Hour))
			release := p.holdRequests() // the refetch never answers
			defer release()

			const callers = 20
			var wg sync.WaitGroup
			waits := make([]time.Duration, callers)
			founds := make([]bool, callers)
			for i := range callers {
				wg.Go(func() {
					ctx := context.Background()
					if tt.ctxTimeout > 0 {
						var cancel context.CancelFunc
						ctx, cancel = context.WithTimeout(ctx, tt.ctxTimeout)
						defer cancel()
					}
					t0 := time.Now()
					_, founds[i], _ = s.VerificationKey(ctx, "new", "RS256")
					waits[i] = time.Since(t0)
				})
			}
			wg.Wait()
			var maxWait time.Duration
			for i := range callers {
				if founds[i] {
					t.Fatal("found a key the server never sent")
				}
				maxWait = max(maxWait, waits[i])
			}
			// The server holds forever; only the bound or the deadline can have released the callers.
			if maxWait >= 10*time.Second {
				t.Errorf("max wait %v: callers were not released by the bound", maxWait)
			}
			t.Logf("%d callers against a hanging server: max wait %v", callers, maxWait)
			if got := p.hits.Load(); got != 2 {
				t.Errorf("%d fetches, want 2", got)
			}
		})
	}
}

func TestStartupWithIdPDown(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	p.status.Store(http.StatusServiceUnavailable)
	s, rec := newTestSet(t, p.url(), fast...)

	_, found, err := s.VerificationKey(context.Background(), "a", "RS256")
	if found || !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, errStatus) {
		t.Fatalf("while down: found %v err %v, want ErrKeysUnavailable wrapping the fetch error", found, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.Ready(ctx); !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Ready while down = %v", err)
	}
	if s.Epoch() != 0 || s.Status().Keys != 0 {
		t.Error("keys reported while none were fetched")
	}
	eventually(t, "a few retries", func() bool { return p.hits.Load() >= 3 })
	if !rec.contains("no keys yet") {
		t.Error("failed first fetch not logged")
	}

	p.status.Store(http.StatusOK)
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready after the IdP came up = %v", err)
	}
	mustFind(t, s, "a", "RS256")
	if st := s.Status(); st.Keys != 1 || st.Epoch != 1 || st.LastRefresh.IsZero() {
		t.Errorf("Status = %+v", st)
	}
}

func TestCacheControlMaxAge(t *testing.T) {
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", time.Hour},
		{"max-age=600", 10 * time.Minute},
		{"public, max-age=1800, must-revalidate", 30 * time.Minute},
		{"max-age=30", time.Minute},
		{"max-age=0", time.Minute},
		{"max-age=7200", time.Hour},
		{"max-age=99999999999999999999", time.Hour},
		{"max-age=-5", time.Hour},
		{"max-age=abc", time.Hour},
		{`max-age="600"`, 10 * time.Minute},
		{"no-store", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			p := newIDP(t, setJSON(t, publicJWK(t, ecKey(t, elliptic.P256()), "a", "")))
			if tt.header != "" {
				p.setCache(tt.header)
			}
			s, _ := newTestSet(t, p.url())
			st := s.Status()
			if st.LastError != nil {
				t.Fatal(st.LastError)
			}
			got := st.NextRefresh.Sub(st.LastAttempt)
			if got < tt.want || got > tt.want+5*time.Second {
				t.Errorf("next refresh in %v, want %v", got, tt.want)
			}
		})
	}
}

// The shortened interval really drives the loop: with max-age=0 and a small minimum, fetches repeat
// although the refresh interval is an hour.
func TestCacheControlDrivesRefresh(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, ecKey(t, elliptic.P256()), "a", "")))
	p.setCache("max-age=0")
	_, _ = newTestSet(t, p.url(), WithRefreshInterval(time.Hour), WithMinRefreshInterval(10*time.Millisecond))
	eventually(t, "max-age drives refreshes", func() bool { return p.hits.Load() >= 4 })
}

func TestRetryDelay(t *testing.T) {
	c := config{retryBackoff: time.Second, refreshInterval: time.Minute}
	tests := []struct {
		failures int
		cap      time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {6, 32 * time.Second}, {7, time.Minute}, {1000, time.Minute}}
	for _, tt := range tests {
		for range 100 {
			d := c.retryDelay(tt.failures)
			if d < tt.cap/2 || d > tt.cap {
				t.Fatalf("retryDelay(%d) = %v, want in [%v, %v]", tt.failures, d, tt.cap/2, tt.cap)
			}
		}
	}
}
