package httpguard

import (
	"errors"
	"net/http"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Guard holds one adapter's options and runs the flow every HTTP adapter shares: skip → extract →
// optional → validate → binding → claims into the context, and, for a route, its requirement. C is
// the adapter's per-request context (echo.Context, *gin.Context, Exchange for net/http), which the
// skipper and a custom error handler receive. A Guard is safe for concurrent use.
type Guard[C any] struct {
	v      validator.TokenValidator
	s      settings[C] // the options, kept as given (with defaults filled in)
	writer *Writer     // nil when a custom error handler answers
}

// New returns a Guard validating with v. It panics if v is nil, the one mistake that cannot be given
// a safe meaning, or if an option is invalid (such as a WithResourceMetadata URL that is not https), so
// that a typo fails at start-up instead of opening or breaking a route. It is the convenience form of
// Build for the adapters' constructors that keep a signature without an error.
func New[C any](v validator.TokenValidator, opts []Option[C]) *Guard[C] {
	g, err := Build(v, opts)
	if err != nil {
		panic("jwtguard: " + err.Error())
	}
	return g
}

// Build returns a Guard validating with v, or the first mistake in v and opts.
func Build[C any](v validator.TokenValidator, opts []Option[C]) (*Guard[C], error) {
	if v == nil {
		return nil, errNilValidator
	}
	return build(v, opts)
}

// NewRouteGuard returns a Guard for route requirements only (Permit): it has no validator. It panics
// on an invalid option, as New does.
func NewRouteGuard[C any](opts []Option[C]) *Guard[C] {
	g, err := build(nil, opts)
	if err != nil {
		panic("jwtguard: " + err.Error())
	}
	return g
}

func build[C any](v validator.TokenValidator, opts []Option[C]) (*Guard[C], error) {
	g := &Guard[C]{v: v}
	for _, opt := range opts {
		if opt != nil {
			opt(&g.s)
		}
	}
	if g.s.err != nil {
		return nil, g.s.err
	}
	if g.s.extract == nil {
		g.s.extract = FromAuthorizationHeader
	}
	if g.s.onError == nil {
		g.writer = newWriter(g.s.scheme, g.s.realm, g.s.challengeParams()...)
	}
	return g, nil
}

// errNilValidator is the one mistake of an adapter's constructor that cannot be given a safe meaning.
var errNilValidator = errors.New("an HTTP adapter needs a non-nil TokenValidator")

// Exchange is the per-request context of plain net/http.
type Exchange struct {
	W http.ResponseWriter
	R *http.Request
}

// Admit decides on r, the request of c: it returns the request to hand on, with the verified claims
// in its context (or r itself when skipped or let through anonymously), or the error to Refuse with,
// always a *validator.Error (or an error wrapping one).
func (g *Guard[C]) Admit(c C, r *http.Request) (*http.Request, error) {
	if g.s.skip != nil && g.s.skip(c) {
		return r, nil
	}
	token, scheme, err := g.credentials(r)
	if err != nil {
		return nil, err
	}
	if token == "" {
		if g.s.optional {
			return r, nil
		}
		return nil, ErrNoBearerToken
	}
	claims, err := g.v.Validate(r.Context(), token)
	if err != nil {
		return nil, validator.Refusal(err)
	}
	// The one question that needs the request as well as the claims: is the token sender-constrained,
	// and does the request prove it? Asked of every token, whatever the route turned on.
	ctx, err := binding.Check(validator.NewContext(r.Context(), claims), g.s.bindings, claims, binding.Request{
		Scheme:          scheme,
		Token:           token,
		PeerCertificate: clientCertificate(r),
		HTTP:            r,
	})
	if err != nil {
		return nil, err
	}
	return r.WithContext(ctx), nil
}

// Credentials returns the token of r and its scheme as credentials does, for an adapter that runs its
// own flow on a request of its transport (connectmw) but takes its token by the HTTP core's rules.
func (g *Guard[C]) Credentials(r *http.Request) (token, scheme string, err error) {
	return g.credentials(r)
}

// credentials returns the token of r and the authorization scheme it came with (a binding's own, such
// as "dpop", else "bearer", wherever the Extractor found it), or the refusal of a malformed request. A binding with a scheme of its own (WithDPoP) is asked first; a token found
// otherwise is refused when that scheme is the only one the route accepts.
func (g *Guard[C]) credentials(r *http.Request) (token, scheme string, err error) {
	if g.s.scheme != nil {
		token, used, err := g.s.scheme.credentials(r)
		if err != nil || used {
			return token, g.s.scheme.name(), err
		}
	}
	token, err = g.s.extract(r)
	if err != nil {
		return "", "", extractionRefusal(err)
	}
	if token != "" && g.s.scheme != nil {
		if refusal := g.s.scheme.othersRefused(); refusal != nil {
			return "", "", refusal
		}
	}
	return token, bearerScheme, nil
}

// Refuse answers c, whose response writer and request are w and r, with err: through the custom
// error handler, returning what it returns, or by writing the RFC 6750 answer to w.
func (g *Guard[C]) Refuse(c C, w http.ResponseWriter, r *http.Request, err error) error {
	g.logRefusal(r, err)
	if g.s.onError != nil {
		return g.s.onError(c, err)
	}
	g.writer.WriteError(w, r, err)
	return nil
}

// Route is what a route demands of the claims: check returns the refusal of claims that fall short.
type Route struct {
	check func(*validator.Claims) error
}

// NewRoute returns the requirement of a route that demands required. Its refusal is built once: it
// depends on the route only, never on the request.
func NewRoute(required scopes.Requirement) *Route {
	refused := NewScopeError(required)
	return &Route{check: func(c *validator.Claims) error {
		if required.Check(c.Scopes) != nil {
			return refused
		}
		return nil
	}}
}

// Permit returns nil when r, the request of c, may go on to rt's route: skipped, or with claims in
// its context that meet the requirement. Without claims the error is ErrNoBearerToken (401), or
// ErrServerMisconfigured (500) when a token was sent that no middleware validated (see unguarded);
// with claims that fall short the route's refusal (a *ScopeError, 403, or a step-up error, 401).
func (g *Guard[C]) Permit(c C, r *http.Request, rt *Route) error {
	if g.s.skip != nil && g.s.skip(c) {
		return nil
	}
	claims, ok := validator.FromContext(r.Context())
	if !ok {
		return g.unguarded(r, rt)
	}
	return rt.check(claims)
}

// Step is one decision on the request r of c, the shape of Admit: the request to hand on, or the
// error to Refuse with. Adapters write their glue once, for Admit and for every route's Step.
type Step[C any] = func(c C, r *http.Request) (*http.Request, error)

// Step returns Permit on rt as a Step, which hands r itself on.
func (g *Guard[C]) Step(rt *Route) Step[C] {
	return func(c C, r *http.Request) (*http.Request, error) {
		if err := g.Permit(c, r, rt); err != nil {
			return nil, err
		}
		return r, nil
	}
}
