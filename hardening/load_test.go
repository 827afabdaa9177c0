package hardening

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// The load run's size: 20 000 requests from 32 goroutines with JWTGUARD_LOAD=1 (see loadEnv), at
// least 500 from 8 otherwise — and in both, as many more as it takes the keys to rotate twice and
// one to be retired under the traffic.
var (
	loadRequests    = int64(scaled(20_000, 500))
	loadConcurrency = scaled(32, 8)
)

// loadPoolSize is how many tokens are minted per key.
const loadPoolSize = 16

// loadMaxExtension bounds how long the run goes on past loadRequests waiting for the rotations it
// needs, so that a stuck rotator fails the test instead of hanging it.
const loadMaxExtension = 30 * time.Second

// keyring tracks which of the identity provider's keys the Set is known to hold, so that every
// request has exactly one right answer while keys rotate. Requests hold the read lock while in
// flight; the rotator takes the write lock to stop using a key for valid tokens, so no request that
// expects a key to verify is still running when the key is retired.
type keyring struct {
	mu     sync.RWMutex
	active [][]string // token pools of keys the Set holds and the IdP publishes
	gone   [][]string // token pools of keys retired by the IdP and dropped by the Set
	rotations,
	retired int
}

// loadRequest is one request of the load test and the answer it must get.
type loadRequest struct {
	kind   string
	path   string
	header []string // Authorization values; none for no token
	status int
	error  string // the JSON body's "error", "" for 200
}

