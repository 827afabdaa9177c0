package hardening

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// The faults are injected by a real loopback identity provider (issuertest) or, for what it cannot
// simulate (oversized bodies, redirects), by an httptest server. Every wait is a poll with a deadline.

// TestFaultIdPDownAtStartupThenUp: while the identity provider is unreachable, requests are answered
// "keys unavailable" (503 over HTTP), never "invalid token"; once it is up, the Set recovers by itself.
func TestFaultIdPDownAtStartupThenUp(t *testing.T) {
	for _, fault := range []issuertest.Fault{issuertest.FaultDown, issuertest.FaultStatus(500), issuertest.FaultGarbage} {
		t.Run(fault.String(), func(t *testing.T) {
			idp := newIdP(t)
			idp.SetJWKSFault(fault)
			set, logs := newSet(t, idp.JWKSURL(), jwks.WithRetryBackoff(10*time.Millisecond), jwks.WithRefreshInterval(100*time.Millisecond))
			v := idpValidator(t, idp, set)
			tok := mint(t, idp)

			_, err := v.Validate(context.Background(), tok)
			if !errors.Is(err, validator.ErrKeysUnavailable) || !errors.Is(err, jwks.ErrKeysUnavailable) {
				t.Fatalf("IdP %s at start-up: got %v, want keys unavailable", fault, err)
			}
			if validator.Code(err) != "keys_unavailable" {
				t.Fatalf("code %q, want keys_unavailable", validator.Code(err))
			}
			mustAnswer503(t, v, tok, "IdP "+fault.String()+" at start-up")
			short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			if err := set.Ready(short); !errors.Is(err, jwks.ErrKeysUnavailable) {
				t.Fatalf("Ready while the IdP is down: %v", err)
			}
			// Retries keep coming while the IdP is down.
			before := idp.JWKSFetches()
			eventually(t, 10*time.Second, "retrying", func() bool { return idp.JWKSFetches() >= before+2 })

			idp.SetJWKSFault(issuertest.FaultNone)
			ready, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel2()
			if err := set.Ready(ready); err != nil {
				t.Fatalf("Ready after the IdP came up: %v", err)
			}
			mustPass(t, v, tok, "after recovery")
			if !strings.Contains(logs.String(), "no keys yet") {
				t.Errorf("the start-up failure was not logged; logs:\n%s", logs)
			}
		})
	}
}

// TestFaultDiscoveryDownAtStartupThenUp: with OpenID Connect discovery failing at start-up, Discover
// still returns a Set that answers "keys unavailable", and it discovers and loads the keys by itself
// once the metadata endpoints answer.
func TestFaultDiscoveryDownAtStartupThenUp(t *testing.T) {
	for _, fault := range []issuertest.Fault{issuertest.FaultDown, issuertest.FaultStatus(502), issuertest.FaultGarbage} {
		t.Run(fault.String(), func(t *testing.T) {
			idp := newIdP(t)
			idp.SetDiscoveryFault(fault)
			logger, _ := bufferLogger()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			set, err := jwks.Discover(ctx, idp.URL(), jwks.WithLogger(logger),
				jwks.WithRetryBackoff(10*time.Millisecond), jwks.WithRefreshInterval(100*time.Millisecond))
			if err != nil {
				t.Fatalf("Discover with discovery %s: %v", fault, err)
			}
			defer set.Close()
			v := idpValidator(t, idp, set)
			tok := mint(t, idp)
			mustFail(t, v, tok, validator.ErrKeysUnavailable, "discovery "+fault.String())
			if n := idp.JWKSFetches(); n != 0 {
				t.Fatalf("the JWKS was fetched %d times before discovery succeeded", n)
			}
			idp.SetDiscoveryFault(issuertest.FaultNone)
			ready, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel2()
			if err := set.Ready(ready); err != nil {
				t.Fatalf("Ready after discovery came up: %v", err)
			}
			mustPass(t, v, tok, "after discovery came up")
			if st := set.Status(); st.URL != idp.JWKSURL() {
				t.Fatalf("discovered JWKS URL %q, want %q", st.URL, idp.JWKSURL())
			}
		})
	}
}

