package conformance

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// Setup names one configuration of the adapter under test.
type Setup string

// The configurations the table uses.
const (
	// Default is the zero-option middleware plus Realm and the skipper for PathSkipped.
	Default Setup = "default"
	// Optional adds WithCredentialsOptional.
	Optional Setup = "optional"
	// Cookie reads the token from the Authorization header or the CookieName cookie.
	Cookie Setup = "cookie"
	// Query reads the token from the Authorization header or the "access_token" query parameter.
	Query Setup = "query"
	// KeysDown validates with a key source that always fails.
	KeysDown Setup = "keys-down"
)

// Setups lists every Setup, in the order the harness starts servers for them.
var Setups = []Setup{Default, Optional, Cookie, Query, KeysDown}

// The routes every adapter's server serves.
const (
	// PathOpen is behind Middleware only; it answers GET and, for the DPoP table, POST.
	PathOpen = "/orders"
	// PathScoped is behind Middleware and RequireScopes(WriteScope).
	PathScoped = "/orders/write"
	// PathSkipped is behind Middleware, whose skipper lets it through.
	PathSkipped = "/healthz"
)

// Realm is the realm every setup configures.
const Realm = "api"

// CookieName is the cookie the Cookie setup reads.
const CookieName = "session"

// WriteScope is what PathScoped requires.
var WriteScope = scopes.All("orders:write")

// Config is what an adapter needs to build its server for one Setup. Adapters pass each field to the
// option of the same name: Extractor to WithExtractor (nil means the default), Optional to
// WithCredentialsOptional, Realm to WithRealm, Skip to WithSkipper, and Scope to RequireScopes on
// PathScoped.
type Config struct {
	Validator validator.TokenValidator
	Extractor nethttp.Extractor
	Optional  bool
	Realm     string
	Skip      func(*http.Request) bool
	Scope     scopes.Requirement
	// DPoP and DPoPMode go to WithDPoP when DPoP is not nil (the DPoP table's setups).
	DPoP     *dpop.Verifier
	DPoPMode dpop.Mode
	// CertificateBinding asks for WithCertificateBinding (the certificate-binding table).
	CertificateBinding bool
	// ErrorHandler, when not nil, goes to WithErrorHandler, adapted to the framework: it answers with
	// the request's response writer and request (RunErrorHandler).
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)
	// Logger, when not nil, goes to WithLogger (RunErrorHandler).
	Logger *slog.Logger
}

// ConfigFor returns the Config of setup, validating tokens minted by m.
func ConfigFor(setup Setup, m *testtoken.Minter) (Config, error) {
	v, err := m.Validator()
	if err != nil {
		return Config{}, err
	}
	c := Config{
		Validator: v,
		Realm:     Realm,
		Skip:      func(r *http.Request) bool { return r.URL.Path == PathSkipped },
		Scope:     WriteScope,
	}
	switch setup {
	case Default:
	case Optional:
		c.Optional = true
	case Cookie:
		c.Extractor = nethttp.FirstOf(nethttp.FromAuthorizationHeader, nethttp.FromCookie(CookieName))
	case Query:
		c.Extractor = nethttp.FirstOf(nethttp.FromAuthorizationHeader, nethttp.FromQuery(""))
	case KeysDown:
		if c.Validator, err = testtoken.UnavailableValidator(); err != nil {
			return Config{}, err
		}
	default:
		return Config{}, fmt.Errorf("conformance: unknown setup %q", setup)
	}
	return c, nil
}

// DPoPGreeting is what handlers append to Greeting: " via DPoP key <thumbprint>" when
// dpop.FromContext finds a verified proof in the request's context, "" otherwise.
func DPoPGreeting(ctx context.Context) string {
	if p, ok := dpop.FromContext(ctx); ok {
		return " via DPoP key " + p.Thumbprint
	}
	return ""
}

// Greeting is the body every protected handler writes: "hello <sub>" for the claims the adapter's
// accessor returned, "hello anonymous" for none. fromContext are the claims validator.FromContext
// found in the request's context.Context; when the two disagree the body says so, and the case fails.
func Greeting(fromAccessor, fromContext *validator.Claims) string {
	switch {
	case fromAccessor != fromContext:
		return "claims differ between the adapter and the request context"
	case fromAccessor == nil:
		return "hello anonymous"
	default:
		return "hello " + fromAccessor.Subject
	}
}
