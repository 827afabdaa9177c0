package nethttp

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// RetryAfterSeconds is the Retry-After sent with a 503 when no verification keys are available:
// long enough for a key refresh to be retried, short enough that clients come back soon after.
const RetryAfterSeconds = 10

// Descriptions of the answers that do not come from the validator.
const (
	descMissing     = "no bearer token in the request"
	descUnavailable = "no verification keys available, retry later"
	descRejected    = "token rejected"
	descMalformed   = "malformed request"
)

// ErrorHandler answers a request that failed authentication. err wraps ErrInvalidRequest or one of
// the validator's sentinels; it may be shown to the client only through validator.Code and
// validator.Description, which never contain the token. err may be shared between requests: do not
// modify it.
type ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

// ErrorWriter writes the RFC 6750 answer to a failed authentication. It is the one place the answer
// is made: the Echo and Gin adapters write through it too. An ErrorWriter is safe for concurrent use;
// the zero value writes challenges without a realm.
type ErrorWriter struct {
	realm string
	// The answers that do not depend on the error are built once.
	missing     answer
	unavailable answer
}

// answer is a complete response: everything WriteError puts on the wire.
type answer struct {
	status     int
	challenge  string // WWW-Authenticate, or "" for none
	retryAfter string // Retry-After, or "" for none
	body       []byte
	length     string // Content-Length of body
}

// NewErrorWriter returns an ErrorWriter whose challenges name realm (none when realm is "").
func NewErrorWriter(realm string) *ErrorWriter {
	ew := &ErrorWriter{realm: sanitize(realm)}
	ew.missing = ew.build(validator.ErrMissingToken)
	ew.unavailable = ew.build(validator.ErrKeysUnavailable)
	return ew
}

// WriteError writes the answer for err, as the package documentation tabulates. Its signature is an
// ErrorHandler's, so a custom handler can fall back to it. r is not used today; it is there so the
// answer may one day depend on the request (content negotiation) without an API change.
func (ew *ErrorWriter) WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	a := ew.answer(err)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", a.length)
	if a.challenge != "" {
		h.Set("WWW-Authenticate", a.challenge)
	}
	if a.retryAfter != "" {
		h.Set("Retry-After", a.retryAfter)
	}
	w.WriteHeader(a.status)
	// A failed write means the client went away; there is nobody left to tell.
	_, _ = w.Write(a.body)
}

// answer returns the prebuilt answer for errors that do not vary, building the others.
func (ew *ErrorWriter) answer(err error) answer {
	if ew.missing.status != 0 {
		switch {
		case errors.Is(err, validator.ErrMissingToken):
			return ew.missing
		case errors.Is(err, validator.ErrKeysUnavailable):
			return ew.unavailable
		}
	}
	return ew.build(err)
}

// build maps err to its answer. Errors it does not recognise are treated as a refused token, so a
// custom validator's unexpected error fails closed without its text reaching the client.
func (ew *ErrorWriter) build(err error) answer {
	switch {
	case errors.Is(err, ErrInvalidRequest):
		desc := descMalformed
		if re, ok := errors.AsType[*RequestError](err); ok && re.Description != "" {
			desc = re.Description
		}
		return ew.make(http.StatusBadRequest, "invalid_request", "invalid_request", desc, "")
	case errors.Is(err, validator.ErrMissingToken):
		// RFC 6750 §3.1: a request without authentication gets a challenge with no error code.
		return ew.make(http.StatusUnauthorized, "missing_token", "", descMissing, "")
	case errors.Is(err, validator.ErrKeysUnavailable):
		a := ew.make(http.StatusServiceUnavailable, "temporarily_unavailable", "", descUnavailable, "")
		a.challenge = "" // the token was not judged, so there is nothing to challenge
		a.retryAfter = strconv.Itoa(RetryAfterSeconds)
		return a
	case errors.Is(err, validator.ErrInsufficientScope):
		return ew.make(http.StatusForbidden, "insufficient_scope", "insufficient_scope", describe(err), requiredScope(err))
	default:
		return ew.make(http.StatusUnauthorized, "invalid_token", "invalid_token", describe(err), "")
	}
}

// make assembles an answer; bodyCode is the JSON body's error, code the challenge's (may be "").
func (ew *ErrorWriter) make(status int, bodyCode, code, description, scope string) answer {
	description = sanitize(description)
	body, err := json.Marshal(struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}{bodyCode, description})
	if err != nil {
		// Two plain strings always marshal; this only keeps the answer well-formed if that changed.
		body = []byte(`{"error":"` + bodyCode + `"}`)
	}
	challengeDesc := description
	if code == "" {
		challengeDesc = ""
	}
	return answer{
		status:    status,
		challenge: challenge(ew.realm, code, challengeDesc, scope),
		body:      body,
		length:    strconv.Itoa(len(body)),
	}
}

// describe returns the client-safe description of a validation error.
func describe(err error) string {
	if d := validator.Description(err); d != "" {
		return d
	}
	return descRejected
}

// requiredScope returns the scope attribute for an insufficient_scope answer: the whole requirement
// when RequireScopes refused, else the scopes a validator-level check found missing.
func requiredScope(err error) string {
	if se, ok := errors.AsType[*ScopeError](err); ok {
		return se.Required.String()
	}
	if me, ok := errors.AsType[*scopes.MissingError](err); ok {
		return strings.Join(me.Missing, " ")
	}
	return ""
}