// TestFaultOutageAfterFirstFetch: once keys are held, an identity provider that goes down, answers
// 5xx or garbage, or hangs past the HTTP timeout does not affect requests: valid tokens keep passing
// for the whole outage (several failed refreshes), an unknown kid — perhaps a key rotated in on the
// endpoint we cannot reach — is answered keys unavailable (issue 22 item 12) and unknown only once a
// fetch has succeeded again, and the Set reports and logs the failure, then recovers.
func TestFaultOutageAfterFirstFetch(t *testing.T) {
	for _, fault := range []issuertest.Fault{
		issuertest.FaultDown, issuertest.FaultStatus(500), issuertest.FaultStatus(503), issuertest.FaultStatus(404),
		issuertest.FaultGarbage, issuertest.FaultSlow(time.Hour),
	} {
		t.Run(fault.String(), func(t *testing.T) {
			idp := newIdP(t)
			set, logs := newSet(t, idp.JWKSURL(),
				jwks.WithRefreshInterval(30*time.Millisecond), jwks.WithRetryBackoff(10*time.Millisecond),
				jwks.WithHTTPTimeout(100*time.Millisecond), jwks.WithUnknownKIDGap(time.Millisecond),
				jwks.WithUnknownKIDWait(50*time.Millisecond))
			v := idpValidator(t, idp, set)
			tok := mint(t, idp)
			edTok := mint(t, idp, issuertest.WithAlgorithm("EdDSA"))
			mustPass(t, v, tok, "before the outage")
			epoch := set.Epoch()

			idp.SetJWKSFault(fault)
			start := idp.JWKSFetches()
			checked := 0
			for idp.JWKSFetches() < start+4 { // the outage lasts at least four failed fetches
				mustPass(t, v, tok, "during the outage")
				mustPass(t, v, edTok, "during the outage")
				checked++
				if checked > 100_000 {
					t.Fatal("the Set stopped refreshing during the outage")
				}
				time.Sleep(time.Millisecond)
			}
			stranger := mint(t, idp, issuertest.WithUnknownKey())
			mustFail(t, v, stranger, validator.ErrKeysUnavailable, "unknown kid during the outage")
			st := set.Status()
			if st.LastError == nil || st.Keys != 2 || set.Epoch() != epoch {
				t.Fatalf("status during the outage: error %v, %d keys, epoch %d→%d; want an error, 2 keys, same epoch", st.LastError, st.Keys, epoch, set.Epoch())
			}
			if fault == issuertest.FaultSlow(time.Hour) && !errors.Is(st.LastError, context.DeadlineExceeded) {
				t.Errorf("a fetch slower than the HTTP timeout failed with %v, want a deadline", st.LastError)
			}
			if !strings.Contains(logs.String(), "refresh failed, keeping current keys") {
				t.Errorf("the outage was not logged; logs:\n%s", logs)
			}

			idp.SetJWKSFault(issuertest.FaultNone)
			eventually(t, 10*time.Second, "recovered", func() bool { return set.Status().LastError == nil })
			mustPass(t, v, tok, "after the outage")
			mustFail(t, v, stranger, validator.ErrUnknownKey, "unknown kid after the outage")
			t.Logf("%s: %d validations during %d failed fetches, all passed", fault, 2*checked, idp.JWKSFetches()-start)
		})
	}
}

