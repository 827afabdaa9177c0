package httpguard

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// RetryAfterSeconds is the Retry-After sent with a 503 when no verification keys are available:
// long enough for a key refresh to be retried, short enough that clients come back soon after.
const RetryAfterSeconds = 10

// scheme is the authentication scheme of every challenge the Writer makes.
const scheme = "Bearer"

// Descriptions of the answers that do not come from the validator.
const (
	descUnavailable = "no verification keys available, retry later"
	descRejected    = "token rejected"
	descMalformed   = "malformed request"
)

// Writer writes the RFC 6750 answer to a failed authentication: the one place it is made, for every
// HTTP adapter. A Writer is safe for concurrent use; the zero value writes challenges without a realm.
type Writer struct {
	// params open every challenge: the realm and the RFC 9728 resource_metadata.
	params []Param
	dpop   *dpopGuard // nil: Bearer challenges only
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
	// dpopChallenges replace challenge when the route has DPoP.
	dpopChallenges dpopChallenges
}

// NewWriter returns a Writer whose challenges name realm (none when realm is "") followed by params,
// such as resource_metadata (see WithResourceMetadata); params with an empty value are left out.
func NewWriter(realm string, params ...Param) *Writer { return newWriter(nil, realm, params...) }

// newWriter is NewWriter for a route that, when d is not nil, offers DPoP too.
func newWriter(d *dpopGuard, realm string, params ...Param) *Writer {
	w := &Writer{dpop: d}
	if realm != "" {
		w.params = []Param{{"realm", sanitize(realm)}}
	}
	w.params = append(w.params, params...)
	w.missing = w.build(validator.ErrMissingToken)
	w.unavailable = w.build(validator.ErrKeysUnavailable)
	return w
}

// WriteError writes the answer for err to the request r, whose scheme picks the DPoP challenges.
func (w *Writer) WriteError(rw http.ResponseWriter, r *http.Request, err error) {
	a := w.answer(err)
	h := rw.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", a.length)
	if w.dpop != nil {
		w.dpop.setHeaders(h, r, err, &a)
	} else if a.challenge != "" {
		h.Set("WWW-Authenticate", a.challenge)
	}
	if a.retryAfter != "" {
		h.Set("Retry-After", a.retryAfter)
	}
	rw.WriteHeader(a.status)
	// A failed write means the client went away; there is nobody left to tell.
	_, _ = rw.Write(a.body)
}

// answer returns the prebuilt answer for errors that do not vary, building the others.
func (w *Writer) answer(err error) answer {
	if w.missing.status != 0 {
		switch {
		case errors.Is(err, validator.ErrMissingToken):
			return w.missing
		case errors.Is(err, validator.ErrKeysUnavailable) && !errors.Is(err, dpop.ErrReplayCacheUnavailable):
			return w.unavailable
		}
	}
	return w.build(err)
}

// build maps err to its answer by its kind. Errors of no known kind are a refused token, so a custom
// validator's unexpected error fails closed without its text reaching the client.
func (w *Writer) build(err error) answer {
	switch kindOf(err) {
	case validator.KindBadRequest:
		desc := descMalformed
		if re, ok := errors.AsType[*RequestError](err); ok && re.Description != "" {
			desc = re.Description
		}
		return w.make(http.StatusBadRequest, "invalid_request", "invalid_request", desc)
	case validator.KindUnavailable:
		a := w.make(http.StatusServiceUnavailable, "temporarily_unavailable", "", unavailableDescription(err))
		a.challenge = "" // the token was not judged, so there is nothing to challenge
		a.retryAfter = strconv.Itoa(RetryAfterSeconds)
		return a
	case validator.KindServerError:
		a := w.make(http.StatusInternalServerError, "server_error", "", descServerMisconfigured)
		a.challenge = "" // the server is at fault; the client has nothing to change
		return a
	case validator.KindScopeMissing:
		return w.make(http.StatusForbidden, "insufficient_scope", "insufficient_scope", describe(err),
			Param{"scope", requiredScope(err)})
	}
	switch {
	case errors.Is(err, validator.ErrMissingToken):
		// RFC 6750 §3.1: a request without authentication gets a challenge with no error code.
		return w.make(http.StatusUnauthorized, "missing_token", "", bearer.DescriptionNoToken)
	case errors.Is(err, validator.ErrInsufficientUserAuthentication):
		acrValues, maxAge := stepUpParams(err)
		return w.make(http.StatusUnauthorized, codeStepUp, codeStepUp, describe(err), acrValues, maxAge)
	}
	code := tokenErrorCode(err)
	return w.make(http.StatusUnauthorized, code, code, describe(err))
}

// make assembles an answer; bodyCode is the JSON body's error, code the challenge's (may be "").
// extra are the parameters of this answer alone, after error_description.
func (w *Writer) make(status int, bodyCode, code, description string, extra ...Param) answer {
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
	var buf [8]Param
	params := append(append(buf[:0], w.params...), Param{"error", code}, Param{"error_description", challengeDesc})
	params = append(params, extra...)
	a := answer{
		status:    status,
		challenge: challenge(scheme, params...),
		body:      body,
		length:    strconv.Itoa(len(body)),
	}
	if w.dpop != nil {
		a.dpopChallenges = w.dpop.challenges(w.params, params[len(w.params):])
	}
	return a
}

// describe returns the client-safe description of a validation error.
func describe(err error) string {
	if d := validator.Description(err); d != "" {
		return d
	}
	return descRejected
}

// requiredScope returns the scope attribute for an insufficient_scope answer: the whole requirement
// when a route requirement refused, else the scopes a validator-level check found missing.
func requiredScope(err error) string {
	if se, ok := errors.AsType[*ScopeError](err); ok {
		return se.Required.String()
	}
	if me, ok := errors.AsType[*scopes.MissingError](err); ok {
		return strings.Join(me.Missing, " ")
	}
	return ""
}
