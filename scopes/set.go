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

// Parse splits a scope string (the RFC 6749 §3.3 "scope" syntax) into a Set. Only U+0020
// separates scopes; a scope-token outside the RFC 6749 grammar is left out (see ValidToken), and runs
// of spaces are tolerated.
func Parse(scope string) Set {
	return New(AppendTokens(nil, scope)...)
}

// FromClaim builds a Set from the value of a "scope" or "scp" claim as decoded from JSON:
// a space-separated string (as Parse splits it), or an array whose elements are strings, each one
// scope-token. An element that is not a valid scope-token (ValidToken) grants nothing.
// Any other shape, and any non-string array element, yields an empty Set, so that a token with a
// malformed scope claim is granted nothing rather than something.
func FromClaim(value any) Set {
	switch v := value.(type) {
	case string:
		return Parse(v)
	case []string:
		return New(validTokens(v)...)
	case []any:
		scopes := make([]string, 0, len(v))
		for _, element := range v {
			s, ok := element.(string)
			if !ok {
				return Set{}
			}
			scopes = append(scopes, s)
		}
		return New(validTokens(scopes)...)
	default:
		return Set{}
	}
}

// validTokens returns the valid scope-tokens of list, in a new slice.
func validTokens(list []string) []string {
	valid := make([]string, 0, len(list))
	for _, s := range list {
		if ValidToken(s) {
			valid = append(valid, s)
		}
	}
	return valid
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