// TestFaultSlowIdPNeverHoldsRequests: with a JWKS fetch hanging (the IdP answers after an hour, the
// HTTP timeout is long), requests with a known kid complete while the fetch is in flight, and a
// request with an unknown kid waits at most WithUnknownKIDWait, not for the fetch.
func TestFaultSlowIdPNeverHoldsRequests(t *testing.T) {
	idp := newIdP(t)
	set, _ := newSet(t, idp.JWKSURL(), jwks.WithHTTPTimeout(time.Minute), jwks.WithUnknownKIDGap(time.Millisecond),
		jwks.WithUnknownKIDWait(100*time.Millisecond))
	v := idpValidator(t, idp, set)
	tok := mint(t, idp)

	idp.SetJWKSFault(issuertest.FaultSlow(time.Hour))
	before := idp.JWKSFetches()
	stranger := mint(t, idp, issuertest.WithUnknownKey())
	start := time.Now()
	mustFail(t, v, stranger, validator.ErrUnknownKey, "unknown kid, slow IdP")
	unknownWait := time.Since(start)
	// The unknown kid started a fetch that now hangs in the IdP; requests must not notice.
	eventually(t, 10*time.Second, "fetch in flight", func() bool { return idp.JWKSFetches() > before })
	var worst time.Duration
	for range 20 {
		s := time.Now()
		mustPass(t, v, tok, "while a fetch hangs")
		mustFail(t, v, stranger, validator.ErrUnknownKey, "unknown kid while a fetch hangs")
		worst = max(worst, time.Since(s))
	}
	// Generous sanity bounds, far below the fetch's one-minute timeout: only waiting on it could break them.
	if unknownWait > 10*time.Second || worst > 10*time.Second {
		t.Fatalf("requests waited on the hanging fetch: unknown kid %v, worst known+unknown pair %v", unknownWait, worst)
	}
	if st := set.Status(); st.Keys != 2 {
		t.Fatalf("keys held during the hanging fetch: %d", st.Keys)
	}
	t.Logf("slow IdP: first unknown-kid request took %v (wait bound 100ms); worst of 20 known+unknown pairs %v", unknownWait, worst)
}

// TestFaultSlowIdPAtStartup: New does not wait for a JWKS endpoint slower than its HTTP timeout.
func TestFaultSlowIdPAtStartup(t *testing.T) {
	idp := newIdP(t)
	idp.SetJWKSFault(issuertest.FaultSlow(time.Hour))
	done := make(chan *jwks.Set, 1)
	go func() {
		logger, _ := bufferLogger()
		set, err := jwks.New(context.Background(), idp.JWKSURL(), jwks.WithHTTPTimeout(200*time.Millisecond), jwks.WithLogger(logger))
		if err != nil {
			t.Errorf("jwks.New: %v", err)
		}
		done <- set
	}()
	select {
	case set := <-done:
		if set == nil {
			return
		}
		defer set.Close()
		st := set.Status()
		if st.Keys != 0 || !errors.Is(st.LastError, context.DeadlineExceeded) {
			t.Fatalf("after a start-up fetch past the timeout: %d keys, error %v", st.Keys, st.LastError)
		}
		_, err := idpValidator(t, idp, set).Validate(context.Background(), mint(t, idp))
		if !errors.Is(err, validator.ErrKeysUnavailable) {
			t.Fatalf("got %v, want keys unavailable", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("jwks.New waited on a JWKS endpoint slower than its HTTP timeout")
	}
}

// switchable is an httptest JWKS endpoint whose answer the test changes between fetches.
type switchable struct {
	mode  atomic.Value // string
	good  []byte
	hits  atomic.Int64
	other string // URL of another host, for redirects
}

func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	mode, _ := s.mode.Load().(string)
	switch mode {
	case "oversized": // a valid JWK Set one byte over the cap, with Content-Length
		body := padTo(s.good, 1<<20+1)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	case "oversized-chunked": // the same without Content-Length
		body := padTo(s.good, 1<<20+1)
		for len(body) > 0 {
			n := min(len(body), 64<<10)
			_, _ = w.Write(body[:n])
			w.(http.Flusher).Flush()
			body = body[n:]
		}
	case "empty": // a well-formed JWK Set without keys
		_, _ = w.Write([]byte(`{"keys":[]}`))
	case "skipped-only": // a well-formed JWK Set of keys jwks never serves: symmetric, for encryption
		_, _ = w.Write([]byte(`{"keys":[{"kty":"oct","kid":"hs","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"},` +
			`{"kty":"EC","kid":"enc","use":"enc","crv":"P-256",` +
			`"x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}`))
	case "cap": // a valid JWK Set of exactly the cap
		_, _ = w.Write(padTo(s.good, 1<<20))
	case "redirect-other-host":
		http.Redirect(w, r, s.other, http.StatusFound)
	case "redirect-same-host":
		if r.URL.Path != "/moved" {
			http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
			return
		}
		_, _ = w.Write(s.good)
	default:
		_, _ = w.Write(s.good)
	}
}

// padTo appends JSON whitespace to a JWK Set until it is n bytes long: still a valid document, so
// only a size bound can refuse it.
func padTo(doc []byte, n int) []byte {
	out := make([]byte, 0, n)
	out = append(out, doc...)
	for len(out) < n {
		out = append(out, ' ')
	}
	return out
}

// TestFaultOversizedBody: a JWK Set over the 1 MiB cap is refused, with or without Content-Length, at
// start-up (keys unavailable) and on refresh (keys kept), though it is a valid document; one of
// exactly 1 MiB is accepted.
func TestFaultOversizedBody(t *testing.T) {
	idp := newIdP(t)
	for _, mode := range []string{"oversized", "oversized-chunked"} {
		t.Run(mode+" at start-up", func(t *testing.T) {
			ep := &switchable{good: idp.JWKS()}
			ep.mode.Store(mode)
			srv := httptest.NewServer(ep)
			defer srv.Close()
			set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRetryBackoff(time.Hour), jwks.WithRefreshInterval(time.Hour))
			mustFail(t, idpValidator(t, idp, set), mint(t, idp), validator.ErrKeysUnavailable, "oversized JWKS at start-up")
			if err := set.Status().LastError; err == nil || !strings.Contains(err.Error(), "1 MiB") {
				t.Fatalf("LastError %v, want the size cap", err)
			}
		})
		t.Run(mode+" on refresh", func(t *testing.T) {
			ep := &switchable{good: idp.JWKS()}
			srv := httptest.NewServer(ep)
			defer srv.Close()
			set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRetryBackoff(10*time.Millisecond), jwks.WithRefreshInterval(20*time.Millisecond))
			v := idpValidator(t, idp, set)
			tok := mint(t, idp)
			mustPass(t, v, tok, "before")
			ep.mode.Store(mode)
			hits := ep.hits.Load()
			eventually(t, 10*time.Second, "refused an oversized refresh", func() bool {
				err := set.Status().LastError
				return ep.hits.Load() > hits && err != nil && strings.Contains(err.Error(), "1 MiB")
			})
			mustPass(t, v, tok, "after an oversized refresh")
		})
	}
	t.Run("exactly the cap", func(t *testing.T) {
		ep := &switchable{good: idp.JWKS()}
		ep.mode.Store("cap")
		srv := httptest.NewServer(ep)
		defer srv.Close()
		set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRefreshInterval(time.Hour))
		mustPass(t, idpValidator(t, idp, set), mint(t, idp), "JWKS of exactly 1 MiB")
	})
}

