package jwks

import (
	"errors"
	"fmt"

	"github.com/jwtguard/jwtguard/internal/safefetch"
)

var (
	// ErrKeysUnavailable is wrapped by every error a lookup returns when the Set has no keys to use at
	// all: the first fetch has not succeeded yet, the keys outlived WithLastKnownGoodLifetime, or the
	// Set was closed. Validators map it to "try again later" (HTTP 503), not to "invalid token".
	ErrKeysUnavailable = errors.New("jwks: keys unavailable")

	// ErrClosed is wrapped, together with ErrKeysUnavailable, by the errors of a Set after Close.
	ErrClosed = errors.New("jwks: set closed")

	// ErrInvalidConfig is wrapped by the error New, Discover and Static return for a configuration that
	// can never work: a malformed or non-https URL, an option value out of range, a static JWK Set
	// without a usable key.
	ErrInvalidConfig = errors.New("jwks: invalid configuration")

	// ErrIssuerMismatch is wrapped by the error Discover returns when the discovery document names an
	// issuer other than the exact URL asked for (OpenID Connect Discovery 1.0 §4.3, RFC 8414 §3.3).
	ErrIssuerMismatch = errors.New("jwks: discovered issuer does not match")

	// ErrKeyNotFound is returned by the Keyfunc adapter when no held key fits the token's kid and alg.
	ErrKeyNotFound = errors.New("jwks: no key for kid and alg")
)

// Reasons a fetch fails. They are unexported because callers only see them in Status.LastError and
// logs; tests in this package match them with errors.Is.
var (
	errTooLarge     = safefetch.ErrTooLarge
	errNoUsableKeys = errors.New("no usable key in JWK Set")
	errRedirect     = safefetch.ErrRedirect
	errStatus       = safefetch.ErrStatus
	errStale        = errors.New("keys outlived their last-known-good lifetime")
)

// errClosed is preallocated so a lookup on a closed Set does not allocate.
var errClosed = fmt.Errorf("%w: %w", ErrKeysUnavailable, ErrClosed)
