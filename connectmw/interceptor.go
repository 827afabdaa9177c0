package connectmw

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/dpop"
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
	logs     bool // WithLogger is on
	// prebuilt are the answers to the refusals that depend on neither the call nor the token.
	prebuilt map[error]*answer
	// bindings are the sender-constraint methods checked (WithDPoP); base is the DPoP verifier's
	// base URL, which the procedure's path completes into the URL a proof's htu must name.
	bindings []binding.Method
	base     *url.URL
	// answers is the HTTP core with this interceptor's options: it reads a DPoP route's credentials,
	// and Refuse writes the answer (RFC 6750 / 9449 challenge) and log line of every refusal.
	answers *httpguard.Guard[struct{}]
}

var _ connect.Interceptor = (*Interceptor)(nil)

// New returns the Interceptor that admits a call only with a token v accepts (see the package
// documentation). It fails on a nil v and reports every invalid option at once.
func New(v validator.TokenValidator, opts ...Option) (*Interceptor, error) {
	if v == nil {
		return nil, errors.New("connectmw: needs a non-nil TokenValidator")
	}
	c := newConfig(opts)
	answers, err := httpguard.Build(v, c.http)
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("connectmw: %w", err))
	}
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}
	statics := staticRefusals()
	rules := methodrules.Compile(&c.rules, func(req scopes.Requirement) error {
		denied := httpguard.NewScopeError(req) // its Required becomes the challenge's scope
		statics = append(statics, denied)
		return denied
	})
	i := &Interceptor{v: v, rules: rules, optional: c.optional, logs: c.logs, answers: answers}
	if c.dpop != nil {
		i.bindings, i.base = []binding.Method{dpop.Binding(c.dpop)}, c.dpop.BaseURL()
	}
	i.prebuilt = i.prebuild(statics)
	return i, nil
}

// WrapUnary checks a unary call before next runs it; a client's calls pass through.
func (i *Interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		ctx, err := i.authenticate(ctx, call{req.Spec().Procedure, req.HTTPMethod(), req.Header(), req.Peer(), nil})
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
		ctx, err := i.authenticate(ctx, call{conn.Spec().Procedure, http.MethodPost, conn.RequestHeader(), conn.Peer(), conn})
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
	stream    connect.StreamingHandlerConn // nil for a unary call
}

// authenticate returns ctx with the verified claims for c, ctx itself for a call let through
// anonymously, or the *connect.Error to refuse it with.
func (i *Interceptor) authenticate(ctx context.Context, c call) (context.Context, error) {
	if i.rules.Skipped(c.procedure) {
		return ctx, nil
	}
	out, err, static := i.check(ctx, c)
	if err != nil {
		return nil, i.refuse(out, c, err, static)
	}
	return out, nil
}

// credentials returns the token of a call's header fields and its scheme, by the HTTP core's rules
// (two Authorization headers, "Bearer" alone, and with WithDPoP the DPoP scheme's). Without DPoP the
// core's rule is FromAuthorizationHeader, called directly so that the request it reads stays on the
// stack: a valid call then allocates only its context.
func (i *Interceptor) credentials(header http.Header) (token, scheme string, err error) {
	if i.base == nil {
		token, err = httpguard.FromAuthorizationHeader(&http.Request{Header: header})
		return token, "bearer", err
	}
	return i.answers.Credentials(&http.Request{Header: header})
}

// check decides on c: the context to go on with, or the refusal (a *validator.Error, or an error
// wrapping one) and the context it was found in, with the claims once they are known; static says the
// refusal is one of staticRefusals or a procedure's scope refusal.
func (i *Interceptor) check(ctx context.Context, c call) (_ context.Context, _ error, static bool) {
	token, scheme, err := i.credentials(c.header)
	if err != nil {
		return ctx, err, true
	}
	policy := i.rules.Scopes(c.procedure)
	scoped := !policy.Required.IsZero()
	auth, stepUp := i.rules.StepUp(c.procedure)
	if token == "" {
		if i.optional && !scoped && !stepUp {
			return ctx, nil, false
		}
		return ctx, bearer.ErrNoToken, true
	}
	claims, err := i.v.Validate(ctx, token)
	if err != nil {
		return ctx, validator.Refusal(err), false
	}
	// A sender-constrained token needs its proof: binding.Check refuses a token bound by a method
	// not on (a certificate-bound one always: connect-go exposes no client certificate) and has DPoP
	// check its proof against the procedure's URL.
	req := binding.Request{Scheme: scheme, Token: token, Method: c.method, Header: c.header}
	if i.base != nil {
		req.URL = &url.URL{Scheme: i.base.Scheme, Host: i.base.Host, Path: c.procedure}
	}
	ctx = validator.NewContext(ctx, claims)
	bound, err := binding.Check(ctx, i.bindings, claims, req)
	if err != nil {
		return ctx, err, false
	}
	ctx = bound
	if scoped && policy.Required.Check(claims.Scopes) != nil {
		return ctx, policy.Denied, true
	}
	if stepUp {
		if err := validator.CheckAuthentication(claims, auth, time.Now()); err != nil {
			return ctx, err, false
		}
	}
	return ctx, nil, false
}

// staticRefusals are the refusals of a call without a token and of each malformed Authorization
// header, as FromAuthorizationHeader prebuilds them: the same error values for every call.
func staticRefusals() []error {
	statics := []error{bearer.ErrNoToken}
	for _, values := range [][]string{{"Bearer"}, {"Bearer a b"}, {"Bearer a", "Bearer b"}} {
		if _, err := httpguard.FromAuthorizationHeader(&http.Request{Header: http.Header{"Authorization": values}}); err != nil {
			statics = append(statics, err)
		}
	}
	return statics
}