// TestFaultRedirect: a JWKS endpoint redirecting to another host is never followed — the other host
// is not even contacted — at start-up or on refresh; a redirect within the same host is followed.
func TestFaultRedirect(t *testing.T) {
	idp := newIdP(t)
	attacker := newIdP(t, "ES256") // serves its own keys, under kids the real IdP may also use
	var attackerHits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attackerHits.Add(1)
		_, _ = w.Write(attacker.JWKS())
	}))
	defer other.Close()
	// The same attacker server, reached under the name "localhost" rather than 127.0.0.1.
	otherByName := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)

	for _, target := range []string{other.URL + "/jwks.json", otherByName + "/jwks.json"} {
		t.Run("start-up to "+target, func(t *testing.T) {
			ep := &switchable{good: idp.JWKS(), other: target}
			ep.mode.Store("redirect-other-host")
			srv := httptest.NewServer(ep)
			defer srv.Close()
			before := attackerHits.Load()
			set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRetryBackoff(time.Hour), jwks.WithRefreshInterval(time.Hour))
			mustFail(t, idpValidator(t, idp, set), mint(t, idp), validator.ErrKeysUnavailable, "redirected at start-up")
			if err := set.Status().LastError; err == nil || !strings.Contains(err.Error(), "redirect") {
				t.Fatalf("LastError %v, want a refused redirect", err)
			}
			if n := attackerHits.Load() - before; n != 0 {
				t.Fatalf("the other host was contacted %d times", n)
			}
		})
	}
	t.Run("on refresh", func(t *testing.T) {
		ep := &switchable{good: idp.JWKS(), other: other.URL + "/jwks.json"}
		srv := httptest.NewServer(ep)
		defer srv.Close()
		set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRetryBackoff(10*time.Millisecond), jwks.WithRefreshInterval(20*time.Millisecond))
		v := idpValidator(t, idp, set)
		tok := mint(t, idp)
		mustPass(t, v, tok, "before")
		ep.mode.Store("redirect-other-host")
		hits, before := ep.hits.Load(), attackerHits.Load()
		eventually(t, 10*time.Second, "refused a redirected refresh", func() bool {
			err := set.Status().LastError
			return ep.hits.Load() > hits+2 && err != nil && strings.Contains(err.Error(), "redirect")
		})
		mustPass(t, v, tok, "after a redirected refresh")
		// A token the attacker's IdP minted, under the attacker's issuer, with the real issuer forged in.
		forged := attacker.MustMint(t, issuertest.WithAudience(idpAudience), issuertest.WithClaim("iss", idp.URL()))
		_, err := v.Validate(context.Background(), forged)
		if err == nil {
			t.Fatal("a token of the redirect target's key was accepted")
		}
		if n := attackerHits.Load() - before; n != 0 {
			t.Fatalf("the other host was contacted %d times", n)
		}
	})
	t.Run("same host", func(t *testing.T) {
		ep := &switchable{good: idp.JWKS()}
		ep.mode.Store("redirect-same-host")
		srv := httptest.NewServer(ep)
		defer srv.Close()
		set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRefreshInterval(time.Hour))
		mustPass(t, idpValidator(t, idp, set), mint(t, idp), "after a same-host redirect")
	})
}

