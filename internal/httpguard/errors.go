package httpguard

import (
	"errors"

	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// ErrInvalidRequest is the reason of every refusal of a request that carries its token in a way RFC
// 6750 forbids: the very value validator.ErrInvalidRequest (code invalid_request, KindBadRequest), so
// validator.KindOf and validator.Code read it from the one table. Such a request is answered 400 with
// error="invalid_request" (RFC 6750 §3.1).
var ErrInvalidRequest = validator.ErrInvalidRequest

// ErrNoBearerToken is the refusal of a request that carries no token (see bearer.ErrNoToken).
var ErrNoBearerToken = bearer.ErrNoToken

// errNilBinding is the mistake of WithBinding(nil).
var errNilBinding = errors.New("WithBinding needs a non-nil binding.Method")

// RequestError describes a request that carries its token in a way RFC 6750 forbids. It wraps
// ErrInvalidRequest. A custom Extractor may return one (or NewRequestError's error) so the client
// learns what was wrong; error handlers receive it as the cause of a *validator.Error.
type RequestError struct {
	// Description is shown to the client as error_description; it must not contain the token.
	Description string
}

// Error returns "invalid request: " followed by the description.
func (e *RequestError) Error() string { return ErrInvalidRequest.Error() + ": " + e.Description }

// Unwrap returns ErrInvalidRequest.
func (e *RequestError) Unwrap() error { return ErrInvalidRequest }

// NewRequestError returns the refusal of a malformed request: a *validator.Error whose reason is
// ErrInvalidRequest, described by description (which must not contain the token), with a
// *RequestError as its cause. Build it once per description: the refusal of a malformed request
// should cost no more than an accepted one.
func NewRequestError(description string) error {
	return validator.NewError(ErrInvalidRequest, description, &RequestError{Description: description})
}

// extractionRefusal turns an Extractor's error into the refusal handed on, a *validator.Error: one
// already is; a *RequestError lends its description; any other error is a malformed request with the
// table's description, since its text may hold anything (the token included).
func extractionRefusal(err error) error {
	if _, ok := errors.AsType[*validator.Error](err); ok {
		return err
	}
	description := validator.ReasonOf(ErrInvalidRequest).Message
	if re, ok := errors.AsType[*RequestError](err); ok && re.Description != "" {
		description = re.Description
	}
	return validator.NewError(ErrInvalidRequest, description, err)
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
