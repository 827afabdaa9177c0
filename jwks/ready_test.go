package jwks

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func probe(t *testing.T, h http.Handler) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	return rec.Code, rec.Body.String()
}

func TestReadyHandler(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	up := newIDP(t, good)
	ready, _ := newTestSet(t, up.url())
	static, err := Static(good)
	if err != nil {
		t.Fatal(err)
	}
	down := newIDP(t, good)
	down.status.Store(http.StatusServiceUnavailable)
	noKeys, _ := newTestSet(t, down.url())
	closed, _ := newTestSet(t, up.url())
	_ = closed.Close()

	for _, tc := range []struct {
		name string
		sets []*Set
		want int
	}{
		{"keys held", []*Set{ready}, 200},
		{"every set ready", []*Set{ready, static}, 200},
		{"first fetch failed", []*Set{noKeys}, 503},
		{"one of two without keys", []*Set{ready, noKeys}, 503},
		{"closed", []*Set{closed}, 503},
		{"nil set", []*Set{nil}, 503},
		{"no set at all", nil, 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := probe(t, ReadyHandler(tc.sets...))
			wantBody := map[int]string{200: "ready\n", 503: "keys unavailable\n"}[tc.want]
			if code != tc.want || body != wantBody {
				t.Errorf("%d %q, want %d %q", code, body, tc.want, wantBody)
			}
		})
	}
}

// Stale keys are held but do not verify, so the probe fails until a fetch confirms them again.
func TestReadyHandlerWhileStale(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	s, _ := newTestSet(t, p.url(), append(fast, WithLastKnownGoodLifetime(100*time.Millisecond))...)
	h := ReadyHandler(s)
	if code, _ := probe(t, h); code != 200 {
		t.Fatalf("before the outage: %d", code)
	}
	p.status.Store(http.StatusInternalServerError)
	eventually(t, "the keys go stale", func() bool { return s.Status().Stale })
	if code, _ := probe(t, h); code != 503 {
		t.Errorf("stale keys: %d, want 503", code)
	}
	p.status.Store(http.StatusOK)
	eventually(t, "the keys are confirmed", func() bool { return !s.Status().Stale })
	if code, _ := probe(t, h); code != 200 {
		t.Errorf("confirmed again: %d, want 200", code)
	}
}