// TestFaultRotationWithOverlap: a rotated-in key is picked up on first sight of its kid with one
// fetch, old and new keys both verify during the overlap, and once the old key is retired its
// tokens are refused — by the cached validator as well — while the new key's keep passing.
func TestFaultRotationWithOverlap(t *testing.T) {
	idp := newIdP(t)
	set, _ := newSet(t, idp.JWKSURL(), jwks.WithRefreshInterval(time.Hour), jwks.WithUnknownKIDGap(time.Millisecond))
	v := idpValidator(t, idp, set)
	cached := idpValidator(t, idp, set, validator.WithCache(64))
	oldKID := idp.CurrentKeyID("ES256")
	oldTok := mint(t, idp)
	mustPass(t, v, oldTok, "before rotation")
	mustPass(t, cached, oldTok, "before rotation (cached)")
	epoch := set.Epoch()

	if err := idp.Rotate("ES256"); err != nil {
		t.Fatal(err)
	}
	newTok := mint(t, idp)
	before := idp.JWKSFetches()
	mustPass(t, v, newTok, "new key, first sight")
	if n := idp.JWKSFetches() - before; n != 1 {
		t.Fatalf("picking up the rotated key took %d fetches, want 1", n)
	}
	mustPass(t, v, oldTok, "old key during the overlap")
	mustPass(t, cached, oldTok, "old key during the overlap (cached)")
	mustPass(t, cached, newTok, "new key (cached)")
	if set.Epoch() == epoch {
		t.Fatal("Epoch did not change when a key was added")
	}

	// Retire the old key. The Set learns of it at its next fetch; the unknown kid of a brand-new
	// key makes one happen now.
	if !idp.Retire(oldKID) {
		t.Fatalf("Retire(%q) failed", oldKID)
	}
	if err := idp.Rotate("EdDSA"); err != nil {
		t.Fatal(err)
	}
	edTok := mint(t, idp, issuertest.WithAlgorithm("EdDSA"))
	// Inside the unknown-kid gap an unknown kid is refused at once, so poll past it.
	eventually(t, 10*time.Second, "picked up the rotated EdDSA key", func() bool {
		_, err := v.Validate(context.Background(), edTok)
		return err == nil
	})
	mustFail(t, v, oldTok, validator.ErrUnknownKey, "retired key")
	mustFail(t, cached, oldTok, validator.ErrUnknownKey, "retired key (cached)")
	mustPass(t, v, newTok, "new key after the old one was retired")
	mustPass(t, cached, newTok, "new key after the old one was retired (cached)")
	for _, kid := range set.Status().KIDs {
		if kid == oldKID {
			t.Fatalf("retired kid %q still held: %v", kid, set.Status().KIDs)
		}
	}
}

