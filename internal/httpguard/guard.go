package httpguard

import (
	"log/slog"
	"net/http"

	"github.com/jwtguard/jwtguard/certbind"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Guard holds one adapter's options and runs the flow every HTTP adapter shares: skip → extract →
// optional → validate → claims into the context, and, for a route, its requirement. C is the
// adapter's per-request context (echo.Context, *gin.Context, Exchange for net/http), which the skipper
// and a custom error handler receive. A Guard is safe for concurrent use.
type Guard[C any] struct {
	v        validator.TokenValidator
	extract  Extractor
	skip     func(C) bool
	onError  func(C, error) error // nil: writer
	writer   *Writer
	optional bool
	logger   *slog.Logger // nil: refusals are not logged
	dpop     *dpopGuard   // nil: no DPoP
	certs    bool         // certificate-bound tokens need their client certificate
}

// New returns a Guard validating with v. It panics if v is nil, the one mistake that cannot be given
// a safe meaning, or if an option is invalid (such as a WithResourceMetadata URL that is not https), so
// that a typo fails at start-up instead of opening or breaking a route.
func New[C any](v validator.TokenValidator, opts []Option[C]) *Guard[C] {
	if v == nil {
		panic("jwtguard: an HTTP adapter needs a non-nil TokenValidator")
	}
	return newGuard(v, opts)
}

// NewRouteGuard returns a Guard for route requirements only (Permit): it has no validator. It panics
// on an invalid option, as New does.
func NewRouteGuard[C any](opts []Option[C]) *Guard[C] { return newGuard(nil, opts) }

func newGuard[C any](v validator.TokenValidator, opts []Option[C]) *Guard[C] {
	var s settings[C]
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	if s.err != nil {
		panic("jwtguard: " + s.err.Error())
	}
	g := &Guard[C]{v: v, extract: s.extract, skip: s.skip, onError: s.onError, optional: s.optional,
		logger: s.logger, dpop: s.dpop, certs: s.certs}
	if g.extract == nil {
		g.extract = FromAuthorizationHeader
	}
	if g.onError == nil {
		g.writer = newWriter(s.dpop, s.realm, s.challengeParams()...)
	}
	return g
}

// Exchange is the per-request context of plain net/http.
type Exchange struct {
	W http.ResponseWriter
	R *http.Request
}

// Admit decides on r, the request of c: it returns the request to hand on, with the verified claims
// in its context (or r itself when skipped or let through anonymously), or the error to Refuse with.
func (g *Guard[C]) Admit(c C, r *http.Request) (*http.Request, error) {
	if g.skip != nil && g.skip(c) {
		return r, nil
	}
	token, usedDPoP, err := g.credentials(r)
	if err != nil {
		return nil, err
	}
	if token == "" {
		if g.optional {
			return r, nil
		}
		return nil, ErrNoBearerToken
	}
	claims, err := g.v.Validate(r.Context(), token)
	if err != nil {
		return nil, err
	}
	// The checks that need the request as well as the claims: sender-constrained tokens.
	if g.certs {
		if err := certbind.Check(claims, clientCertificate(r)); err != nil {
			return nil, err
		}
	}
	ctx := validator.NewContext(r.Context(), claims)
	if g.dpop != nil {
		if ctx, err = g.dpop.check(ctx, r, token, claims, usedDPoP); err != nil {
			return nil, err
		}
	}
	return r.WithContext(ctx), nil
}

// Refuse answers c, whose response writer and request are w and r, with err: through the custom
// error handler, returning what it returns, or by writing the RFC 6750 answer to w.
func (g *Guard[C]) Refuse(c C, w http.ResponseWriter, r *http.Request, err error) error {
	g.logRefusal(r, err)
	if g.onError != nil {
		return g.onError(c, err)
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
	if g.skip != nil && g.skip(c) {
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
