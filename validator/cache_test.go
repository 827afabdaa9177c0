package validator_test

import (
	"context"
	"crypto"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

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
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	if _, err := v.Validate(context.Background(), token); err != nil {
		t.Fatal(err)
	}
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
