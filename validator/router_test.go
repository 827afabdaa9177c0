package validator_test

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

const (
	staffIssuer    = "https://staff.example.com"
	customerIssuer = "https://customers.example.com"
)

// twoIssuers builds a Router over a staff and a customer Validator whose key sources both publish a
// key under the kid "k": the staff one is keys.rsa, the customer one keys.other.
func twoIssuers(t *testing.T, opts ...validator.RouterOption) (*validator.Router, *mapKeys, *mapKeys) {
	t.Helper()
	k := generatedKeys(t)
	staffKeys := &mapKeys{keys: map[string]crypto.PublicKey{"k": &k.rsa.PublicKey}}
	customerKeys := &mapKeys{keys: map[string]crypto.PublicKey{"k": &k.other.PublicKey}}
	staff, err := validator.New(staffKeys, validator.WithIssuer(staffIssuer), validator.WithAudience(testAudience), validator.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	customers, err := validator.New(customerKeys, validator.WithIssuer(customerIssuer), validator.WithAudience(testAudience), validator.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	r, err := validator.ByIssuer([]*validator.Validator{staff, customers}, opts...)
	if err != nil {
		t.Fatalf("ByIssuer: %v", err)
	}
	return r, staffKeys, customerKeys
}

func TestByIssuerRoutesEachIssuerToItsOwnKeys(t *testing.T) {
	k := generatedKeys(t)
	r, _, _ := twoIssuers(t)
	tests := []struct {
		name   string
		issuer string
		key    any
		want   error
	}{
		{"staff token, staff key", staffIssuer, k.rsa, nil},
		{"customer token, customer key", customerIssuer, k.other, nil},
		// The same kid exists at both issuers: the other issuer's key must not be tried.
		{"staff iss signed by the customer key", staffIssuer, k.other, validator.ErrInvalidSignature},
		{"customer iss signed by the staff key", customerIssuer, k.rsa, validator.ErrInvalidSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := sign(t, jwt.SigningMethodRS256, "k", tt.key, with(baseClaims(), "iss", tt.issuer), nil)
			claims, err := r.Validate(context.Background(), token)
			assertReason(t, err, tt.want)
			if tt.want == nil && claims.Issuer != tt.issuer {
				t.Fatalf("Issuer = %q, want %q", claims.Issuer, tt.issuer)
			}
		})
	}
}

func TestByIssuerRefusesBeforeAnyKeyLookup(t *testing.T) {
	k := generatedKeys(t)
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"unknown issuer", sign(t, jwt.SigningMethodRS256, "k", k.rsa, with(baseClaims(), "iss", "https://evil.example.com"), nil), validator.ErrInvalidIssuer},
		{"issuer differing only in case", sign(t, jwt.SigningMethodRS256, "k", k.rsa, with(baseClaims(), "iss", strings.ToUpper(staffIssuer)), nil), validator.ErrInvalidIssuer},
		{"no iss", sign(t, jwt.SigningMethodRS256, "k", k.rsa, with(baseClaims(), "iss", nil), nil), validator.ErrInvalidIssuer},
		{"iss not a string", sign(t, jwt.SigningMethodRS256, "k", k.rsa, with(baseClaims(), "iss", 7), nil), validator.ErrMalformedToken},
		{"duplicate iss", rawToken(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"`+customerIssuer+`","iss":"`+staffIssuer+`","exp":1}`), validator.ErrMalformedToken},
		{"case-variant iss", rawToken(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"`+staffIssuer+`","ISS":"x","exp":1}`), validator.ErrMalformedToken},
		{"opaque token without WithOpaqueTokens", "2YotnFZFEjr1zCsicMWpAA", validator.ErrMalformedToken},
		{"JWE", "a.b.c.d.e", validator.ErrMalformedToken},
		{"payload not base64url", "eyJhbGciOiJSUzI1NiJ9.!!!.c2ln", validator.ErrMalformedToken},
		{"empty", "", validator.ErrMissingToken},
		{"too large", "a." + strings.Repeat("b", validator.DefaultMaxTokenSize) + ".c", validator.ErrTokenTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, staffKeys, customerKeys := twoIssuers(t)
			_, err := r.Validate(context.Background(), tt.token)
			assertReason(t, err, tt.want)
			if staffKeys.calls+customerKeys.calls != 0 {
				t.Fatalf("%d key lookups, want none", staffKeys.calls+customerKeys.calls)
			}
			assertNoTokenIn(t, err.Error(), tt.token)
		})
	}
}

