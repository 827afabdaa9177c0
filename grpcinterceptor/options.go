package grpcinterceptor

import (
	"strings"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// DefaultSkipMethods are the methods left unprotected unless WithSkipMethods replaces them: health
// checks, which load balancers make without credentials, and server reflection.
var DefaultSkipMethods = []string{
	"/grpc.health.v1.Health/*",
	"/grpc.reflection.v1.ServerReflection/*",
	"/grpc.reflection.v1alpha.ServerReflection/*",
}

// Option configures Unary, Stream and AuthFunc.
type Option func(*config)

type config struct {
	methodScopes map[string]scopes.Requirement
	methodAuth   map[string]stepup.Requirement
	skip         []string
	optional     bool
}

// WithMethodScopes requires, for each full method name ("/pkg.Service/Method") in required, that the
// token meet the Requirement. Methods not named need a valid token only. Later calls add to, and for
// the same method replace, what earlier ones set.
func WithMethodScopes(required map[string]scopes.Requirement) Option {
	return func(c *config) {
		if c.methodScopes == nil {
			c.methodScopes = make(map[string]scopes.Requirement, len(required))
		}
		for method, req := range required {
			c.methodScopes[method] = req
		}
	}
}

// WithSkipMethods replaces DefaultSkipMethods with patterns: calls to the methods they match pass
// without any check and without claims. A pattern is a full method name ("/pkg.Service/Method") or a
// service followed by "/*" ("/pkg.Service/*") for all its methods. WithSkipMethods() with no
// patterns protects every method, health checks included.
func WithSkipMethods(patterns ...string) Option {
	return func(c *config) { c.skip = append([]string{}, patterns...) }
}

// WithCredentialsOptional lets a call that carries no token through anonymously, unless its method
// requires scopes. A malformed or invalid token is still refused.
func WithCredentialsOptional() Option {
	return func(c *config) { c.optional = true }
}

// skipList is the matcher built from the skip patterns once, at construction.
type skipList struct {
	exact    map[string]bool
	prefixes []string
}

func newSkipList(patterns []string) skipList {
	s := skipList{exact: make(map[string]bool, len(patterns))}
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, "/*"); ok {
			s.prefixes = append(s.prefixes, prefix+"/")
		} else {
			s.exact[p] = true
		}
	}
	return s
}

func (s skipList) match(method string) bool {
	if s.exact[method] {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(method, p) {
			return true
		}
	}
	return false
}
