package validator_test

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// rotatingKeys is a KeySource with an epoch, whose keys a test can remove.
type rotatingKeys struct {
	mu      sync.Mutex
	keys    map[string]crypto.PublicKey
	epoch   atomic.Uint64
	lookups atomic.Int64
}

func (r *rotatingKeys) VerificationKey(_ context.Context, kid, _ string) (crypto.PublicKey, bool, error) {
	r.lookups.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	k, ok := r.keys[kid]
	return k, ok, nil
}

func (r *rotatingKeys) Epoch() uint64 { return r.epoch.Load() }

func (r *rotatingKeys) remove(kid string) {
	r.mu.Lock()
	delete(r.keys, kid)
	r.mu.Unlock()
	r.epoch.Add(1)
}

// testClock is a clock the test moves.
type testClock struct{ now atomic.Int64 }

func (c *testClock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *testClock) set(t time.Time)         { c.now.Store(t.UnixNano()) }
func (c *testClock) advance(d time.Duration) { c.now.Add(int64(d)) }

func cachedValidator(t *testing.T, source validator.KeySource, clock *testClock, opts ...validator.Option) *validator.Validator {
	t.Helper()
	base := []validator.Option{
		validator.WithIssuer(testIssuer), validator.WithAudience(testAudience),
		validator.WithClock(clock.Now), validator.WithCache(100),
	}
	v, err := validator.New(source, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCacheHitSkipsKeyLookup(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	first, err := v.Validate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	second, err := v.Validate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Error("second validation did not come from the cache")
	}
	if n := source.lookups.Load(); n != 1 {
		t.Errorf("key lookups = %d, want 1", n)
	}
}

func TestCacheExpiryWhileCached(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil) // exp = now + 5m
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatal(err)
	}
	clock.advance(5*time.Minute + validator.DefaultLeeway - time.Second)
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("still within leeway: %v", err)
	}
	clock.advance(time.Second)
	_, err := v.Validate(context.Background(), token)
	assertReason(t, err, validator.ErrTokenExpired)
	// And the uncached path agrees.
	_, err = v.Validate(context.Background(), token)
	assertReason(t, err, validator.ErrTokenExpired)
}

func TestCacheKeyRemovalWhileCached(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey, "ed": k.ed.Public()}}
	v, token := primedCache(t, source)
	source.remove("rsa")
	_, err := v.Validate(context.Background(), token)
	assertReason(t, err, validator.ErrUnknownKey)
}

func TestCacheNeverStoresFailures(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	_, err := v.Validate(context.Background(), token)
	assertReason(t, err, validator.ErrUnknownKey)
	source.mu.Lock()
	source.keys["rsa"] = &k.rsa.PublicKey
	source.mu.Unlock()
	source.epoch.Add(1)
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("after the key appeared: %v", err)
	}
	// A token that fails is looked up every time.
	bad := sign(t, jwt.SigningMethodRS256, "rsa", k.other, baseClaims(), nil)
	before := source.lookups.Load()
	for range 3 {
		_, err := v.Validate(context.Background(), bad)
		assertReason(t, err, validator.ErrInvalidSignature)
	}
	if got := source.lookups.Load() - before; got != 3 {
		t.Errorf("failed token was validated %d times in full, want 3", got)
	}
}

func TestCacheScopesStillChecked(t *testing.T) {
	// A cached token carries the scopes it was issued with; a per-route requirement checked on the
	// cached claims reaches the same verdict as on fresh ones.
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock, validator.WithRequiredScopes(scopes.All("orders:read")))
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	for range 2 {
		claims, err := v.Validate(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		if scopes.All("admin").Check(claims.Scopes) == nil {
			t.Fatal("route requirement met by a token without the scope")
		}
		if scopes.All("orders:write").Check(claims.Scopes) != nil {
			t.Fatal("route requirement not met by a token with the scope")
		}
	}
	unscoped := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, with(baseClaims(), "scope", "profile"), nil)
	for range 2 {
		_, err := v.Validate(context.Background(), unscoped)
		assertReason(t, err, validator.ErrInsufficientScope)
	}
}

func TestCacheDistinctTokens(t *testing.T) {
	// Two tokens with the same claims but different signatures (one forged) never share an entry.
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	good := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	if _, err := v.Validate(context.Background(), good); err != nil {
		t.Fatal(err)
	}
	forged := sign(t, jwt.SigningMethodRS256, "rsa", k.other, baseClaims(), nil)
	_, err := v.Validate(context.Background(), forged)
	assertReason(t, err, validator.ErrInvalidSignature)
}

