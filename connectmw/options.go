package connectmw

import (
	"errors"
	"log/slog"
	"slices"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/internal/methodrules"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// ErrInvalidProcedure is wrapped by the error New returns for a WithProcedureScopes,
// WithSkipProcedures or WithProcedureAuthentication key that is not a procedure name
// ("/package.Service/Method") or a service wildcard ("/package.Service/*"), and for a procedure that
// has scopes or a step-up requirement but is skipped.
var ErrInvalidProcedure = errors.New("connectmw: invalid procedure name")

// DefaultSkipProcedures are the procedures left unprotected unless WithSkipProcedures replaces them:
// health checks (connectrpc.com/grpchealth), which load balancers make without credentials, and server
// reflection (connectrpc.com/grpcreflect) — "/grpc.health.v1.Health/*",
// "/grpc.reflection.v1.ServerReflection/*" and "/grpc.reflection.v1alpha.ServerReflection/*", the
// very list grpcinterceptor.DefaultSkipMethods holds.
var DefaultSkipProcedures = slices.Clone(methodrules.DefaultSkip)

// names are this package's words for the mistakes package methodrules reports: procedure keys are
// read by the rules grpcinterceptor's method keys are.
var names = methodrules.Names{
	Invalid: ErrInvalidProcedure,
	Package: "connectmw",
	Scopes:  "WithProcedureScopes",
	Skip:    "WithSkipProcedures",
	StepUp:  "WithProcedureAuthentication",
}

// Option configures New.
type Option func(*config)

type config struct {
	rules    methodrules.Config
	optional bool
	// dpop is the verifier of WithDPoP, or nil.
	dpop *dpop.Verifier
	logs bool // WithLogger with a logger
	// http are the options of the HTTP core that writes the answer (challenge, log line).
	http []httpguard.Option[struct{}]
	errs []error
}

// newConfig applies opts over the defaults and collects every mistake, for New to report.
func newConfig(opts []Option) *config {
	c := &config{}
	skip, err := methodrules.ParseKeys(ErrInvalidProcedure, "DefaultSkipProcedures", DefaultSkipProcedures)
	c.rules.Skip, c.errs = skip, append(c.errs, err)
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	c.errs = append(c.errs, names.Conflicts(&c.rules)...)
	return c
}

// WithProcedureScopes requires, for each procedure named in required, that the token meet its
// Requirement. A key is a procedure ("/package.Service/Method", as connect.Spec.Procedure names it) or
// a service wildcard ("/package.Service/*", every procedure of the service without an entry of its
// own); a zero Requirement asks for a valid token only. Procedures not named need a valid token only,
// unless WithUnlistedProcedures says otherwise. Later calls add to, and for the same key replace, what
// earlier ones set. The keys follow grpcinterceptor.WithMethodScopes' rules exactly: a malformed key
// makes New fail (errors.Is ErrInvalidProcedure), so a typo stops the server at start-up.
func WithProcedureScopes(required map[string]scopes.Requirement) Option {
	entries, err := names.ParseScopes(required)
	return func(c *config) {
		c.errs = append(c.errs, err)
		c.rules.AddScopes(entries)
	}
}

// WithSkipProcedures replaces DefaultSkipProcedures with patterns: calls to the procedures they match
// pass without any check and without claims. A pattern is a procedure or a service wildcard, checked
// as WithProcedureScopes' keys are. WithSkipProcedures() with no patterns protects every procedure.
func WithSkipProcedures(patterns ...string) Option {
	parsed, err := methodrules.ParseKeys(ErrInvalidProcedure, names.Skip, patterns)
	return func(c *config) {
		c.errs = append(c.errs, err)
		c.rules.Skip, c.rules.SkipGiven = parsed, true
	}
}

// WithUnlistedProcedures makes every procedure that WithProcedureScopes does not name (neither by
// itself nor by its service's wildcard) require req, instead of a valid token only: a procedure added
// later, or misspelled in the map, is then refused to tokens without req rather than let through.
// Skipped procedures stay skipped.
func WithUnlistedProcedures(req scopes.Requirement) Option {
	return func(c *config) { c.rules.Unlisted = req }
}

// WithProcedureAuthentication requires, for each procedure named in required (keys as in
// WithProcedureScopes), that the authentication behind the token meet the step-up Requirement (RFC
// 9470): its "acr" one of ACRValues and its "auth_time" at most MaxAge ago, each when set. A call that
// falls short fails with connect.CodeUnauthenticated, "insufficient_user_authentication: …", and the
// challenge carries acr_values and max_age; it is checked after the procedure's scopes. A malformed key
// or a Requirement whose Validate fails makes New fail.
func WithProcedureAuthentication(required map[string]stepup.Requirement) Option {
	entries, err := names.ParseStepUp(required)
	return func(c *config) {
		c.errs = append(c.errs, err)
		c.rules.AddStepUp(entries)
	}
}

// WithCredentialsOptional lets a call that carries no token through anonymously, unless its procedure
// requires scopes or a step-up. A malformed or invalid token is still refused.
func WithCredentialsOptional() Option {
	return func(c *config) { c.optional = true }
}

// WithLogger logs every refused call on l, once, as the HTTP adapters do: at Debug for a refused token,
// a missing scope or a malformed request, at Warn for Unavailable. The line holds the reason code, the
// server-side detail, the token's unverified iss, aud, kid and alg (never the token), the route
// (HTTP method and procedure) and the peer's address. Off by default; nil turns it off.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		c.logs = l != nil
		c.http = append(c.http, httpguard.WithLogger[struct{}](l))
	}
}

// WithResourceMetadata adds resource_metadata="<metadataURL>" (RFC 9728 §5.1) to the challenge of
// every refusal but Unavailable, as the HTTP adapters' option of the same name does, and under the
// same rule: an absolute https URL (http only to a loopback host), else New fails.
func WithResourceMetadata(metadataURL string) Option {
	return func(c *config) { c.http = append(c.http, httpguard.WithResourceMetadata[struct{}](metadataURL)) }
}

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
func WithRealm(realm string) Option {
	return func(c *config) { c.http = append(c.http, httpguard.WithRealm[struct{}](realm)) }
}

// WithDPoP turns on DPoP (RFC 9449) with v, as the HTTP adapters' WithDPoP does and answered by the
// same code: with mode dpop.Allowed a call may send "Authorization: DPoP <token>" with a DPoP proof
// header, and Bearer tokens that are not DPoP-bound still pass; with dpop.Required only DPoP does. A
// DPoP-bound token sent as Bearer is refused in both modes. The proof's htu must be the procedure's
// URL: v's base URL (dpop.WithBaseURL, required here, since connect-go does not hand interceptors the
// request's host) followed by the procedure, e.g. "https://api.example.com/pkg.v1.Orders/Get". A nil
// v, a v without a base URL or an invalid mode makes New fail.
func WithDPoP(v *dpop.Verifier, mode dpop.Mode) Option {
	return func(c *config) {
		switch {
		case v != nil && v.BaseURL() == nil:
			c.errs = append(c.errs, errNoBaseURL)
		default:
			c.dpop = v
		}
		c.http = append(c.http, httpguard.WithDPoP[struct{}](v, mode)) // reports a nil v or a bad mode
	}
}

// errNoBaseURL is the mistake of a WithDPoP verifier built without dpop.WithBaseURL.
var errNoBaseURL = errors.New("connectmw: WithDPoP needs a verifier with dpop.WithBaseURL: connect-go does not expose the request's host, from which the proof's htu is checked")
