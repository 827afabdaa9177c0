package validator

import (
	"time"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/stepup"
)

// Authentication returns what the verified claims say about the authentication event behind the
// token: "acr" when it is a string and "auth_time" when it is a NumericDate (a JSON number). A
// claim of another type counts as absent, so a step-up requirement on it fails.
func (c *Claims) Authentication() stepup.Authentication {
	var a stepup.Authentication
	if c == nil {
		return a
	}
	if v, ok := c.Get("acr"); ok {
		a.ACR, _ = v.(string)
	}
	if v, ok := c.Get("auth_time"); ok {
		if seconds, isNumber := v.(float64); isNumber {
			a.Time = jose.NumericDate{Present: true, Seconds: seconds}.Time()
		}
	}
	return a
}

// CheckAuthentication checks the authentication event behind verified claims against a route's
// step-up requirement at now (RFC 9470). A failure is a *Error with reason
// ErrInsufficientUserAuthentication whose cause is the *stepup.Error, so errors.As recovers the
// requirement the challenge's acr_values and max_age are written from. Nil claims meet only the zero
// requirement.
func CheckAuthentication(c *Claims, req stepup.Requirement, now time.Time) error {
	if req.IsZero() {
		return nil
	}
	err := req.Check(c.Authentication(), now)
	if err == nil {
		return nil
	}
	var description string
	if se, ok := err.(*stepup.Error); ok {
		description = se.Description
	}
	return newError(ErrInsufficientUserAuthentication, description, err)
}
