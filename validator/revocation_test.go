package validator_test

import (
	"context"
	"crypto"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/validator"
)

// newRevocationList returns an empty list on the tests' clock.
func newRevocationList() *revocation.Memory {
	return revocation.NewMemory(revocation.WithClock(fixedClock))
}

// TestRevocationRefuses runs each kind of revocation against the uncached and the cached path: a
// token issued before the cut is refused with token_revoked, one issued at or after it is accepted,
// and another issuer's identical identifiers are not touched.
func TestRevocationRefuses(t *testing.T) {
	k := generatedKeys(t)
	ctx := context.Background()
	iat := fixedNow.Add(-time.Minute) // baseClaims' iat
	withSID := func(c jwt.MapClaims) jwt.MapClaims { c["sid"] = "session-1"; return c }
	withoutIAT := func(c jwt.MapClaims) jwt.MapClaims { delete(c, "iat"); return c }
	same := func(c jwt.MapClaims) jwt.MapClaims { return c }
	for _, tt := range []struct {
		name    string
		claims  func(jwt.MapClaims) jwt.MapClaims
		revoke  func(l *revocation.Memory) error
		revoked bool
	}{
		{"subject, cut after iat", same, func(l *revocation.Memory) error {
			return l.RevokeSubject(ctx, testIssuer, "user-1", iat.Add(time.Second))
		}, true},
		{"subject, cut at iat", same, func(l *revocation.Memory) error {
			return l.RevokeSubject(ctx, testIssuer, "user-1", iat)
		}, false},
		{"subject of another issuer", same, func(l *revocation.Memory) error {
			return l.RevokeSubject(ctx, "https://other.example.com", "user-1", fixedNow)
		}, false},
		{"another subject", same, func(l *revocation.Memory) error {
			return l.RevokeSubject(ctx, testIssuer, "user-2", fixedNow)
		}, false},
		{"token without iat, early cut", withoutIAT, func(l *revocation.Memory) error {
			return l.RevokeSubject(ctx, testIssuer, "user-1", fixedNow.Add(-time.Hour))
		}, true},
		{"session, cut after iat", withSID, func(l *revocation.Memory) error {
			return l.RevokeSession(ctx, testIssuer, "session-1", fixedNow)
		}, true},
		{"session, cut before iat", withSID, func(l *revocation.Memory) error {
			return l.RevokeSession(ctx, testIssuer, "session-1", iat.Add(-time.Second))
		}, false},
		{"session, token without sid", same, func(l *revocation.Memory) error {
			return l.RevokeSession(ctx, testIssuer, "session-1", fixedNow)
		}, false},
		{"token by jti", same, func(l *revocation.Memory) error {
			return l.RevokeToken(ctx, testIssuer, "id-1", fixedNow.Add(5*time.Minute))
		}, true},
		{"another jti", same, func(l *revocation.Memory) error {
			return l.RevokeToken(ctx, testIssuer, "id-2", fixedNow.Add(5*time.Minute))
		}, false},
	} {
		for _, cached := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/cached=%v", tt.name, cached), func(t *testing.T) {
				list := newRevocationList()
				opts := []validator.Option{validator.WithRevocation(list)}
				if cached {
					opts = append(opts, validator.WithCache(10))
				}
				source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
				v := newValidator(t, source, opts...)
				token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, tt.claims(baseClaims()), nil)
				if cached { // in the cache before the revocation arrives
					if _, err := v.Validate(ctx, token); err != nil {
						t.Fatal(err)
					}
				}
				if err := tt.revoke(list); err != nil {
					t.Fatal(err)
				}
				for range 2 { // the second answer comes from the cache when there is one
					claims, err := v.Validate(ctx, token)
					if !tt.revoked {
						assertReason(t, err, nil)
						continue
					}
					assertReason(t, err, validator.ErrTokenRevoked)
					if claims != nil {
						t.Error("claims returned with a refusal")
					}
					if code, kind := validator.Code(err), validator.KindOf(err); code != "token_revoked" || kind != validator.KindTokenRefused {
						t.Errorf("code %q kind %v, want token_revoked token_refused", code, kind)
					}
					assertNoTokenIn(t, err.Error(), token)
				}
				if cached && tt.revoked {
					if n := source.lookups.Load(); n != 1 {
						t.Errorf("key lookups = %d: the revoked token left the cache and was verified again", n)
					}
				}
			})
		}
	}
}

func TestWithRevocationRefusesNil(t *testing.T) {
	if _, err := validator.New(nil, validator.WithAnyIssuer(), validator.WithAnyAudience(),
		validator.WithSymmetricKey(make([]byte, 32)), validator.WithRevocation(nil)); err == nil {
		t.Fatal("New accepted WithRevocation(nil)")
	}
}

// TestRevocationThroughRouter checks both of the Router's paths: the one that hands the Validator a
// parsed token, and its own cache lookup.
func TestRevocationThroughRouter(t *testing.T) {
	k := generatedKeys(t)
	ctx := context.Background()
	list := newRevocationList()
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	v := newValidator(t, source, validator.WithRevocation(list), validator.WithCache(10))
	r, err := validator.ByIssuer([]*validator.Validator{v})
	if err != nil {
		t.Fatal(err)
	}
	cachedToken := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	if _, err := r.Validate(ctx, cachedToken); err != nil {
		t.Fatal(err)
	}
	if err := list.RevokeSubject(ctx, testIssuer, "user-1", fixedNow); err != nil {
		t.Fatal(err)
	}
	_, err = r.Validate(ctx, cachedToken)
	assertReason(t, err, validator.ErrTokenRevoked)
	fresh := baseClaims()
	fresh["jti"] = "id-2"
	_, err = r.Validate(ctx, sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, fresh, nil))
	assertReason(t, err, validator.ErrTokenRevoked)
}

// TestCheckRevocation applies the rule to claims that did not come from Validate, reading "sid" from
// their JSON, as introspect does.
func TestCheckRevocation(t *testing.T) {
	ctx := context.Background()
	list := newRevocationList()
	claims, err := validator.ClaimsFromJSON([]byte(`{"iss":"` + testIssuer + `","sub":"user-1","sid":"s\u002d1","iat":` +
		fmt.Sprint(fixedNow.Add(-time.Minute).Unix()) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := validator.CheckRevocation(list, claims); err != nil {
		t.Fatalf("nothing revoked: %v", err)
	}
	if err := list.RevokeSession(ctx, testIssuer, "s-1", fixedNow); err != nil {
		t.Fatal(err)
	}
	assertReason(t, validator.CheckRevocation(list, claims), validator.ErrTokenRevoked)
}

// TestCacheHitWithRevocationAllocatesNothing holds the budget: the check adds no allocation
// to a cache hit, with 20,000 revocations held.
func TestCacheHitWithRevocationAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	k := generatedKeys(t)
	ctx := context.Background()
	list := newRevocationList()
	for i := range 20_000 {
		var err error
		switch i % 3 {
		case 0:
			err = list.RevokeSubject(ctx, testIssuer, fmt.Sprintf("user-%d", i+2), fixedNow)
		case 1:
			err = list.RevokeSession(ctx, testIssuer, fmt.Sprintf("session-%d", i), fixedNow)
		default:
			err = list.RevokeToken(ctx, testIssuer, fmt.Sprintf("jti-%d", i), fixedNow.Add(time.Hour))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock, validator.WithRevocation(list))
	claims := baseClaims()
	claims["sid"] = "session-x"
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, claims, nil)
	if _, err := v.Validate(ctx, token); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := v.Validate(ctx, token); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a cache hit with a revocation list allocates %v times, want 0", allocs)
	}
}
