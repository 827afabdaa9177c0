package connectmw

import (
	"context"
	"errors"
	"net/http"
	"time"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/internal/methodrules"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Interceptor admits a connect call only with a token its validator accepts and what the procedure
// requires. It is a connect.Interceptor; build it with New. It is safe for concurrent use.
type Interceptor struct {
	v        validator.TokenValidator
	rules    *methodrules.Rules[error] // a scope refusal, built once per requirement
	optional bool
	// answers is the HTTP core, kept for its answer and log line only: Refuse writes the RFC 6750
	// challenge a refusal carries.
	answers *httpguard.Guard[struct{}]
}

var _ connect.Interceptor = (*Interceptor)(nil)

// authorizationRefusals are the refusals of malformed Authorization headers, built once: a malformed
// request costs no allocation to refuse. Worded as grpcinterceptor's, the table both answer.
var authorizationRefusals = bearer.NewRefusals(bearer.ProblemMultiple, httpguard.NewRequestError)

// New returns the Interceptor that admits a call only with a token v accepts (see the package
// documentation). It fails on a nil v and reports every invalid option at once.
func New(v validator.TokenValidator, opts ...Option) (*Interceptor, error) {
	if v == nil {
		return nil, errors.New("connectmw: needs a non-nil TokenValidator")
	}
	c := newConfig(opts)
	answers, err := httpguard.Build(v, c.http)
	if err != nil {
		c.errs = append(c.errs, errors.New("connectmw: "+err.Error()))
	}
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}
	rules := methodrules.Compile(&c.rules, func(req scopes.Requirement) error {
		return httpguard.NewScopeError(req) // its Required becomes the challenge's scope
	})
	return &Interceptor{v: v, rules: rules, optional: c.optional, answers: answers}, nil
}

// WrapUnary checks a unary call before next runs it; a client's calls pass through.
func (i *Interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		ctx, err := i.authenticate(ctx, call{req.Spec().Procedure, req.HTTPMethod(), req.Header(), req.Peer()})
		if err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

// WrapStreamingClient returns next: a client's streams are not checked.
func (i *Interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

// WrapStreamingHandler checks a server, client or bidi stream before next handles it.
func (i *Interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		// Streams are always POSTs; only unary Connect calls may be GETs.
		ctx, err := i.authenticate(ctx, call{conn.Spec().Procedure, http.MethodPost, conn.RequestHeader(), conn.Peer()})
		if err != nil {
			return err
		}
		return next(ctx, conn)
	}
}

// call is what the check reads of a connect call.
type call struct {
	procedure string
	method    string
	header    http.Header
	peer      connect.Peer
}

// authenticate returns ctx with the verified claims for c, ctx itself for a call let through
// anonymously, or the *connect.Error to refuse it with.
func (i *Interceptor) authenticate(ctx context.Context, c call) (context.Context, error) {
	if i.rules.Skipped(c.procedure) {
		return ctx, nil
	}
	out, err := i.check(ctx, c)
	if err != nil {
		return nil, i.refuse(out, c, err)
	}
	return out, nil
}

// check decides on c: the context to go on with, or the refusal (a *validator.Error, or an error
// wrapping one) and the context it was found in, with the claims once they are known.
func (i *Interceptor) check(ctx context.Context, c call) (context.Context, error) {
	token, err := authorizationRefusals.Token(c.header["Authorization"])
	if err != nil {
		return ctx, err
	}
	policy := i.rules.Scopes(c.procedure)
	scoped := !policy.Required.IsZero()
	auth, stepUp := i.rules.StepUp(c.procedure)
	if token == "" {
		if i.optional && !scoped && !stepUp {
			return ctx, nil
		}
		return ctx, bearer.ErrNoToken
	}
	claims, err := i.v.Validate(ctx, token)
	if err != nil {
		return ctx, validator.Refusal(err)
	}
	// A sender-constrained token needs its proof: no binding method is checked here, so binding.Check
	// refuses every cnf-bound token (unsupported_binding) instead of taking it for a bearer token.
	ctx = validator.NewContext(ctx, claims)
	if _, err := binding.Check(ctx, nil, claims, binding.Request{Scheme: "bearer", Token: token, Method: c.method, Header: c.header}); err != nil {
		return ctx, err
	}
	if scoped && policy.Required.Check(claims.Scopes) != nil {
		return ctx, policy.Denied
	}
	if stepUp {
		if err := validator.CheckAuthentication(claims, auth, time.Now()); err != nil {
			return ctx, err
		}
	}
	return ctx, nil
}
