package grpcinterceptor

import (
	"errors"
	"log/slog"
	"slices"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/internal/methodrules"
	"github.com/jwtguard/jwtguard/internal/refusallog"
	"github.com/jwtguard/jwtguard/scopes"
)

// DefaultSkipMethods are the methods left unprotected unless WithSkipMethods replaces them: health
// checks, which load balancers make without credentials, and server reflection —
// "/grpc.health.v1.Health/*", "/grpc.reflection.v1.ServerReflection/*" and
// "/grpc.reflection.v1alpha.ServerReflection/*", the list connectmw.DefaultSkipProcedures shares.
var DefaultSkipMethods = slices.Clone(methodrules.DefaultSkip)

// Option configures New, Unary, Stream, AuthFunc and CheckMethods.
type Option func(*config)

type config struct {
	// rules are the per-method options: WithMethodScopes, WithSkipMethods, WithUnlistedMethods and
	// WithMethodAuthentication.
	rules    methodrules.Config
	optional bool
	logger   *slog.Logger
	errs     []error // invalid keys, reported by New
	// bindings are the sender-constraint methods turned on (WithCertificateBinding).
	bindings []binding.Method
}

// newConfig applies opts over the defaults; invalid keys are collected, for err to report.
func newConfig(opts []Option) *config {
	c := &config{}
	skip, err := methodrules.ParseKeys(ErrInvalidMethod, "DefaultSkipMethods", DefaultSkipMethods)
	c.rules.Skip, c.errs = skip, append(c.errs, err)
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	c.errs = append(c.errs, names.Conflicts(&c.rules)...)
	return c
}

// err returns every configuration error, or nil.
func (c *config) err() error { return errors.Join(c.errs...) }

// WithMethodScopes requires, for each method named in required, that the token meet its Requirement.
// A key is a full method name ("/package.Service/Method") or a service wildcard ("/package.Service/*",
// every method of the service that has no entry of its own). A zero Requirement asks for a valid
// token only. Methods not named need a valid token only, unless WithUnlistedMethods says otherwise.
// Later calls add to, and for the same key replace, what earlier ones set.
//
// Every key is checked when the option is built: one that is not a method name or a wildcard makes
// New fail and Unary, Stream and AuthFunc panic, so a typo stops the server at start-up instead of
// protecting nothing. CheckMethods also catches a well-formed key that names no registered method.
func WithMethodScopes(required map[string]scopes.Requirement) Option {
	entries, err := names.ParseScopes(required)
	return func(c *config) {
		c.errs = append(c.errs, err)
		c.rules.AddScopes(entries)
	}
}

// WithSkipMethods replaces DefaultSkipMethods with patterns: calls to the methods they match pass
// without any check and without claims. A pattern is a full method name ("/pkg.Service/Method") or a
// service followed by "/*" ("/pkg.Service/*") for all its methods, checked as WithMethodScopes' keys
// are. WithSkipMethods() with no patterns protects every method, health checks included.
func WithSkipMethods(patterns ...string) Option {
	parsed, err := methodrules.ParseKeys(ErrInvalidMethod, names.Skip, patterns)
	return func(c *config) {
		c.errs = append(c.errs, err)
		c.rules.Skip, c.rules.SkipGiven = parsed, true
	}
}

// WithCredentialsOptional lets a call that carries no token through anonymously, unless its method
// requires scopes. A malformed or invalid token is still refused.
func WithCredentialsOptional() Option {
	return func(c *config) { c.optional = true }
}

// WithLogger logs every refused call on l, once: at Info for a token refused or lacking scopes, at
// Warn for Unavailable (no keys), so WithLogger(slog.Default()) shows them. The line holds the reason
// code, the server-side detail (validator.Detail), the token's unverified iss, aud, kid and alg (never
// the token), the scopes it had when a method's scopes refused it, what the metadata held instead of
// a token for missing_token, the gRPC method and the peer's address. At most 20 lines are written a
// second; the count of the others follows in one line at Warn. Off by default; nil turns it off.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = refusallog.Limit(l) }
}
