package validator_test

import (
	"context"
	"crypto"
	"errors"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

// observations records what an observer is told, with the context value it was given.
type observations struct {
	seen []validator.Observation
	ctxs []any
}

type ctxKey struct{}

func (r *observations) observe(ctx context.Context, o validator.Observation) {
	r.seen = append(r.seen, o)
	r.ctxs = append(r.ctxs, ctx.Value(ctxKey{}))
}

func (r *observations) last(t *testing.T) validator.Observation {
	t.Helper()
	if len(r.seen) == 0 {
		t.Fatal("observer not called")
	}
	return r.seen[len(r.seen)-1]
}

func TestObserverSeesEveryVerdict(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	var rec observations
	v := cachedValidator(t, source, clock, validator.WithObserver(rec.observe))
	ctx := context.WithValue(context.Background(), ctxKey{}, "request-1")
	valid := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	wrongAud := baseClaims()
	wrongAud["aud"] = "someone-else"
	forged := sign(t, jwt.SigningMethodPS256, "rsa", k.other, baseClaims(), nil)
	unknownAlg := rawToken(t, `{"alg":"XS999","kid":"rsa"}`, claimsJSON(t, baseClaims()))

	for _, tc := range []struct {
		name  string
		token string
		want  validator.Observation
	}{
		{"valid, first time", valid, validator.Observation{Algorithm: "RS256", Issuer: testIssuer}},
		{"valid, cached", valid, validator.Observation{Algorithm: "RS256", Issuer: testIssuer, Cached: true}},
		{"wrong audience", sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, wrongAud, nil), validator.Observation{Code: "invalid_audience", Algorithm: "RS256"}},
		{"forged signature", forged, validator.Observation{Code: "invalid_signature", Algorithm: "PS256"}},
		{"unknown alg is not echoed", unknownAlg, validator.Observation{Code: "unsupported_algorithm"}},
		{"garbage", "not-a-token", validator.Observation{Code: "malformed_token"}},
		{"missing", "", validator.Observation{Code: "missing_token"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(rec.seen)
			_, err := v.Validate(ctx, tc.token)
			if len(rec.seen) != before+1 {
				t.Fatalf("observer called %d times, want once", len(rec.seen)-before)
			}
			got := rec.last(t)
			if !errors.Is(got.Err, err) || (err == nil) != (got.Err == nil) {
				t.Errorf("Err = %v, Validate returned %v", got.Err, err)
			}
			if got.Code != tc.want.Code || got.Algorithm != tc.want.Algorithm || got.Issuer != tc.want.Issuer || got.Cached != tc.want.Cached {
				t.Errorf("got code=%q alg=%q iss=%q cached=%v, want code=%q alg=%q iss=%q cached=%v",
					got.Code, got.Algorithm, got.Issuer, got.Cached, tc.want.Code, tc.want.Algorithm, tc.want.Issuer, tc.want.Cached)
			}
			if got.Start.IsZero() || got.Duration < 0 {
				t.Errorf("Start %v, Duration %v", got.Start, got.Duration)
			}
			if rec.ctxs[len(rec.ctxs)-1] != "request-1" {
				t.Error("observer did not get Validate's context")
			}
		})
	}
}

func TestObserverSeesOutage(t *testing.T) {
	k := generatedKeys(t)
	source := &mapKeys{err: errors.New("idp down")}
	var rec observations
	v := newValidator(t, source, validator.WithObserver(rec.observe))
	_, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil))
	got := rec.last(t)
	if got.Code != "keys_unavailable" || validator.KindOf(got.Err) != validator.KindUnavailable || err == nil {
		t.Errorf("code %q kind %v (Validate: %v)", got.Code, validator.KindOf(got.Err), err)
	}
}

func TestObserversChainInOrder(t *testing.T) {
	var order []int
	v := newValidator(t, standardKeySource(t),
		validator.WithObserver(func(context.Context, validator.Observation) { order = append(order, 1) }),
		validator.WithObserver(func(context.Context, validator.Observation) { order = append(order, 2) }))
	_, _ = v.Validate(context.Background(), "x")
	if len(order) != 2 || order[0] != 1 || order[1] != 2 {
		t.Errorf("observers ran %v, want [1 2]", order)
	}
}

func TestWithObserverRefusesNil(t *testing.T) {
	if _, err := validator.New(standardKeySource(t), validator.WithAnyIssuer(), validator.WithAnyAudience(), validator.WithObserver(nil)); err == nil {
		t.Error("New accepted a nil observer")
	}
}

// A Router reports each validation to the observers of the Validator it routed the token to, cached
// answers included; a token it refuses before choosing one is reported to none.
func TestObserverSeesRoutedValidations(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	var routed, bystander observations
	v := cachedValidator(t, source, clock, validator.WithObserver(routed.observe))
	other, err := validator.New(&rotatingKeys{}, validator.WithIssuer(staffIssuer), validator.WithAudience(testAudience),
		validator.WithObserver(bystander.observe))
	if err != nil {
		t.Fatal(err)
	}
	r, err := validator.ByIssuer([]*validator.Validator{other, v})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), ctxKey{}, "routed")
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	for _, wantCached := range []bool{false, true} {
		if _, err := r.Validate(ctx, token); err != nil {
			t.Fatal(err)
		}
		got := routed.last(t)
		if got.Code != "" || got.Issuer != testIssuer || got.Algorithm != "RS256" || got.Cached != wantCached {
			t.Errorf("routed observation %+v, want accepted RS256 from %s, cached %v", got, testIssuer, wantCached)
		}
	}
	wrongAud := baseClaims()
	wrongAud["aud"] = "someone-else"
	_, err = r.Validate(ctx, sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, wrongAud, nil))
	if got := routed.last(t); got.Code != "invalid_audience" || !errors.Is(got.Err, err) {
		t.Errorf("routed refusal observed as %+v, Validate returned %v", got, err)
	}
	stranger := baseClaims()
	stranger["iss"] = "https://stranger.example.com"
	_, _ = r.Validate(ctx, sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, stranger, nil))
	if len(routed.seen) != 3 || len(bystander.seen) != 0 || routed.ctxs[2] != "routed" {
		t.Errorf("observed %d (want 3) routed and %d (want 0) bystander validations", len(routed.seen), len(bystander.seen))
	}
}
