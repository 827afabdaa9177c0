package validator

import (
	"errors"

	"github.com/jwtguard/jwtguard/scopes"
)

// Error is the error type Validate returns. It carries one of the sentinels (Reason) and a description
// that is safe to show to the client: it never contains the token or any part of it.
type Error struct {
	// Reason is one of the Err* sentinels of this package.
	Reason error
	// Description says in a few words what was wrong, e.g. "token expired 2m0s ago".
	Description string
	// cause is an underlying error (a key source failure, a scope check) kept for errors.Is/As.
	cause error
	// detail is for the server's eyes only (see Detail).
	detail string
}

// NewError builds a *Error for reason, one of this package's sentinels, so that other token checkers
// (an introspector, a DPoP verifier, a caller's own TokenValidator) report failures the adapters
// answer exactly as they answer the validator's. description must be safe to show to the client: never
// the token or a part of it. cause may be nil; it is kept for errors.Is and errors.As.
func NewError(reason error, description string, cause error) *Error {
	return &Error{Reason: reason, Description: description, cause: cause}
}

// NewScopeError returns the refusal of a token that does not meet required: ErrInsufficientScope
// described as "token lacks scope <required>", the one wording the validator, the HTTP adapters and
// the gRPC interceptor share. cause may be nil; a *scopes.MissingError there names what is missing.
func NewScopeError(required scopes.Requirement, cause error) *Error {
	return NewError(ErrInsufficientScope, "token lacks scope "+required.String(), cause)
}

// newError is NewError, short for this package's many call sites.
func newError(reason error, description string, cause error) *Error {
	return NewError(reason, description, cause)
}

// Error returns "<reason>: <description>".
func (e *Error) Error() string {
	if e.Description == "" {
		return e.Reason.Error()
	}
	return e.Reason.Error() + ": " + e.Description
}

// Unwrap returns the sentinel and, when there is one, the underlying cause.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.cause}
}

// Detail returns what the check expected and what the token said, e.g. the token's aud and the
// accepted audiences, for logs and the jwtguard command; "" when the check recorded none. Unlike
// Description it may quote the token's claims (unverified when the signature was not checked yet),
// so adapters never send it to the client. Quoted values are bounded and escaped.
func (e *Error) Detail() string { return e.detail }

// Code returns the reason as a stable snake_case code such as "token_expired", the same code the
// HTTP and gRPC adapters, the refusal log and the jwtguard command report (see Reason).
func (e *Error) Code() string { return lookup(e.Reason).Code }

// Kind returns how the failure is classified (see Kind).
func (e *Error) Kind() Kind { return lookup(e.Reason).Kind }

// KindOf returns the kind of err: the Kind of the *Error it wraps, else that of the first sentinel
// errors.Is finds in it. Any other non-nil error is KindTokenRefused (ErrTokenRejected), so an
// unexpected failure of a custom TokenValidator fails closed; nil gives 0.
func KindOf(err error) Kind { return ReasonOf(err).Kind }

// Code returns the snake_case reason code of err: the Code of the *Error it wraps, else the code of
// the first sentinel errors.Is finds in it, else "" (err is nil or not a validation failure; adapters
// report such an error as ErrTokenRejected, see Refusal).
func Code(err error) string {
	if _, ok := errors.AsType[*Error](err); ok || scan(err) != nil {
		return ReasonOf(err).Code
	}
	return ""
}

// Description returns the client-safe description of err when it wraps a *Error, else the text of
// the first sentinel errors.Is finds in it, else "".
func Description(err error) string {
	if ve, ok := errors.AsType[*Error](err); ok {
		return ve.Description
	}
	if r := scan(err); r != nil {
		return r.Err.Error()
	}
	return ""
}

// Refusal returns err as the adapters hand a refusal on to logs and error handlers, so that every
// refusal is a *Error: err itself when it wraps one; else a *Error whose reason is the first sentinel
// errors.Is finds in err (described by its text), or, for an error no checker described (a custom
// TokenValidator's own), ErrTokenRejected described as "token rejected". err stays the cause, for
// errors.Is and errors.As, but its text is never the description: it may hold anything. nil gives nil.
func Refusal(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}
	if r := scan(err); r != nil {
		return NewError(r.Err, r.Err.Error(), err)
	}
	return NewError(ErrTokenRejected, descRejected, err)
}

// descRejected is the description of ErrTokenRejected: the fact, never the foreign error's text.
const descRejected = "token rejected"
