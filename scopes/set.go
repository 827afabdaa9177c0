package scopes

import (
	"slices"
	"strings"
)

// Set is the set of scopes a token grants. The zero value is an empty set.
// A Set is immutable once built and safe for concurrent use.
type Set struct {
	// Tokens usually carry a handful of scopes, so a sorted slice is smaller and faster than a map.
	sorted []string
}

// New returns a Set holding the given scopes. Empty strings are ignored and duplicates are merged.
func New(scopes ...string) Set {
	sorted := make([]string, 0, len(scopes))
	for _, s := range scopes {
		if s != "" {
			sorted = append(sorted, s)
		}
	}
	slices.Sort(sorted)
	return Set{sorted: slices.Compact(sorted)}
}

// Parse splits a space-separated scope string (the RFC 6749 §3.3 "scope" syntax) into a Set.
// Runs of spaces are tolerated.
func Parse(scope string) Set {
	return New(strings.Fields(scope)...)
}

// FromClaim builds a Set from the value of a "scope" or "scp" claim as decoded from JSON:
// a space-separated string, or an array whose elements are strings.
// Any other shape, and any non-string array element, yields an empty Set, so that a token with a
// malformed scope claim is granted nothing rather than something.
func FromClaim(value any) Set {
	switch v := value.(type) {
	case string:
		return Parse(v)
	case []string:
		return New(v...)
	case []any:
		scopes := make([]string, 0, len(v))
		for _, element := range v {
			s, ok := element.(string)
			if !ok {
				return Set{}
			}
			scopes = append(scopes, s)
		}
		return New(scopes...)
	default:
		return Set{}
	}
}

// Has reports whether the set grants scope.
func (s Set) Has(scope string) bool {
	_, found := slices.BinarySearch(s.sorted, scope)
	return found
}

// Len returns the number of distinct scopes in the set.
func (s Set) Len() int { return len(s.sorted) }

// List returns the scopes in ascending order. The caller may modify the returned slice.
func (s Set) List() []string { return append(make([]string, 0, len(s.sorted)), s.sorted...) }

// String returns the scopes in the RFC 6749 space-separated form, in ascending order.
func (s Set) String() string { return strings.Join(s.sorted, " ") }
