package grpcinterceptor

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/grpc"

	"github.com/jwtguard/jwtguard/internal/methodrules"
	"github.com/jwtguard/jwtguard/scopes"
)

// This file holds the method names WithMethodScopes and WithSkipMethods take (their syntax, checked
// when the option is built, and their matching are package methodrules'), and CheckMethods, which
// holds them against a server. A key that is not a method name, or names no method the server has,
// would otherwise protect nothing in silence.

// ErrInvalidMethod is wrapped by the error New returns (and the panic of Unary, Stream and AuthFunc)
// for a WithMethodScopes or WithSkipMethods key that is not a full method name or a service wildcard,
// and by CheckMethods' error for a key that names no method the server has registered.
var ErrInvalidMethod = errors.New("grpcinterceptor: invalid method name")

// names are this package's words for the mistakes package methodrules reports: the one reading of
// method keys, which connectmw shares.
var names = methodrules.Names{
	Invalid: ErrInvalidMethod,
	Package: "grpcinterceptor",
	Scopes:  "WithMethodScopes",
	Skip:    "WithSkipMethods",
	StepUp:  "WithMethodAuthentication",
}

// WithUnlistedMethods makes every method that WithMethodScopes does not name (neither by its full name
// nor by its service's wildcard) require req, instead of a valid token only: a method added to the
// service later, or misspelled in the map, is then refused to tokens without req rather than let
// through. Skipped methods stay skipped.
func WithUnlistedMethods(req scopes.Requirement) Option {
	return func(c *config) { c.rules.Unlisted = req }
}

// CheckMethods reports, in one error wrapping ErrInvalidMethod, every key of opts' WithMethodScopes
// and WithSkipMethods that names no method registered on server — a typo, a method renamed, a service
// not registered — and every error New would report for opts. Call it at start-up, after registering
// the services and before Serve; DefaultSkipMethods, used when WithSkipMethods is not given, is not
// checked, since a server need not offer health checks or reflection.
func CheckMethods(server *grpc.Server, opts ...Option) error {
	if server == nil {
		return errors.New("grpcinterceptor: CheckMethods needs a non-nil server")
	}
	c := newConfig(opts)
	errs := []error{c.err()}
	registered := make(map[string][]string)
	for name, info := range server.GetServiceInfo() {
		for _, m := range info.Methods {
			registered[name] = append(registered[name], m.Name)
		}
		slices.Sort(registered[name]) // grpc lists them in no fixed order
	}
	check := func(option string, k methodrules.Key) {
		methods, ok := registered[k.Service]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: %w: %q: service %s is not registered", option, ErrInvalidMethod, k.Name, k.Service))
		case k.Method != "" && !slices.Contains(methods, k.Method):
			errs = append(errs, fmt.Errorf("%s: %w: %q: service %s has no method %s (it has %s)",
				option, ErrInvalidMethod, k.Name, k.Service, k.Method, strings.Join(methods, ", ")))
		}
	}
	for _, k := range c.rules.ScopeKeys() {
		check(names.Scopes, k)
	}
	for _, k := range c.rules.StepUpKeys() {
		check(names.StepUp, k)
	}
	if c.rules.SkipGiven {
		for _, k := range c.rules.Skip {
			check(names.Skip, k)
		}
	}
	return errors.Join(errs...)
}
