// Package methodrules is the one reading of per-method rules for the RPC adapters (grpcinterceptor,
// connectmw): the syntax of a method key ("/package.Service/Method" or the service wildcard
// "/package.Service/*"), checked when an option is built; the table that finds what applies to a
// called method; and the configuration of skip patterns, scope and step-up requirements with the
// contradictions between them refused at construction. gRPC methods and connect procedures are named
// alike, so both adapters read their keys here and report mistakes with their own sentinel.
package methodrules

import (
	"errors"
	"fmt"
	"strings"
)

// Key is a checked key: "/package.Service/Method" (exact) or "/package.Service/*" (service).
type Key struct {
	// Name is the key as given.
	Name string
	// Service is "package.Service".
	Service string
	// Method is "Method", or "" for the wildcard.
	Method string
}

// ParseKey checks a key's syntax: a slash, a service name of dot-separated identifiers, a slash, and
// a method identifier or "*". gRPC's own names are identifiers too (protobuf's), so nothing that could
// match a real method is refused. The error wraps invalid, the adapter's sentinel.
func ParseKey(invalid error, key string) (Key, error) {
	rest, ok := strings.CutPrefix(key, "/")
	if !ok {
		return Key{}, keyError(invalid, key, `does not start with "/"`)
	}
	service, method, ok := strings.Cut(rest, "/")
	if !ok {
		return Key{}, keyError(invalid, key, `is not "/package.Service/Method" or "/package.Service/*"`)
	}
	for part := range strings.SplitSeq(service, ".") {
		if !isIdentifier(part) {
			return Key{}, keyError(invalid, key, fmt.Sprintf("has an invalid service name %q", service))
		}
	}
	if method == "*" {
		return Key{Name: key, Service: service}, nil
	}
	if !isIdentifier(method) {
		return Key{}, keyError(invalid, key, fmt.Sprintf(`has an invalid method name %q (a whole service is "/%s/*")`, method, service))
	}
	return Key{Name: key, Service: service, Method: method}, nil
}

func keyError(invalid error, key, problem string) error {
	return fmt.Errorf("%w: %q %s", invalid, key, problem)
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

// ParseKeys checks every key and returns them parsed, with one error naming every bad key, each
// prefixed with option (the option's name, for the message).
func ParseKeys(invalid error, option string, keys []string) ([]Key, error) {
	parsed := make([]Key, 0, len(keys))
	var errs []error
	for _, key := range keys {
		k, err := ParseKey(invalid, key)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", option, err))
			continue
		}
		parsed = append(parsed, k)
	}
	return parsed, errors.Join(errs...)
}

// Table finds what applies to a full method name: its own entry, else its service's wildcard.
// Lookups do not allocate. The zero Table is empty and ready to use.
type Table[T any] struct {
	exact    map[string]T // by full method name
	services map[string]T // by "/package.Service/", for the wildcards
}

// Add puts value under k, replacing what k held.
func (t *Table[T]) Add(k Key, value T) {
	if t.exact == nil {
		t.exact, t.services = make(map[string]T), make(map[string]T)
	}
	if k.Method == "" {
		t.services["/"+k.Service+"/"] = value
	} else {
		t.exact[k.Name] = value
	}
}

// Lookup returns the entry of fullMethod ("/package.Service/Method") or of its service.
func (t *Table[T]) Lookup(fullMethod string) (T, bool) {
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

// Covering returns the entry that covers every method k names: for a method, what Lookup finds; for a
// service wildcard, only the same service's wildcard.
func (t *Table[T]) Covering(k Key) (T, bool) {
	if k.Method == "" {
		v, ok := t.services["/"+k.Service+"/"]
		return v, ok
	}
	return t.Lookup(k.Name)
}

// DefaultSkip are the methods the RPC adapters leave unprotected unless their skip option replaces
// them: health checks, which load balancers make without credentials, and server reflection. gRPC
// and connect (connectrpc.com/grpchealth, grpcreflect) serve them under the same names.
var DefaultSkip = []string{
	"/grpc.health.v1.Health/*",
	"/grpc.reflection.v1.ServerReflection/*",
	"/grpc.reflection.v1alpha.ServerReflection/*",
}
