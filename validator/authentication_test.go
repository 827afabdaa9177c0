package validator_test

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

func TestClaimsAuthentication(t *testing.T) {
	v := newValidator(t, standardKeySource(t))
	loginAt := fixedNow.Add(-10 * time.Minute)
	for _, tc := range []struct {
		name     string
		acr      any // nil: absent
		authTime any
		want     stepup.Authentication
	}{
		{"both absent", nil, nil, stepup.Authentication{}},
		{"both present", "urn:example:mfa", loginAt.Unix(), stepup.Authentication{ACR: "urn:example:mfa", Time: loginAt}},
		{"fractional auth_time", "pwd", float64(loginAt.Unix()) + 0.5, stepup.Authentication{ACR: "pwd", Time: loginAt.Add(500 * time.Millisecond)}},
		{"acr not a string", 2, loginAt.Unix(), stepup.Authentication{Time: loginAt}},
		{"auth_time as a string", "pwd", "1700000000", stepup.Authentication{ACR: "pwd"}},
		{"auth_time as an object", "pwd", map[string]any{"t": 1}, stepup.Authentication{ACR: "pwd"}},
		{"null claims", jsonNull{}, jsonNull{}, stepup.Authentication{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := baseClaims()
			setClaim(c, "acr", tc.acr)
			setClaim(c, "auth_time", tc.authTime)
			claims, err := v.Validate(t.Context(), sign(t, jwt.SigningMethodRS256, "rsa", generatedKeys(t).rsa, c, nil))
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got := claims.Authentication()
			if got.ACR != tc.want.ACR || !got.Time.Equal(tc.want.Time) {
				t.Errorf("Authentication() = %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := (*validator.Claims)(nil).Authentication(); got != (stepup.Authentication{}) {
		t.Errorf("nil claims: %+v", got)
	}
}

// jsonNull marks a claim present with the value null.
type jsonNull struct{}

func setClaim(c jwt.MapClaims, name string, value any) {
	switch value.(type) {
	case nil:
	case jsonNull:
		c[name] = nil
	default:
		c[name] = value
	}
}

func TestCheckAuthentication(t *testing.T) {
	v := newValidator(t, standardKeySource(t))
	c := baseClaims()
	c["acr"] = "pwd"
	c["auth_time"] = fixedNow.Add(-time.Hour).Unix()
	token := sign(t, jwt.SigningMethodRS256, "rsa", generatedKeys(t).rsa, c, nil)
	claims, err := v.Validate(t.Context(), token)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}

	for _, tc := range []struct {
		name string
		req  stepup.Requirement
		desc string // "" when the requirement is met
	}{
		{"zero requirement", stepup.Requirement{}, ""},
		{"acr accepted", stepup.Requirement{ACRValues: []string{"mfa", "pwd"}}, ""},
		{"acr refused", stepup.Requirement{ACRValues: []string{"mfa"}}, "authentication context class not accepted"},
		{"recent enough", stepup.Requirement{MaxAge: 2 * time.Hour}, ""},
		{"too old", stepup.Requirement{MaxAge: 30 * time.Minute}, "authentication older than 30m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := validator.CheckAuthentication(claims, tc.req, fixedNow)
			if tc.desc == "" {
				if err != nil {
					t.Fatalf("CheckAuthentication = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, validator.ErrInsufficientUserAuthentication) || !errors.Is(err, stepup.ErrInsufficientUserAuthentication) {
				t.Fatalf("CheckAuthentication = %v, want ErrInsufficientUserAuthentication", err)
			}
			if validator.Code(err) != "insufficient_user_authentication" || validator.KindOf(err) != validator.KindTokenRefused {
				t.Errorf("code %q kind %v", validator.Code(err), validator.KindOf(err))
			}
			if got := validator.Description(err); got != tc.desc {
				t.Errorf("description %q, want %q", got, tc.desc)
			}
			var se *stepup.Error
			if !errors.As(err, &se) || se.Required.MaxAge != tc.req.MaxAge || len(se.Required.ACRValues) != len(tc.req.ACRValues) {
				t.Errorf("the stepup.Error naming the requirement is lost: %#v", se)
			}
			assertNoTokenIn(t, err.Error(), token)
		})
	}

	if err := validator.CheckAuthentication(nil, stepup.Requirement{}, fixedNow); err != nil {
		t.Errorf("nil claims, zero requirement: %v", err)
	}
	err = validator.CheckAuthentication(nil, stepup.Requirement{MaxAge: time.Minute}, fixedNow)
	if !errors.Is(err, validator.ErrInsufficientUserAuthentication) || validator.Description(err) != "token has no auth_time claim" {
		t.Errorf("nil claims: %v", err)
	}
}

func TestInsufficientUserAuthenticationIsStepups(t *testing.T) {
	if validator.ErrInsufficientUserAuthentication != stepup.ErrInsufficientUserAuthentication {
		t.Fatal("validator.ErrInsufficientUserAuthentication is not stepup.ErrInsufficientUserAuthentication")
	}
	err := stepup.Requirement{ACRValues: []string{"mfa"}}.Check(stepup.Authentication{}, fixedNow)
	if validator.Code(err) != "insufficient_user_authentication" {
		t.Errorf("Code of a bare stepup error = %q", validator.Code(err))
	}
}