func TestCacheNeedsEpoch(t *testing.T) {
	_, err := validator.New(standardKeySource(t), validator.WithIssuer(testIssuer), validator.WithAudience(testAudience), validator.WithCache(10))
	if err == nil {
		t.Fatal("WithCache accepted a KeySource without an epoch")
	}
	for _, size := range []int{0, -1, 1 << 30} {
		if _, err := validator.New(&rotatingKeys{}, validator.WithIssuer(testIssuer), validator.WithAudience(testAudience), validator.WithCache(size)); err == nil {
			t.Errorf("WithCache(%d) accepted", size)
		}
	}
}

// primedCache returns a cached validator over source at fixedNow and an RS256 token under kid "rsa"
// that it has validated once, so the next validation is a cache hit.
func primedCache(t *testing.T, source validator.KeySource) (*validator.Validator, string) {
	t.Helper()
	k := generatedKeys(t)
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatal(err)
	}
	return v, token
}

// staticJWK renders pub as a JWK under kid.
func staticJWK(t *testing.T, kid string, pub crypto.PublicKey) jwkset.JWKMarshal {
	t.Helper()
	j, err := jwkset.NewJWKFromKey(pub, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid}})
	if err != nil {
		t.Fatal(err)
	}
	return j.Marshal()
}

// A cached validator answers as the uncached one does once its key source is closed: keys_unavailable,
// not the verdict remembered from when keys were held.
func TestCacheAfterKeySourceClosed(t *testing.T) {
	set := staticSet(t, published{key: &generatedKeys(t).rsa.PublicKey, kid: "rsa"})
	cached, token := primedCache(t, set)
	if _, err := cached.Validate(context.Background(), token); err != nil {
		t.Fatalf("cache hit: %v", err)
	}
	uncached, err := validator.New(set, validator.WithIssuer(testIssuer), validator.WithAudience(testAudience), validator.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	_, want := uncached.Validate(context.Background(), token)
	assertReason(t, want, validator.ErrKeysUnavailable)
	for range 2 {
		_, err := cached.Validate(context.Background(), token)
		assertReason(t, err, validator.ErrKeysUnavailable)
		if !errors.Is(err, jwks.ErrClosed) {
			t.Errorf("cached answer after Close: %v, want it to wrap jwks.ErrClosed as the uncached %v does", err, want)
		}
	}
}

// unavailableKeys is a KeySource that can lose its keys; following the KeyEpocher contract, its epoch
// moves when it does.
type unavailableKeys struct {
	rotatingKeys
	down atomic.Bool
}

func (u *unavailableKeys) VerificationKey(ctx context.Context, kid, alg string) (crypto.PublicKey, bool, error) {
	if u.down.Load() {
		return nil, false, errSourceDown
	}
	return u.rotatingKeys.VerificationKey(ctx, kid, alg)
}

var errSourceDown = errors.New("test key source: no keys")

func TestCacheWhileSourceHasNoKeys(t *testing.T) {
	source := &unavailableKeys{rotatingKeys: rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &generatedKeys(t).rsa.PublicKey}}}
	v, token := primedCache(t, source)
	source.down.Store(true)
	source.epoch.Add(1)
	_, err := v.Validate(context.Background(), token)
	assertReason(t, err, validator.ErrKeysUnavailable)
	source.down.Store(false)
	source.epoch.Add(1)
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("keys back: %v", err)
	}
}

// A cached token is refused as an uncached one is once the key source's keys go stale
// (jwks.WithLastKnownGoodLifetime), and accepted again once a fetch confirms them.
func TestCacheAfterKeysGoStale(t *testing.T) {
	doc, err := json.Marshal(map[string]any{"keys": []any{staticJWK(t, "rsa", &generatedKeys(t).rsa.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	var failing atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if failing.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		_, _ = w.Write(doc)
	}))
	defer srv.Close()
	set, err := jwks.New(context.Background(), srv.URL, jwks.WithLogger(slog.New(slog.DiscardHandler)),
		jwks.WithRefreshInterval(10*time.Millisecond), jwks.WithMinRefreshInterval(10*time.Millisecond),
		jwks.WithRetryBackoff(5*time.Millisecond), jwks.WithLastKnownGoodLifetime(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	v, token := primedCache(t, set)
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("cache hit: %v", err)
	}
	failing.Store(true)
	waitFor(t, "the keys go stale", func() bool { return set.Status().Stale })
	for range 2 {
		_, err := v.Validate(context.Background(), token)
		assertReason(t, err, validator.ErrKeysUnavailable)
	}
	failing.Store(false)
	waitFor(t, "the keys are confirmed", func() bool { return !set.Status().Stale })
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatalf("keys confirmed again: %v", err)
	}
}

// waitFor polls cond until it holds, failing the test after ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
