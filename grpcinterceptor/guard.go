package grpcinterceptor

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Refusals that do not depend on the token, built once.
var (
	errMissing      = status.Error(codes.Unauthenticated, "missing_token: no bearer token in the request")
	errEmptyBearer  = status.Error(codes.Unauthenticated, "invalid_request: "+bearer.ProblemEmpty)
	errBearerSyntax = status.Error(codes.Unauthenticated, "invalid_request: "+bearer.ProblemSyntax)
	errTwoValues    = status.Error(codes.Unauthenticated, "invalid_request: more than one authorization value")
)

// guard is the check shared by Unary, Stream and AuthFunc.
type guard struct {
	v        validator.TokenValidator
	methods  map[string]methodPolicy
	skip     skipList
	optional bool
}

// methodPolicy is what a method with scopes demands, with its refusal prebuilt.
type methodPolicy struct {
	required scopes.Requirement
	denied   error
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
			denied:   status.Error(codes.PermissionDenied, "insufficient_scope: token lacks scope "+req.String()),
		}
	}
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
	return validator.NewContext(ctx, claims), nil
}

// tokenFrom reads the bearer token of the incoming "authorization" metadata; "" when there is none.
func tokenFrom(ctx context.Context) (string, error) {
	token, problem := bearer.ParseValues(metadata.ValueFromIncomingContext(ctx, "authorization"))
	switch problem {
	case "":
		return token, nil
	case bearer.ProblemMultiple:
		return "", errTwoValues
	case bearer.ProblemEmpty:
		return "", errEmptyBearer
	default:
		return "", errBearerSyntax
	}
}

// toStatus turns a validation error into the status the call fails with. An error the validator
// did not describe fails closed, as an invalid token, without its text.
func toStatus(err error) error {
	code := validator.Code(err)
	desc := validator.Description(err)
	if code == "" || desc == "" {
		code, desc = "invalid_token", "token rejected"
	}
	grpcCode := codes.Unauthenticated
	switch code {
	case "keys_unavailable":
		grpcCode = codes.Unavailable
	case "insufficient_scope":
		grpcCode = codes.PermissionDenied
	}
	return status.Error(grpcCode, code+": "+desc)
}
