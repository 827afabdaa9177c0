package httpguard

import (
	"errors"
	"time"

	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// NewStepUpRoute returns the requirement of a route that demands req of the authentication event
// behind the token (RFC 9470): its "acr" and "auth_time", checked against the current time. Claims
// that fall short are refused with the *validator.Error of validator.CheckAuthentication, answered
// 401 insufficient_user_authentication with acr_values and max_age. It panics if req.Validate
// fails, so a typo such as MaxAge: 300 (nanoseconds) fails at start-up.
func NewStepUpRoute(req stepup.Requirement) *Route {
	if err := req.Validate(); err != nil {
		panic("jwtguard: RequireAuthentication: " + err.Error())
	}
	return &Route{check: func(c *validator.Claims) error {
		return validator.CheckAuthentication(c, req, time.Now())
	}}
}

// stepUpParams returns the acr_values and max_age parameters of a step-up challenge (RFC 9470 §3),
// from the requirement that err, an insufficient_user_authentication failure, carries; without one
// (a custom validator's bare sentinel) both are empty and left out.
func stepUpParams(err error) (acrValues, maxAge Param) {
	var required stepup.Requirement
	if se, ok := errors.AsType[*stepup.Error](err); ok {
		required = se.Required
	}
	acr, age := required.ChallengeParams()
	return Param{"acr_values", acr}, Param{"max_age", age}
}
