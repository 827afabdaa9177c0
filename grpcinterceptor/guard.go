package grpcinterceptor

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/internal/methodrules"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Refusals that do not depend on the token, built once: the refusal (a *validator.Error, for the log)
// and the status it is answered with.
var (
	errMissing            = toStatus(bearer.ErrNoToken)
	authorizationRefusals = bearer.NewRefusals(bearer.ProblemMultiple, func(description string) error {
		return validator.NewError(validator.ErrInvalidRequest, description, nil)
	})
	authorizationStatus = func() map[error]error {
		m := make(map[error]error, 3)
		for _, values := range [][]string{{"Bearer"}, {"Bearer a b"}, {"Bearer a", "Bearer b"}} {
			_, err := authorizationRefusals.Token(values)
			m[err] = toStatus(err)
		}
		return m
	}()
)

// guard is the check shared by Unary, Stream and AuthFunc.
type guard struct {
	v        validator.TokenValidator
	rules    *methodrules.Rules[error] // a scope refusal is its status error, built once
	optional bool
	logger   *slog.Logger
	bindings []binding.Method // WithCertificateBinding
}

// newGuard builds the guard of opts, or reports every mistake in them.
func newGuard(v validator.TokenValidator, opts []Option) (*guard, error) {
	if v == nil {
		return nil, errors.New("grpcinterceptor: needs a non-nil TokenValidator")
	}
	c := newConfig(opts)
	if err := c.err(); err != nil {
		return nil, err
	}
	rules := methodrules.Compile(&c.rules, func(req scopes.Requirement) error {
		return toStatus(validator.NewScopeError(req, nil))
	})
	return &guard{v: v, rules: rules, optional: c.optional, logger: c.logger, bindings: c.bindings}, nil
}

// mustGuard is newGuard for the constructors that cannot return an error: a configuration mistake
// stops the program at start-up rather than leave a method unprotected.
func mustGuard(v validator.TokenValidator, opts []Option) *guard {
	g, err := newGuard(v, opts)
	if err != nil {
		panic(err)
	}
	return g
}

// authenticate returns ctx with the verified claims for a call to method, ctx itself for a call let
// through anonymously, or a status error.
func (g *guard) authenticate(ctx context.Context, method string) (context.Context, error) {
	if g.rules.Skipped(method) {
		return ctx, nil
	}
	token, err := tokenFrom(ctx)
	if err != nil {
		g.logRefusal(ctx, method, "", err, "") // malformed authorization metadata
		if st, ok := authorizationStatus[err]; ok {
			return nil, st
		}
		return nil, toStatus(err) // never nil: a refusal stays a refusal
	}
	out, refused, cause := g.check(ctx, method, token)
	if refused != nil {
		g.logRefusal(ctx, method, token, cause, "")
	}
	return out, refused
}

// check decides on a call that carries token ("" for none): the context to go on with, or the status
// error to refuse with and the validation error it answers.
func (g *guard) check(ctx context.Context, method, token string) (out context.Context, refused, cause error) {
	policy := g.rules.Scopes(method)
	scoped := !policy.Required.IsZero()
	auth, stepUp := g.rules.StepUp(method)
	if token == "" {
		if g.optional && !scoped && !stepUp {
			return ctx, nil, nil
		}
		return nil, errMissing, bearer.ErrNoToken
	}
	claims, err := g.v.Validate(ctx, token)
	if err != nil {
		return nil, toStatus(err), validator.Refusal(err)
	}
	// A sender-constrained token needs its proof, whatever the options: gRPC carries no DPoP proof,
	// so a DPoP-bound token is always refused; a certificate-bound one passes only with
	// WithCertificateBinding and its certificate.
	req := binding.Request{Scheme: "bearer", Token: token}
	if len(g.bindings) > 0 {
		req.PeerCertificate = clientCertificate(ctx)
	}
	if ctx, err = binding.Check(ctx, g.bindings, claims, req); err != nil {
		return nil, toStatus(err), err
	}
	if scoped {
		if err := policy.Required.Check(claims.Scopes); err != nil {
			return nil, policy.Denied, validator.NewScopeError(policy.Required, err)
		}
	}
	if stepUp {
		if err := validator.CheckAuthentication(claims, auth, time.Now()); err != nil {
			return nil, toStatus(err), err
		}
	}
	return validator.NewContext(ctx, claims), nil, nil
}

// tokenFrom reads the bearer token of the incoming "authorization" metadata; "" when there is none.
func tokenFrom(ctx context.Context) (string, error) {
	return authorizationRefusals.Token(metadata.ValueFromIncomingContext(ctx, "authorization"))
}

// toStatus turns a refusal into the status the call fails with, from its row of the table of
// refusals: the code from its kind, the message its reason code and description. An error the
// validator did not describe fails closed, as validator.ErrTokenRejected, without its text.
func toStatus(err error) error {
	r := validator.ReasonOf(err)
	desc := validator.Description(err)
	if desc == "" || r.Err == validator.ErrTokenRejected {
		desc = r.Message
	}
	return refusal(r.Kind, r.Code, desc)
}

// refusal is the status error of a call refused for a failure of kind: its code is derived from the
// kind, its message is the reason code and a client-safe description.
func refusal(kind validator.Kind, code, description string) error {
	return status.Error(statusCode(kind), code+": "+description)
}

// statusCode maps a kind of failure to a gRPC status code.
func statusCode(kind validator.Kind) codes.Code {
	switch kind {
	case validator.KindUnavailable:
		return codes.Unavailable
	case validator.KindScopeMissing:
		return codes.PermissionDenied
	case validator.KindServerError:
		return codes.Internal
	default:
		// KindBadRequest too: gRPC has no "malformed credentials" answer other than Unauthenticated.
		return codes.Unauthenticated
	}
}
