package grpcinterceptor

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// Refusals that do not depend on the token, built once.
var (
	errMissing            = toStatus(bearer.ErrNoToken)
	authorizationRefusals = bearer.NewRefusals(bearer.ProblemMultiple, func(description string) error {
		return refusal(validator.KindBadRequest, "invalid_request", description)
	})
)

// guard is the check shared by Unary, Stream and AuthFunc.
type guard struct {
	v        validator.TokenValidator
	methods  map[string]methodPolicy
	skip     skipList
	optional bool
}

// methodPolicy is what a method with scopes or a step-up requirement demands, with its scope
// refusal prebuilt.
type methodPolicy struct {
	required       scopes.Requirement
	denied         error
	authentication stepup.Requirement
}

func newGuard(v validator.TokenValidator, opts []Option) *guard {
	if v == nil {
		panic("grpcinterceptor: needs a non-nil TokenValidator")
	}
	c := config{skip: DefaultSkipMethods}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	g := &guard{v: v, skip: newSkipList(c.skip), optional: c.optional, methods: make(map[string]methodPolicy, len(c.methodScopes))}
	for method, req := range c.methodScopes {
		if req.IsZero() {
			continue
		}
		g.methods[method] = methodPolicy{
			required: req,
			denied:   toStatus(validator.NewScopeError(req, nil)),
		}
	}
	g.requireAuthentication(c.methodAuth)
	return g
}

// authenticate returns ctx with the verified claims for a call to method, ctx itself for a call let
// through anonymously, or a status error.
func (g *guard) authenticate(ctx context.Context, method string) (context.Context, error) {
	if g.skip.match(method) {
		return ctx, nil
	}
	token, err := tokenFrom(ctx)
	if err != nil {
		return nil, err
	}
	policy, scoped := g.methods[method]
	if token == "" {
		if g.optional && !scoped {
			return ctx, nil
		}
		return nil, errMissing
	}
	claims, err := g.v.Validate(ctx, token)
	if err != nil {
		return nil, toStatus(err)
	}
	if scoped && policy.required.Check(claims.Scopes) != nil {
		return nil, policy.denied
	}
	if err := validator.CheckAuthentication(claims, policy.authentication, time.Now()); err != nil {
		return nil, toStatus(err)
	}
	return validator.NewContext(ctx, claims), nil
}

// tokenFrom reads the bearer token of the incoming "authorization" metadata; "" when there is none.
func tokenFrom(ctx context.Context) (string, error) {
	return authorizationRefusals.Token(metadata.ValueFromIncomingContext(ctx, "authorization"))
}

// toStatus turns a validation error into the status the call fails with. An error the validator
// did not describe fails closed, as an invalid token, without its text.
func toStatus(err error) error {
	code := validator.Code(err)
	desc := validator.Description(err)
	if code == "" || desc == "" {
		code, desc = "invalid_token", "token rejected"
	}
	return refusal(validator.KindOf(err), code, desc)
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
	default:
		// KindBadRequest too: gRPC has no "malformed credentials" answer other than Unauthenticated.
		return codes.Unauthenticated
	}
}
