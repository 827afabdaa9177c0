package nethttp

import (
	"net/http"

	"github.com/jwtguard/jwtguard/internal/httpguard"
	"github.com/jwtguard/jwtguard/validator"
)

// ErrNoBearerToken is the error the middleware of every HTTP adapter reports for a request that
// carries no token. It is a *validator.Error whose reason is validator.ErrMissingToken, so errors.Is
// and validator.Code treat it like the validator's own; it is allocated once, for every such request.
var ErrNoBearerToken = httpguard.ErrNoBearerToken

// Guard protects net/http handlers with one set of options: its Middleware validates the token, and
// Require demands scopes on a route with the same realm, error handler and skipper, so the 401 and the
// 403 a client gets name the same protection space. A Guard is safe for concurrent use.
type Guard struct {
	core *httpguard.Guard[httpguard.Exchange]
}

// Build returns a Guard that admits a request only with a token v accepts, or the first mistake in v
// and opts (a nil v, a WithResourceMetadata URL that is not https, a nil WithDPoP verifier, …).
func Build(v validator.TokenValidator, opts ...Option) (*Guard, error) {
	core, err := httpguard.Build(v, opts)
	if err != nil {
		return nil, err
	}
	return &Guard{core: core}, nil
}

// New is Build for a program that cannot go on without its Guard: it panics on a mistake in v or
// opts, like regexp.MustCompile, so a typo fails at start-up instead of opening a route.
func New(v validator.TokenValidator, opts ...Option) *Guard {
	return &Guard{core: httpguard.New(v, opts)}
}

// Middleware passes a request on to next only with a token the Guard's validator accepts, with the
// verified claims in its context (read them with validator.FromContext). Requests it refuses are
// answered by the error handler, by default as the package documentation tabulates.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := httpguard.Exchange{W: w, R: r}
		admitted, err := g.core.Admit(x, r)
		if err != nil {
			_ = g.core.Refuse(x, w, r, err)
			return
		}
		next.ServeHTTP(w, admitted)
	})
}

// Middleware returns New(v, opts...).Middleware: middleware that admits a request only with a token v
// accepts. It panics, as New does, on a nil v or an invalid option.
func Middleware(v validator.TokenValidator, opts ...Option) func(http.Handler) http.Handler {
	return New(v, opts...).Middleware
}
