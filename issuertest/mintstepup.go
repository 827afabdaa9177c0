package issuertest

import "time"

// WithACR sets "acr", the authentication context class the user's login satisfied, which a
// step-up requirement (RFC 9470) checks.
func WithACR(acr string) MintOption {
	return func(c *mintConfig) { c.setClaim("acr", acr) }
}

// WithAuthTime sets "auth_time", when the user last authenticated, which a step-up requirement's
// maximum age (RFC 9470) is measured from.
func WithAuthTime(t time.Time) MintOption {
	return func(c *mintConfig) { c.setClaim("auth_time", t) }
}