// TestLoadWhileKeysRotate sends 20 000 requests (500 without JWTGUARD_LOAD=1, or as many as two
// rotations take) from 32 (8) goroutines over loopback — valid tokens,
// a dozen kinds of invalid ones, scoped and unavailable routes — while the identity provider rotates
// and retires keys underneath. Every answer must be exactly the expected one, and the only 5xx are
// those of the route whose keys are deliberately unavailable.
func TestLoadWhileKeysRotate(t *testing.T) {
	if testing.Short() {
		t.Skip("load run: seconds of loopback traffic; go test without -short runs it")
	}
	idp := newIdP(t)
	set, _ := newSet(t, idp.JWKSURL(), jwks.WithRefreshInterval(20*time.Millisecond), jwks.WithRetryBackoff(10*time.Millisecond))
	down := newIdP(t)
	down.SetJWKSFault(issuertest.FaultStatus(http.StatusServiceUnavailable))
	downSet, _ := newSet(t, down.JWKSURL(), jwks.WithRetryBackoff(time.Hour), jwks.WithRefreshInterval(time.Hour))

	v := idpValidator(t, idp, set)
	cached := idpValidator(t, idp, set, validator.WithCache(1024))
	mux := http.NewServeMux()
	mux.Handle("/plain", nethttp.Middleware(v)(okHandler()))
	mux.Handle("/cached", nethttp.Middleware(cached)(okHandler()))
	mux.Handle("/scoped", nethttp.Middleware(v)(nethttp.RequireScopes(scopes.All("orders:write"))(okHandler())))
	mux.Handle("/unavailable", nethttp.Middleware(idpValidator(t, down, downSet))(okHandler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	transport := &http.Transport{MaxIdleConns: 2 * loadConcurrency, MaxIdleConnsPerHost: 2 * loadConcurrency}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	ring := &keyring{}
	pool := func(opts ...issuertest.MintOption) []string {
		toks := make([]string, loadPoolSize)
		for i := range toks {
			toks[i] = mint(t, idp, opts...)
		}
		return toks
	}
	for _, alg := range []string{"ES256", "EdDSA"} {
		ring.active = append(ring.active, pool(issuertest.WithKeyID(idp.CurrentKeyID(alg))))
	}
	// Invalid tokens, minted once.
	genuine := segments(mint(t, idp))
	invalid := map[string][]string{
		"expired":        pool(issuertest.Expired()),
		"wrong audience": pool(issuertest.WithAudience("https://other.test")),
		"unknown key":    pool(issuertest.WithUnknownKey()),
		"alg none":       pool(issuertest.WithAlgorithm("none")),
		"key confusion":  pool(issuertest.WithAlgorithm("HS256")),
		"tampered":       {genuine[0] + "." + b64s(`{"sub":"admin"}`) + "." + genuine[2]},
		"malformed":      {"abc", "a.b.c", genuine[0] + "." + genuine[1]},
	}
	invalidKinds := make([]string, 0, len(invalid))
	for k := range invalid {
		invalidKinds = append(invalidKinds, k)
	}
	slices.Sort(invalidKinds)
	downTokens := []string{down.MustMint(t, issuertest.WithAudience(idpAudience))}

	// choose picks a request and its expected answer. The caller holds ring.mu for reading.
	choose := func(r *rand.Rand) loadRequest {
		pick := func(toks []string) string { return toks[r.IntN(len(toks))] }
		bearer := func(tok string) []string { return []string{"Bearer " + tok} }
		route := []string{"/plain", "/cached"}[r.IntN(2)]
		switch n := r.IntN(100); {
		case n < 40:
			return loadRequest{"valid", route, bearer(pick(ring.active[r.IntN(len(ring.active))])), 200, ""}
		case n < 48 && len(ring.gone) > 0:
			return loadRequest{"retired key", route, bearer(pick(ring.gone[r.IntN(len(ring.gone))])), 401, "invalid_token"}
		case n < 70:
			kind := invalidKinds[r.IntN(len(invalidKinds))]
			return loadRequest{kind, route, bearer(pick(invalid[kind])), 401, "invalid_token"}
		case n < 75:
			return loadRequest{"no token", route, nil, 401, "missing_token"}
		case n < 78:
			tok := pick(ring.active[0])
			return loadRequest{"two Authorization headers", route, []string{"Bearer " + tok, "Bearer " + tok}, 400, "invalid_request"}
		case n < 88:
			return loadRequest{"insufficient scope", "/scoped", bearer(pick(ring.active[r.IntN(len(ring.active))])), 403, "insufficient_scope"}
		case n < 95:
			return loadRequest{"scope, expired", "/scoped", bearer(pick(invalid["expired"])), 401, "invalid_token"}
		default:
			return loadRequest{"keys unavailable", "/unavailable", bearer(downTokens[0]), 503, "temporarily_unavailable"}
		}
	}

	// The rotator: publish a new key, wait until the Set holds it, start using it; retire the
	// oldest key once three are active, wait until the Set has dropped it, then send it as invalid.
	holds := func(kid string) bool { return slices.Contains(set.Status().KIDs, kid) }
	stop := make(chan struct{})
	rotErr := make(chan error, 1)
	go func() {
		defer close(rotErr)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			alg := []string{"ES256", "EdDSA"}[i%2]
			if err := idp.Rotate(alg); err != nil {
				rotErr <- err
				return
			}
			kid := idp.CurrentKeyID(alg)
			if err := waitFor(stop, "holding the new key "+kid, func() bool { return holds(kid) }); err != nil {
				if err != errStopped {
					rotErr <- err
				}
				return
			}
			fresh := make([]string, loadPoolSize)
			for j := range fresh {
				tok, err := idp.Mint(issuertest.WithKeyID(kid), issuertest.WithAudience(idpAudience), issuertest.WithScope("orders:read"))
				if err != nil {
					rotErr <- err
					return
				}
				fresh[j] = tok
			}
			ring.mu.Lock()
			ring.active = append(ring.active, fresh)
			ring.rotations++
			var old []string
			if len(ring.active) > 3 {
				old, ring.active = ring.active[0], ring.active[1:]
			}
			ring.mu.Unlock()
			if old == nil {
				continue
			}
			oldKID := kidOf(old[0])
			idp.Retire(oldKID)
			if err := waitFor(stop, "dropping the retired key "+oldKID, func() bool { return !holds(oldKID) }); err != nil {
				if err != errStopped {
					rotErr <- err
				}
				return
			}
			ring.mu.Lock()
			ring.gone = append(ring.gone, old)
			ring.retired++
			ring.mu.Unlock()
		}
	}()

	type mismatch struct {
		req       loadRequest
		got       int
		gotErr    string
		transport error
	}
	var (
		next       atomic.Int64
		mu         sync.Mutex
		mismatches []mismatch
		wrong      atomic.Int64
		fiveXX     atomic.Int64
		perKind    = map[string]int{}
	)
	start := time.Now()
	// more reports whether the i-th request is to be sent: the first loadRequests are, and after them
	// as many as it takes the rotator to rotate twice and retire a key, for at most loadMaxExtension.
	more := func(i int64) bool {
		if i <= loadRequests {
			return true
		}
		if time.Since(start) > loadMaxExtension {
			return false
		}
		ring.mu.RLock()
		defer ring.mu.RUnlock()
		return ring.rotations < 2 || ring.retired < 1
	}
	var wg sync.WaitGroup
	for w := range loadConcurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			for more(next.Add(1)) {
				ring.mu.RLock()
				lr := choose(r)
				status, bodyErr, err := send(client, srv.URL+lr.path, lr.header)
				ring.mu.RUnlock()
				if status >= 500 {
					fiveXX.Add(1)
				}
				mu.Lock()
				perKind[lr.kind]++
				if err != nil || status != lr.status || bodyErr != lr.error {
					wrong.Add(1)
					if len(mismatches) < 10 {
						mismatches = append(mismatches, mismatch{lr, status, bodyErr, err})
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sent := next.Load() - int64(loadConcurrency) // each worker drew one number it did not send
	close(stop)
	if err := <-rotErr; err != nil {
		t.Fatalf("rotator: %v", err)
	}

	for _, m := range mismatches {
		t.Errorf("%s %s: got %d %q (transport error %v), want %d %q", m.req.kind, m.req.path, m.got, m.gotErr, m.transport, m.req.status, m.req.error)
	}
	if n := wrong.Load(); n != 0 {
		t.Errorf("%d wrong answers of %d", n, sent)
	}
	if n, want := fiveXX.Load(), int64(perKind["keys unavailable"]); n != want {
		t.Errorf("%d answers were 5xx, want exactly the %d to the keys-unavailable route", n, want)
	}
	ring.mu.RLock()
	rotations, retired := ring.rotations, ring.retired
	ring.mu.RUnlock()
	if rotations < 2 || retired < 1 {
		t.Errorf("keys rotated %d times and %d were retired during the run; the test needs at least 2 and 1", rotations, retired)
	}
	kinds := make([]string, 0, len(perKind))
	for k := range perKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var mix strings.Builder
	for _, k := range kinds {
		fmt.Fprintf(&mix, " %s=%d", k, perKind[k])
	}
	t.Logf("load: %d requests, %d concurrent, in %v (%.0f req/s); %d key rotations, %d keys retired; wrong answers: %d; 5xx: %d (all keys-unavailable)",
		sent, loadConcurrency, elapsed.Round(time.Millisecond), float64(sent)/elapsed.Seconds(), rotations, retired, wrong.Load(), fiveXX.Load())
	t.Logf("mix:%s", mix.String())
}

// send makes one request with the given Authorization values and returns the status and the JSON
// body's "error".
func send(client *http.Client, url string, authorization []string) (int, string, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	for _, a := range authorization {
		req.Header.Add("Authorization", a)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "", err
	}
	if resp.StatusCode == http.StatusOK {
		return resp.StatusCode, "", nil
	}
	var answer struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return resp.StatusCode, "", fmt.Errorf("body %q: %w", trim(string(body), 100), err)
	}
	return resp.StatusCode, answer.Error, nil
}

// errStopped is what waitFor returns when the run ended first.
var errStopped = errors.New("stopped")

// waitFor polls cond until it holds (nil), stop is closed (errStopped) or 10 s have passed.
func waitFor(stop <-chan struct{}, what string, cond func() bool) error {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return fmt.Errorf("after 10s: still not %s", what)
		}
		select {
		case <-stop:
			return errStopped
		case <-time.After(2 * time.Millisecond):
		}
	}
	return nil
}

// kidOf returns the kid in a token's header.
func kidOf(token string) string {
	var h struct {
		KID string `json:"kid"`
	}
	raw, _ := base64.RawURLEncoding.DecodeString(segments(token)[0])
	_ = json.Unmarshal(raw, &h)
	return h.KID
}
