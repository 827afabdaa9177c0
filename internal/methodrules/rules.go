package methodrules

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// Names are an adapter's words for its mistakes: its sentinel and its options' names, which the
// errors of this package quote.
type Names struct {
	// Invalid is the sentinel every key error wraps (grpcinterceptor.ErrInvalidMethod, …).
	Invalid error
	// Package prefixes an invalid step-up requirement's error, e.g. "grpcinterceptor".
	Package string
	// Scopes, Skip and StepUp are the names of the options that take scope keys, skip patterns and
	// step-up keys, e.g. "WithMethodScopes", "WithSkipMethods", "WithMethodAuthentication".
	Scopes, Skip, StepUp string
}

// Entry is one key of an option's map with its value.
type Entry[T any] struct {
	Key   Key
	Value T
}

// ParseScopes checks the keys of a scope option's map (names.Scopes) and returns its entries, in key
// order, with one error naming every bad key.
func (n Names) ParseScopes(required map[string]scopes.Requirement) ([]Entry[scopes.Requirement], error) {
	parsed, err := ParseKeys(n.Invalid, n.Scopes, slices.Sorted(maps.Keys(required)))
	entries := make([]Entry[scopes.Requirement], 0, len(parsed))
	for _, k := range parsed {
		entries = append(entries, Entry[scopes.Requirement]{k, required[k.Name]})
	}
	return entries, err
}

// ParseStepUp checks the keys and requirements of a step-up option's map (names.StepUp) and returns
// its entries with a non-zero requirement, in key order, and every mistake: a malformed key, or a
// Requirement whose Validate fails (such as MaxAge: 300, nanoseconds).
func (n Names) ParseStepUp(required map[string]stepup.Requirement) ([]Entry[stepup.Requirement], error) {
	parsed, err := ParseKeys(n.Invalid, n.StepUp, slices.Sorted(maps.Keys(required)))
	errs := []error{err}
	entries := make([]Entry[stepup.Requirement], 0, len(parsed))
	for _, k := range parsed {
		req := required[k.Name]
		if err := req.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s %s: %w", n.Package, n.StepUp, k.Name, err))
			continue
		}
		if !req.IsZero() {
			entries = append(entries, Entry[stepup.Requirement]{k, req})
		}
	}
	return entries, errors.Join(errs...)
}

// Config is what an adapter's per-method options set, kept in the adapter's own config. The zero
// Config skips nothing and requires nothing beyond a valid token.
type Config struct {
	scopes map[string]Entry[scopes.Requirement] // by key
	stepUp map[string]Entry[stepup.Requirement] // by key
	// Skip are the skip patterns in force; SkipGiven says the adapter's option set them (rather
	// than its defaults).
	Skip      []Key
	SkipGiven bool
	// Unlisted is what a method no scope key names requires.
	Unlisted scopes.Requirement
}

// AddScopes adds entries, replacing those of the same key.
func (c *Config) AddScopes(entries []Entry[scopes.Requirement]) {
	if c.scopes == nil {
		c.scopes = make(map[string]Entry[scopes.Requirement], len(entries))
	}
	for _, e := range entries {
		c.scopes[e.Key.Name] = e
	}
}

// AddStepUp adds entries, replacing those of the same key.
func (c *Config) AddStepUp(entries []Entry[stepup.Requirement]) {
	if c.stepUp == nil {
		c.stepUp = make(map[string]Entry[stepup.Requirement], len(entries))
	}
	for _, e := range entries {
		c.stepUp[e.Key.Name] = e
	}
}

// ScopeKeys returns the keys of the scope entries, in order.
func (c *Config) ScopeKeys() []Key { return keysOf(c.scopes) }

// StepUpKeys returns the keys of the step-up entries, in order.
func (c *Config) StepUpKeys() []Key { return keysOf(c.stepUp) }

func keysOf[T any](m map[string]Entry[T]) []Key {
	keys := make([]Key, 0, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		keys = append(keys, m[name].Key)
	}
	return keys
}

// Conflicts returns the contradictions of c: a scoped method, or one with a step-up requirement, that
// a skip pattern covers would be let through without its check, so the configuration is refused
// rather than a winner picked.
func (n Names) Conflicts(c *Config) []error {
	var skipped Table[string]
	for _, k := range c.Skip {
		skipped.Add(k, k.Name)
	}
	var errs []error
	for _, rule := range []struct {
		what string
		keys []Key
	}{{"scopes", c.ScopeKeys()}, {"a step-up requirement (" + n.StepUp + ")", c.StepUpKeys()}} {
		for _, k := range rule.keys {
			if pattern, ok := skipped.Covering(k); ok {
				errs = append(errs, fmt.Errorf("%w: %q has %s but is skipped by %q (see %s)", n.Invalid, k.Name, rule.what, pattern, n.Skip))
			}
		}
	}
	return errs
}

// Policy is what a method demands of the token's scopes, with the adapter's refusal of a token that
// falls short (D) built once.
type Policy[D any] struct {
	Required scopes.Requirement
	Denied   D
}

// Rules are a Config compiled for lookups on every call; they do not allocate.
type Rules[D any] struct {
	scopes   Table[Policy[D]]
	unlisted Policy[D]
	stepUp   Table[stepup.Requirement]
	skip     Table[string]
}

// Compile returns the rules of c; deny builds the refusal of each non-zero scope requirement, once.
func Compile[D any](c *Config, deny func(scopes.Requirement) D) *Rules[D] {
	policy := func(req scopes.Requirement) Policy[D] {
		if req.IsZero() {
			return Policy[D]{}
		}
		return Policy[D]{Required: req, Denied: deny(req)}
	}
	r := &Rules[D]{unlisted: policy(c.Unlisted)}
	for _, k := range c.Skip {
		r.skip.Add(k, k.Name)
	}
	for _, e := range c.scopes {
		r.scopes.Add(e.Key, policy(e.Value))
	}
	for _, e := range c.stepUp {
		r.stepUp.Add(e.Key, e.Value)
	}
	return r
}

// Skipped reports whether a skip pattern covers method.
func (r *Rules[D]) Skipped(method string) bool {
	_, ok := r.skip.Lookup(method)
	return ok
}

// Scopes returns what method demands of the token's scopes: its entry, its service's, else the
// unlisted methods' requirement.
func (r *Rules[D]) Scopes(method string) Policy[D] {
	if p, ok := r.scopes.Lookup(method); ok {
		return p
	}
	return r.unlisted
}

// StepUp returns the step-up requirement of method, if it has one.
func (r *Rules[D]) StepUp(method string) (stepup.Requirement, bool) {
	return r.stepUp.Lookup(method)
}
