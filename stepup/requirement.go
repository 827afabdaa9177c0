package stepup

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrInsufficientUserAuthentication is wrapped by every error Requirement.Check returns.
// validator.ErrInsufficientUserAuthentication is this same value, so one errors.Is works at every
// layer.
var ErrInsufficientUserAuthentication = errors.New("insufficient user authentication")

// Requirement is what a route demands of the authentication event behind a token. The zero
// Requirement demands nothing.
type Requirement struct {
	// ACRValues, when not empty, lists the authentication context class references of which the
	// token's "acr" must be one (compared exactly), in order of preference: the challenge's
	// acr_values keeps this order.
	ACRValues []string
	// MaxAge, when positive, is how long ago the user may have authenticated at most: now minus the
	// token's "auth_time" must not exceed it. It is compared without leeway (see Check). The
	// challenge states it in whole seconds, rounded down.
	MaxAge time.Duration
}

// Authentication is what a token says about the authentication event behind it.
type Authentication struct {
	// ACR is the "acr" claim; "" when absent.
	ACR string
	// Time is the "auth_time" claim; the zero Time when absent.
	Time time.Time
}

// IsZero reports whether the Requirement demands nothing.
func (r Requirement) IsZero() bool { return len(r.ACRValues) == 0 && r.MaxAge <= 0 }

// Validate reports a Requirement that cannot be stated in a challenge: a negative MaxAge or one
// under a second (max_age counts seconds; MaxAge: 300 is 300ns, not five minutes), or an ACR value
// that is empty, repeated, or holds a space, a quote, a backslash or a control character (acr_values
// is a space-separated list inside a quoted string). Adapters call it at construction, so a typo
// fails there rather than refusing every token.
func (r Requirement) Validate() error {
	if r.MaxAge < 0 || r.MaxAge > 0 && r.MaxAge < time.Second {
		return fmt.Errorf("stepup: MaxAge %v is not a positive number of seconds", r.MaxAge)
	}
	for i, v := range r.ACRValues {
		if v == "" || strings.ContainsFunc(v, func(c rune) bool { return c <= ' ' || c == '"' || c == '\\' || c == 0x7f }) {
			return fmt.Errorf("stepup: ACR value %q is empty or holds a space, quote, backslash or control character", v)
		}
		if slices.Contains(r.ACRValues[:i], v) {
			return fmt.Errorf("stepup: ACR value %q is listed twice", v)
		}
	}
	return nil
}

// Check returns nil when a meets the Requirement at now. Otherwise it returns an *Error, which wraps
// ErrInsufficientUserAuthentication and carries the Requirement for the challenge. A claim the
// Requirement needs but the token lacks fails the same way as a wrong value.
//
// MaxAge is compared without clock-skew leeway: leeway would weaken the policy, while a client
// refused because of a few seconds of skew simply steps up again. An auth_time in the future counts
// as fresh: the token's signature vouches for it and the validator has already bounded iat.
func (r Requirement) Check(a Authentication, now time.Time) error {
	if len(r.ACRValues) > 0 {
		switch {
		case a.ACR == "":
			return &Error{Required: r, Description: "token has no acr claim"}
		case !slices.Contains(r.ACRValues, a.ACR):
			return &Error{Required: r, Description: "authentication context class not accepted"}
		}
	}
	if r.MaxAge > 0 {
		switch {
		case a.Time.IsZero():
			return &Error{Required: r, Description: "token has no auth_time claim"}
		case now.Sub(a.Time) > r.MaxAge:
			return &Error{Required: r, Description: "authentication older than " + r.MaxAge.String()}
		}
	}
	return nil
}

// ChallengeParams returns the values of the RFC 9470 §3 WWW-Authenticate parameters acr_values (the
// ACR values space-separated) and max_age (whole seconds); each is "" when the Requirement does not
// demand it, and the parameter is then left out.
func (r Requirement) ChallengeParams() (acrValues, maxAge string) {
	if len(r.ACRValues) > 0 {
		acrValues = strings.Join(r.ACRValues, " ")
	}
	if r.MaxAge > 0 {
		maxAge = strconv.FormatInt(int64(r.MaxAge/time.Second), 10)
	}
	return acrValues, maxAge
}

// Error is the error Check returns. errors.Is(err, ErrInsufficientUserAuthentication) reports true
// for it; Required is what the challenge must ask for.
type Error struct {
	// Required is the Requirement the token failed.
	Required Requirement
	// Description says in a few words what fell short; it is safe to show to the client (it never
	// holds a claim value of the token).
	Description string
}

// Error returns "insufficient user authentication: <description>".
func (e *Error) Error() string {
	return ErrInsufficientUserAuthentication.Error() + ": " + e.Description
}

// Unwrap returns ErrInsufficientUserAuthentication.
func (e *Error) Unwrap() error { return ErrInsufficientUserAuthentication }
