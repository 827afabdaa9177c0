package grpcinterceptor

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/grpc"

	"github.com/jwtguard/jwtguard/scopes"
)

// This file holds the method names WithMethodScopes and WithSkipMethods take: their syntax, checked
// when the option is built, their matching, and CheckMethods, which holds them against a server. A
// key that is not a method name, or names no method the server has, would otherwise protect nothing
// in silence.

// ErrInvalidMethod is wrapped by the error New returns (and the panic of Unary, Stream and AuthFunc)
// for a WithMethodScopes or WithSkipMethods key that is not a full method name or a service wildcard,
// and by CheckMethods' error for a key that names no method the server has registered.
var ErrInvalidMethod = errors.New("grpcinterceptor: invalid method name")

// methodKey is a checked key: "/package.Service/Method" (exact) or "/package.Service/*" (service).
type methodKey struct {
	key     string
	service string // "package.Service"
	method  string // "Method", or "" for the wildcard
}

// parseMethodKey checks a key's syntax: a slash, a service name of dot-separated identifiers, a slash,
// and a method identifier or "*". gRPC's own names are identifiers too (protobuf's), so nothing that
// could match a real method is refused.
func parseMethodKey(key string) (methodKey, error) {
	rest, ok := strings.CutPrefix(key, "/")
	if !ok {
		return methodKey{}, keyError(key, `does not start with "/"`)
	}
	service, method, ok := strings.Cut(rest, "/")
	if !ok {
		return methodKey{}, keyError(key, `is not "/package.Service/Method" or "/package.Service/*"`)
	}
	for part := range strings.SplitSeq(service, ".") {
		if !isIdentifier(part) {
			return methodKey{}, keyError(key, fmt.Sprintf("has an invalid service name %q", service))
		}
	}
	if method == "*" {
		return methodKey{key: key, service: service}, nil
	}
	if !isIdentifier(method) {
		return methodKey{}, keyError(key, fmt.Sprintf(`has an invalid method name %q (a whole service is "/%s/*")`, method, service))
	}
	return methodKey{key: key, service: service, method: method}, nil
}

func keyError(key, problem string) error {
	return fmt.Errorf("%w: %q %s", ErrInvalidMethod, key, problem)
}

// isIdentifier reports whether s is a protobuf identifier: a letter or underscore, then letters,
// digits and underscores.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range []byte(s) {
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// parseMethodKeys checks every key and returns them parsed, with one error naming every bad key.
func parseMethodKeys(option string, keys []string) ([]methodKey, error) {
	parsed := make([]methodKey, 0, len(keys))
	var errs []error
	for _, key := range keys {
		k, err := parseMethodKey(key)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", option, err))
			continue
		}
		parsed = append(parsed, k)
	}
	return parsed, errors.Join(errs...)
}

// methodTable finds what applies to a full method name: its own entry, else its service's wildcard.
// Lookups do not allocate.
type methodTable[T any] struct {
	exact    map[string]T // by full method name
	services map[string]T // by "/package.Service/", for the wildcards
}

func (t *methodTable[T]) add(k methodKey, value T) {
	if t.exact == nil {
		t.exact, t.services = make(map[string]T), make(map[string]T)
	}
	if k.method == "" {
		t.services["/"+k.service+"/"] = value
	} else {
		t.exact[k.key] = value
	}
}

// lookup returns the entry of fullMethod ("/package.Service/Method") or of its service.
func (t *methodTable[T]) lookup(fullMethod string) (T, bool) {
	if v, ok := t.exact[fullMethod]; ok {
		return v, true
	}
	if i := strings.LastIndexByte(fullMethod, '/'); i > 0 {
		if v, ok := t.services[fullMethod[:i+1]]; ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// WithUnlistedMethods makes every method that WithMethodScopes does not name (neither by its full name
// nor by its service's wildcard) require req, instead of a valid token only: a method added to the
// service later, or misspelled in the map, is then refused to tokens without req rather than let
// through. Skipped methods stay skipped.
func WithUnlistedMethods(req scopes.Requirement) Option {
	return func(c *config) { c.unlisted = req }
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
	check := func(option string, k methodKey) {
		methods, ok := registered[k.service]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: %w: %q: service %s is not registered", option, ErrInvalidMethod, k.key, k.service))
		case k.method != "" && !slices.Contains(methods, k.method):
			errs = append(errs, fmt.Errorf("%s: %w: %q: service %s has no method %s (it has %s)",
				option, ErrInvalidMethod, k.key, k.service, k.method, strings.Join(methods, ", ")))
		}
	}
	for _, k := range c.scopeKeys() {
		check("WithMethodScopes", k)
	}
	for _, k := range c.stepUpKeys() {
		check("WithMethodAuthentication", k)
	}
	if c.skipGiven {
		for _, k := range c.skip {
			check("WithSkipMethods", k)
		}
	}
	return errors.Join(errs...)
}