// TestFaultKeyRemoved: a key removed from the JWK Set stops verifying at the next scheduled refresh,
// without any unknown kid to prompt it; the remaining key keeps verifying. A JWK Set emptied of every
// key is a failed refresh, which keeps the last good keys (jwks package documentation).
func TestFaultKeyRemoved(t *testing.T) {
	idp := newIdP(t)
	set, logs := newSet(t, idp.JWKSURL(), jwks.WithRefreshInterval(20*time.Millisecond), jwks.WithRetryBackoff(10*time.Millisecond))
	v := idpValidator(t, idp, set)
	esTok := mint(t, idp)
	edTok := mint(t, idp, issuertest.WithAlgorithm("EdDSA"))
	mustPass(t, v, edTok, "before removal")

	idp.Retire(idp.CurrentKeyID("EdDSA"))
	eventually(t, 10*time.Second, "dropped the removed key", func() bool {
		_, err := v.Validate(context.Background(), edTok)
		return errors.Is(err, validator.ErrUnknownKey)
	})
	mustPass(t, v, esTok, "remaining key")

	idp.Retire(idp.CurrentKeyID("ES256"))
	before := idp.JWKSFetches()
	eventually(t, 10*time.Second, "fetched the empty set", func() bool {
		return idp.JWKSFetches() > before+1 && set.Status().LastError != nil
	})
	mustPass(t, v, esTok, "after the JWK Set was emptied")
	if !strings.Contains(fmt.Sprint(set.Status().LastError), "no usable key") {
		t.Fatalf("LastError %v, want no usable key", set.Status().LastError)
	}
	if !strings.Contains(logs.String(), "level=WARN msg=\"jwks: refresh failed, keeping current keys\"") ||
		!strings.Contains(logs.String(), "the set is empty") {
		t.Errorf("the empty answer was not logged at Warn as such; logs:\n%s", logs)
	}
}

// mustAnswer503 fails the test unless the net/http middleware over v answers token 503 with
// Retry-After: keys unavailable, never a 401 for the server's own outage.
func mustAnswer503(t testing.TB, v validator.TokenValidator, token, when string) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	nethttp.Middleware(v)(okHandler()).ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("%s: HTTP %d, Retry-After %q; want 503 with Retry-After", when, rec.Code, rec.Header().Get("Retry-After"))
	}
}

// TestFaultCacheAfterClose: once its Set is closed, a validator with WithCache refuses a token it has
// cached exactly as an uncached validator does — keys unavailable, 503 — instead of serving the verdict
// it remembered from when keys were held.
func TestFaultCacheAfterClose(t *testing.T) {
	idp := newIdP(t)
	set, _ := newSet(t, idp.JWKSURL())
	v := idpValidator(t, idp, set)
	cached := idpValidator(t, idp, set, validator.WithCache(64))
	tok := mint(t, idp)
	mustPass(t, v, tok, "before Close")
	mustPass(t, cached, tok, "before Close (cached)")
	mustPass(t, cached, tok, "cache hit before Close")

	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]*validator.Validator{"uncached": v, "cached": cached} {
		mustFail(t, v, tok, validator.ErrKeysUnavailable, name+" after Close")
		mustAnswer503(t, v, tok, name+" after Close")
	}
}

