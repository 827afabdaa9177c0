package grpcinterceptor

import (
	"maps"

	"github.com/jwtguard/jwtguard/stepup"
)

// WithMethodAuthentication requires, for each full method name ("/pkg.Service/Method") in required,
// that the authentication behind the token meet the step-up Requirement (RFC 9470): its "acr" one of
// ACRValues and its "auth_time" at most MaxAge ago, each when set. A call that falls short, or whose
// token lacks the claim, fails with Unauthenticated and the message
// "insufficient_user_authentication: <description>", e.g. "insufficient_user_authentication:
// authentication older than 5m0s"; it is checked after the method's scopes. Such a method needs a
// token even under WithCredentialsOptional. Later calls add to, and for the same method replace, what
// earlier ones set. Unary, Stream and AuthFunc panic if a Requirement's Validate fails.
func WithMethodAuthentication(required map[string]stepup.Requirement) Option {
	return func(c *config) {
		if c.methodAuth == nil {
			c.methodAuth = make(map[string]stepup.Requirement, len(required))
		}
		maps.Copy(c.methodAuth, required)
	}
}

// requireAuthentication adds each method's step-up requirement to its policy, after checking that
// it can be stated.
func (g *guard) requireAuthentication(required map[string]stepup.Requirement) {
	for method, req := range required {
		if err := req.Validate(); err != nil {
			panic("grpcinterceptor: WithMethodAuthentication " + method + ": " + err.Error())
		}
		if req.IsZero() {
			continue
		}
		policy := g.methods[method]
		policy.authentication = req
		g.methods[method] = policy
	}
}