// recordingValidator is a TokenValidator that remembers the tokens it was given.
type recordingValidator struct{ seen []string }

func (v *recordingValidator) Validate(_ context.Context, token string) (*validator.Claims, error) {
	v.seen = append(v.seen, token)
	return &validator.Claims{Subject: "opaque"}, nil
}

func TestWithOpaqueTokens(t *testing.T) {
	k := generatedKeys(t)
	opaque := &recordingValidator{}
	r, _, _ := twoIssuers(t, validator.WithOpaqueTokens(opaque))
	ctx := context.Background()

	claims, err := r.Validate(ctx, "2YotnFZFEjr1zCsicMWpAA")
	if err != nil || claims.Subject != "opaque" {
		t.Fatalf("opaque token: claims %+v, err %v", claims, err)
	}
	if _, err := r.Validate(ctx, "a.b.c.d.e"); err != nil {
		t.Fatalf("five segments are not a JWS and go to the opaque validator: %v", err)
	}
	jws := sign(t, jwt.SigningMethodRS256, "k", k.rsa, with(baseClaims(), "iss", staffIssuer), nil)
	if claims, err := r.Validate(ctx, jws); err != nil || claims.Issuer != staffIssuer {
		t.Fatalf("JWS: claims %+v, err %v", claims, err)
	}
	_, err = r.Validate(ctx, "")
	assertReason(t, err, validator.ErrMissingToken)
	if want := []string{"2YotnFZFEjr1zCsicMWpAA", "a.b.c.d.e"}; strings.Join(opaque.seen, " ") != strings.Join(want, " ") {
		t.Fatalf("opaque validator saw %q, want %q", opaque.seen, want)
	}
}