// TestFaultStaleKeysExpire: with jwks.WithLastKnownGoodLifetime, an identity provider that keeps
// failing — down, 5xx, garbage, or answering 200 with a set that is empty or holds only keys jwks
// skips — makes the held keys stop verifying once they outlive the lifetime: valid tokens, cached ones
// included, are answered keys unavailable (503), never accepted on stale keys and never 401. A fetch
// that succeeds again brings them back.
func TestFaultStaleKeysExpire(t *testing.T) {
	idp := newIdP(t)
	type outage struct {
		name        string
		url         string
		start, stop func()
	}
	var outages []outage
	for _, f := range []issuertest.Fault{issuertest.FaultDown, issuertest.FaultStatus(500), issuertest.FaultGarbage} {
		outages = append(outages, outage{f.String(), idp.JWKSURL(),
			func() { idp.SetJWKSFault(f) }, func() { idp.SetJWKSFault(issuertest.FaultNone) }})
	}
	for _, mode := range []string{"empty", "skipped-only"} {
		ep := &switchable{good: idp.JWKS()}
		srv := httptest.NewServer(ep)
		t.Cleanup(srv.Close)
		outages = append(outages, outage{mode, srv.URL + "/jwks.json",
			func() { ep.mode.Store(mode) }, func() { ep.mode.Store("") }})
	}
	for _, o := range outages {
		t.Run(o.name, func(t *testing.T) {
			set, logs := newSet(t, o.url, jwks.WithRefreshInterval(20*time.Millisecond),
				jwks.WithRetryBackoff(10*time.Millisecond), jwks.WithLastKnownGoodLifetime(150*time.Millisecond))
			v := idpValidator(t, idp, set)
			cached := idpValidator(t, idp, set, validator.WithCache(64))
			tok := mint(t, idp)
			mustPass(t, v, tok, "before the outage")
			mustPass(t, cached, tok, "before the outage (cached)")

			o.start()
			eventually(t, 10*time.Second, "the keys go stale", func() bool { return set.Status().Stale })
			for name, v := range map[string]*validator.Validator{"uncached": v, "cached": cached} {
				mustFail(t, v, tok, validator.ErrKeysUnavailable, name+" on stale keys")
				mustAnswer503(t, v, tok, name+" on stale keys")
			}
			if !strings.Contains(logs.String(), "keys expired") {
				t.Errorf("the expiry was not logged; logs:\n%s", logs)
			}

			o.stop()
			eventually(t, 10*time.Second, "confirmed again", func() bool { return !set.Status().Stale })
			mustPass(t, v, tok, "after the outage")
			mustPass(t, cached, tok, "after the outage (cached)")
		})
	}
}

// TestFaultEmptySetRevokes: with jwks.WithEmptySetRevokes, an identity provider that empties its JWK
// Set (or leaves only keys jwks skips) revokes every key: tokens, cached ones included, are refused as
// signed by an unknown key (401), not kept valid on the last good keys.
func TestFaultEmptySetRevokes(t *testing.T) {
	t.Run("every key retired", func(t *testing.T) {
		idp := newIdP(t)
		set, logs := newSet(t, idp.JWKSURL(), jwks.WithRefreshInterval(20*time.Millisecond), jwks.WithEmptySetRevokes())
		cached := idpValidator(t, idp, set, validator.WithCache(64))
		tok := mint(t, idp)
		mustPass(t, cached, tok, "before revocation")
		for _, kid := range set.Status().KIDs {
			idp.Retire(kid)
		}
		eventually(t, 10*time.Second, "the empty set is installed", func() bool { return set.Status().Keys == 0 })
		mustFail(t, cached, tok, validator.ErrUnknownKey, "after every key was retired (cached)")
		mustFail(t, idpValidator(t, idp, set), tok, validator.ErrUnknownKey, "after every key was retired")
		if !strings.Contains(logs.String(), "installing it as is") {
			t.Errorf("the revocation was not logged; logs:\n%s", logs)
		}
	})
	t.Run("only skipped keys", func(t *testing.T) {
		idp := newIdP(t)
		ep := &switchable{good: idp.JWKS()}
		srv := httptest.NewServer(ep)
		defer srv.Close()
		set, _ := newSet(t, srv.URL+"/jwks.json", jwks.WithRefreshInterval(20*time.Millisecond), jwks.WithEmptySetRevokes())
		cached := idpValidator(t, idp, set, validator.WithCache(64))
		tok := mint(t, idp)
		mustPass(t, cached, tok, "before revocation")
		ep.mode.Store("skipped-only")
		eventually(t, 10*time.Second, "the unusable set is installed", func() bool { return set.Status().Keys == 0 })
		mustFail(t, cached, tok, validator.ErrUnknownKey, "after only skipped keys were published (cached)")
	})
}

func okHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := validator.FromContext(r.Context()); !ok {
			http.Error(w, "no claims", http.StatusTeapot)
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
}
