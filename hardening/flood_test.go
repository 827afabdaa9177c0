package hardening

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
)

// The flood's size: 10 000 requests from 64 goroutines with JWTGUARD_LOAD=1 (see loadEnv), a quick
// 500 from 16 otherwise.
var (
	floodRequests    = scaled(10_000, 500)
	floodConcurrency = scaled(64, 16)
	floodQuietProbes = scaled(300, 50)
)

// floodGap is the unknown-kid gap under test: the package default.
const floodGap = time.Minute

// TestUnknownKIDFlood sends 10 000 requests (500 without JWTGUARD_LOAD=1) with random kids from 64
// (16) goroutines at a protected API
// over loopback. The identity provider must see at most one JWKS fetch per unknown-kid gap, every
// flood request must be refused 401, and valid requests made during the flood must all pass; their
// latency with and without the flood is logged (only a very generous sanity bound is asserted).
//
// In the "hanging IdP" variant the fetch the flood triggers never completes (the JWKS endpoint holds
// it past the end of the test): flood requests wait at most WithUnknownKIDWait for it, and valid
// requests do not wait at all.
func TestUnknownKIDFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("flood run: seconds of loopback traffic; go test without -short runs it")
	}
	t.Run("healthy IdP", func(t *testing.T) { unknownKIDFlood(t, false) })
	t.Run("hanging IdP", func(t *testing.T) { unknownKIDFlood(t, true) })
}

func unknownKIDFlood(t *testing.T, hanging bool) {
	idp := newIdP(t)
	set, _ := newSet(t, idp.JWKSURL(), jwks.WithRefreshInterval(time.Hour), jwks.WithUnknownKIDGap(floodGap),
		jwks.WithHTTPTimeout(time.Minute), jwks.WithUnknownKIDWait(20*time.Millisecond))
	v := idpValidator(t, idp, set)
	srv := httptest.NewServer(nethttp.Middleware(v)(okHandler()))
	defer srv.Close()
	transport := &http.Transport{MaxIdleConns: 2 * floodConcurrency, MaxIdleConnsPerHost: 2 * floodConcurrency}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	valid := mint(t, idp)
	get := func(token string) (int, error) {
		req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	// probe times valid requests one after another until stop is closed (or n are done).
	probe := func(n int, stop <-chan struct{}) ([]time.Duration, int) {
		var lat []time.Duration
		wrong := 0
		for i := 0; i < n; i++ {
			select {
			case <-stop:
				return lat, wrong
			default:
			}
			start := time.Now()
			status, err := get(valid)
			lat = append(lat, time.Since(start))
			if err != nil || status != http.StatusOK {
				t.Errorf("valid request: status %d, error %v", status, err)
				wrong++
			}
		}
		return lat, wrong
	}

	// Warm up connections, then measure without the flood.
	probe(20, nil)
	quiet, _ := probe(floodQuietProbes, nil)

	// The flood: tokens with random kids and junk signatures, refused before any signature check.
	header := make([]string, floodRequests)
	body := b64s(jsonOf(t, with(claimsAt(time.Now()), "iss", idp.URL())))
	junk := b64(make([]byte, 64))
	for i := range header {
		kid := make([]byte, 8)
		_, _ = rand.Read(kid)
		header[i] = b64s(`{"alg":"ES256","typ":"at+jwt","kid":"`+hex.EncodeToString(kid)+`"}`) + "." + body + "." + junk
	}
	if hanging {
		idp.SetJWKSFault(issuertest.FaultSlow(time.Hour))
	}
	fetchesBefore := idp.JWKSFetches()
	var next, refusedOK, wrong atomic.Int64
	stop := make(chan struct{})
	var busy []time.Duration
	var probeWrong int
	probeDone := make(chan struct{})
	go func() {
		defer close(probeDone)
		busy, probeWrong = probe(1<<30, stop)
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for range floodConcurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(floodRequests) {
					return
				}
				status, err := get(header[i])
				if err == nil && status == http.StatusUnauthorized {
					refusedOK.Add(1)
				} else {
					wrong.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-probeDone
	fetches := idp.JWKSFetches() - fetchesBefore

	if n := wrong.Load(); n != 0 {
		t.Errorf("%d flood requests were not answered 401", n)
	}
	allowed := 1 + int64(elapsed/floodGap)
	if fetches < 1 || fetches > allowed {
		t.Errorf("the flood caused %d JWKS fetches in %v; want between 1 and %d (one per %v gap)", fetches, elapsed, allowed, floodGap)
	}
	if probeWrong != 0 || len(busy) == 0 {
		t.Errorf("valid requests during the flood: %d made, %d wrong", len(busy), probeWrong)
	}
	qp50, qp99 := percentiles(quiet)
	bp50, bp99 := percentiles(busy)
	if qp99 > 2*time.Second || bp99 > 2*time.Second {
		t.Errorf("sanity bound: valid-request p99 %v without and %v with the flood, want under 2s", qp99, bp99)
	}
	t.Logf("unknown-kid flood: %d requests (%d refused 401) from %d goroutines in %v; JWKS fetches during the flood: %d (allowed %d)",
		floodRequests, refusedOK.Load(), floodConcurrency, elapsed.Round(time.Millisecond), fetches, allowed)
	t.Logf("valid requests without flood: n=%d p50=%v p99=%v", len(quiet), qp50, qp99)
	t.Logf("valid requests during flood:  n=%d p50=%v p99=%v", len(busy), bp50, bp99)
}

// percentiles returns the 50th and 99th percentiles of d.
func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	at := func(p int) time.Duration { return s[min(len(s)-1, len(s)*p/100)].Round(time.Microsecond) }
	return at(50), at(99)
}
