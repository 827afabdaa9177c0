package grpcinterceptor

import "github.com/jwtguard/jwtguard/stepup"

// WithMethodAuthentication requires, for each method named in required (a full method name
// "/pkg.Service/Method" or a service wildcard "/pkg.Service/*", checked as WithMethodScopes' keys are), that the authentication behind the token meet the step-up Requirement (RFC 9470): its "acr" one of
// ACRValues and its "auth_time" at most MaxAge ago, each when set. A call that falls short, or whose
// token lacks the claim, fails with Unauthenticated and the message
// "insufficient_user_authentication: <description>", e.g. "insufficient_user_authentication:
// authentication older than 5m0s"; it is checked after the method's scopes. Such a method needs a
// token even under WithCredentialsOptional. Later calls add to, and for the same method replace, what
// earlier ones set. A malformed key or a Requirement whose Validate fails makes New fail and Unary,
// Stream and AuthFunc panic; CheckMethods reports a key that names no registered method.
func WithMethodAuthentication(required map[string]stepup.Requirement) Option {
	entries, err := names.ParseStepUp(required)
	return func(c *config) {
		c.errs = append(c.errs, err)
		c.rules.AddStepUp(entries)
	}
}
