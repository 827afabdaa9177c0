package httpguard

import (
	"errors"

	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// ErrInvalidRequest is wrapped by every error an Extractor returns for a malformed request. Such a
// request is answered 400 with error="invalid_request" (RFC 6750 §3.1).
var ErrInvalidRequest = errors.New("invalid request")

// ErrNoBearerToken is the refusal of a request that carries no token (see bearer.ErrNoToken).
var ErrNoBearerToken = bearer.ErrNoToken

// RequestError reports a request that carries its token in a way RFC 6750 forbids. It wraps
// ErrInvalidRequest. Custom Extractors should return one so the client learns what was wrong.
type RequestError struct {
	// Description is shown to the client as error_description; it must not contain the token.
	Description string
}

// Error returns "invalid request: " followed by the description.
func (e *RequestError) Error() string { return ErrInvalidRequest.Error() + ": " + e.Description }

// Unwrap returns ErrInvalidRequest.
func (e *RequestError) Unwrap() error { return ErrInvalidRequest }

// kindOf classifies err for the HTTP answer: validator.KindOf, which knows every reason a token is
// refused for, plus the one failure only HTTP extraction has, a malformed request.
func kindOf(err error) validator.Kind {
	if errors.Is(err, ErrInvalidRequest) {
		return validator.KindBadRequest
	}
	if errors.Is(err, ErrServerMisconfigured) {
		return validator.KindServerError
	}
	return validator.KindOf(err)
}

// ScopeError is the error a route requirement reports when a token lacks what the route requires. It
// wraps a *validator.Error whose reason is validator.ErrInsufficientScope, so errors.Is,
// validator.Code and validator.Description work on it as on the validator's own errors.
type ScopeError struct {
	// Required is what the route demands; it becomes the challenge's scope attribute.
	Required scopes.Requirement
	err      *validator.Error
}

// NewScopeError returns the error for a token that does not meet required, for adapters and error
// handlers that check scopes themselves but want the same answer.
func NewScopeError(required scopes.Requirement) *ScopeError {
	return &ScopeError{Required: required, err: validator.NewScopeError(required, nil)}
}

// Error returns "insufficient scope: token lacks scope …".
func (e *ScopeError) Error() string { return e.err.Error() }

// Unwrap returns the *validator.Error.
func (e *ScopeError) Unwrap() error { return e.err }