func TestByIssuerRefusesBadConfigurations(t *testing.T) {
	k := generatedKeys(t)
	keys := &mapKeys{keys: map[string]crypto.PublicKey{"k": &k.rsa.PublicKey}}
	mk := func(opts ...validator.Option) *validator.Validator {
		v, err := validator.New(keys, append([]validator.Option{validator.WithAudience(testAudience)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	a := mk(validator.WithIssuer("https://a.example.com"))
	ab := mk(validator.WithIssuer("https://b.example.com", "https://a.example.com"))
	anyIssuer := mk(validator.WithAnyIssuer())
	tests := []struct {
		name       string
		validators []*validator.Validator
		opts       []validator.RouterOption
		want       string
	}{
		{"empty list", nil, nil, "no Validator"},
		{"nil Validator", []*validator.Validator{a, nil}, nil, "nil"},
		{"WithAnyIssuer", []*validator.Validator{a, anyIssuer}, nil, "any issuer"},
		{"issuer claimed twice", []*validator.Validator{a, ab}, nil, "claimed by two"},
		{"same Validator twice", []*validator.Validator{a, a}, nil, "claimed by two"},
		{"nil opaque validator", []*validator.Validator{a}, []validator.RouterOption{validator.WithOpaqueTokens(nil)}, "nil TokenValidator"},
		{"nil option", []*validator.Validator{a}, []validator.RouterOption{nil}, "nil option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := validator.ByIssuer(tt.validators, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ByIssuer = %v, %v; want an error containing %q", r, err, tt.want)
			}
		})
	}
}

func TestRoutingAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	k := generatedKeys(t)
	keys := &mapKeys{keys: map[string]crypto.PublicKey{"ed": k.ed.Public()}}
	v, err := validator.New(keys, validator.WithIssuer(testIssuer), validator.WithAudience(testAudience), validator.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	r, err := validator.ByIssuer([]*validator.Validator{v})
	if err != nil {
		t.Fatal(err)
	}
	token := sign(t, jwt.SigningMethodEdDSA, "ed", k.ed, baseClaims(), nil)
	ctx := context.Background()
	measure := func(tv validator.TokenValidator) float64 {
		return testing.AllocsPerRun(200, func() {
			if _, err := tv.Validate(ctx, token); err != nil {
				t.Fatal(err)
			}
		})
	}
	direct, routed := measure(v), measure(r)
	if routed != direct {
		t.Fatalf("routed validation allocates %v times, direct %v: routing must add none", routed, direct)
	}
}

func TestRouterErrorsAreTyped(t *testing.T) {
	r, _, _ := twoIssuers(t)
	_, err := r.Validate(context.Background(), "not-a-jws")
	var ve *validator.Error
	if !errors.As(err, &ve) || ve.Code() != "malformed_token" {
		t.Fatalf("err = %v, want a *validator.Error with code malformed_token", err)
	}
}

func TestRoutedAnswersEqualDirectAnswers(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t), validator.WithRequiredClaims("sub"))
	r, err := validator.ByIssuer([]*validator.Validator{v})
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{
		"valid":          sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil),
		"expired":        sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, with(baseClaims(), "exp", fixedNow.Add(-time.Hour).Unix()), nil),
		"wrong audience": sign(t, jwt.SigningMethodES256, "p256", k.p256, with(baseClaims(), "aud", "other"), nil),
		"no sub":         sign(t, jwt.SigningMethodEdDSA, "ed", k.ed, with(baseClaims(), "sub", nil), nil),
		"forged":         sign(t, jwt.SigningMethodRS256, "rsa", k.other, baseClaims(), nil),
		"unknown kid":    sign(t, jwt.SigningMethodRS256, "nope", k.rsa, baseClaims(), nil),
		"alg none":       rawToken(t, `{"alg":"none"}`, claimsJSON(t, baseClaims())),
	} {
		direct, directErr := v.Validate(context.Background(), token)
		routed, routedErr := r.Validate(context.Background(), token)
		if validator.Code(directErr) != validator.Code(routedErr) || fmt.Sprint(directErr) != fmt.Sprint(routedErr) {
			t.Errorf("%s: routed %v, direct %v", name, routedErr, directErr)
		}
		if directErr == nil && (routed.Subject != direct.Subject || string(routed.RawClaims()) != string(direct.RawClaims())) {
			t.Errorf("%s: routed claims %+v, direct %+v", name, routed, direct)
		}
	}
}

func TestRouterAnswersFromTheChosenValidatorsCache(t *testing.T) {
	k := generatedKeys(t)
	source := &rotatingKeys{keys: map[string]crypto.PublicKey{"rsa": &k.rsa.PublicKey}}
	clock := &testClock{}
	clock.set(fixedNow)
	v := cachedValidator(t, source, clock)
	other, err := validator.New(&rotatingKeys{}, validator.WithIssuer(staffIssuer), validator.WithAudience(testAudience), validator.WithCache(10))
	if err != nil {
		t.Fatal(err)
	}
	r, err := validator.ByIssuer([]*validator.Validator{other, v})
	if err != nil {
		t.Fatal(err)
	}
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	first, err := r.Validate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	lookups := source.lookups.Load()
	second, err := r.Validate(context.Background(), token)
	if err != nil || second != first || source.lookups.Load() != lookups {
		t.Fatalf("second routed validation: %p vs %p, err %v, %d more key lookups", second, first, err, source.lookups.Load()-lookups)
	}
	if direct, err := v.Validate(context.Background(), token); err != nil || direct != first {
		t.Fatalf("the routed validation did not fill the chosen Validator's cache: %v", err)
	}
	clock.advance(time.Hour)
	_, err = r.Validate(context.Background(), token)
	assertReason(t, err, validator.ErrTokenExpired)
}
