package grpcinterceptor

import (
	"fmt"
	"maps"
	"slices"

	"github.com/jwtguard/jwtguard/stepup"
)

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
	parsed, err := parseMethodKeys("WithMethodAuthentication", slices.Sorted(maps.Keys(required)))
	errs := []error{err}
	entries := make([]stepUpMethod, 0, len(parsed))
	for _, k := range parsed {
		req := required[k.key]
		if err := req.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("grpcinterceptor: WithMethodAuthentication %s: %w", k.key, err))
			continue
		}
		if !req.IsZero() {
			entries = append(entries, stepUpMethod{key: k, required: req})
		}
	}
	return func(c *config) {
		c.errs = append(c.errs, errs...)
		if c.methodAuth == nil {
			c.methodAuth = make(map[string]stepUpMethod, len(entries))
		}
		for _, e := range entries {
			c.methodAuth[e.key.key] = e
		}
	}
}

// stepUpMethod is one WithMethodAuthentication entry.
type stepUpMethod struct {
	key      methodKey
	required stepup.Requirement
}

// stepUpKeys returns the keys of WithMethodAuthentication, in order.
func (c *config) stepUpKeys() []methodKey {
	keys := make([]methodKey, 0, len(c.methodAuth))
	for _, name := range slices.Sorted(maps.Keys(c.methodAuth)) {
		keys = append(keys, c.methodAuth[name].key)
	}
	return keys
}
