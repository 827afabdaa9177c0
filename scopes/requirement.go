package scopes

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInsufficientScope is wrapped by every error Requirement.Check returns.
// validator.ErrInsufficientScope is this same value, so one errors.Is works at every layer.
var ErrInsufficientScope = errors.New("insufficient scope")

// Requirement is what a route demands of a token's scopes. Build one with All or Any.
// The zero Requirement demands nothing.
type Requirement struct {
	scopes []string
	any    bool
}

// All returns a Requirement met only when every one of scopes is granted.
func All(scopes ...string) Requirement {
	return Requirement{scopes: New(scopes...).sorted}
}

// Any returns a Requirement met when at least one of scopes is granted.
// Any with no scopes demands nothing.
func Any(scopes ...string) Requirement {
	return Requirement{scopes: New(scopes...).sorted, any: true}
}

// IsZero reports whether the Requirement demands nothing.
func (r Requirement) IsZero() bool { return len(r.scopes) == 0 }

// Check returns nil when granted meets the Requirement. Otherwise it returns an error that wraps
// ErrInsufficientScope and names the scopes that were missing (for All) or acceptable (for Any).
func (r Requirement) Check(granted Set) error {
	if len(r.scopes) == 0 {
		return nil
	}
	if r.any {
		for _, s := range r.scopes {
			if granted.Has(s) {
				return nil
			}
		}
		return &MissingError{Missing: r.scopes, AnyOf: true}
	}
	var missing []string
	for _, s := range r.scopes {
		if !granted.Has(s) {
			missing = append(missing, s)
		}
	}
	if missing == nil {
		return nil
	}
	return &MissingError{Missing: missing}
}

// String returns the scopes the Requirement names, space-separated, as the RFC 6750 §3 "scope"
// attribute of a WWW-Authenticate challenge expects.
func (r Requirement) String() string { return strings.Join(r.scopes, " ") }

// MissingError is the error Check returns. errors.Is(err, ErrInsufficientScope) reports true for it.
type MissingError struct {
	// Missing lists the scopes not granted (All), or the scopes any one of which would do (Any).
	Missing []string
	// AnyOf is true when the failed Requirement was built with Any.
	AnyOf bool
}

// Error names what was missing.
func (e *MissingError) Error() string {
	if e.AnyOf {
		return fmt.Sprintf("%s: one of %q required", ErrInsufficientScope, e.Missing)
	}
	return fmt.Sprintf("%s: missing %q", ErrInsufficientScope, e.Missing)
}

// Unwrap returns ErrInsufficientScope.
func (e *MissingError) Unwrap() error { return ErrInsufficientScope }
