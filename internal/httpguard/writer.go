package httpguard

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

// scheme is the authentication scheme of every challenge the Writer makes.
const scheme = "Bearer"

// bodyUnavailable is the JSON body's error of a 503, which has no challenge to carry a code (RFC 6749
// §4.1.2.1's code for a server that cannot answer now).
const bodyUnavailable = "temporarily_unavailable"

// bodyServerError is the JSON body's error for a 500: the server is wired wrongly (RFC 6749
// §4.1.2.1's server_error).
const bodyServerError = "server_error"

// Writer writes the RFC 6750 answer to a failed authentication: the one place it is made, for every
// HTTP adapter. Status, error code and description come from the table of refusals
// (validator.ReasonOf). A Writer is safe for concurrent use; the zero value writes challenges without
// a realm.
type Writer struct {
	// params open every challenge: the realm and the RFC 9728 resource_metadata.
	params []Param
	scheme authScheme // nil: Bearer challenges only
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
	// schemeChallenges replace challenge when the route has a binding with its own scheme (DPoP).
	schemeChallenges schemeChallenges
}

// NewWriter returns a Writer whose challenges name realm (none when realm is "") followed by params,
// such as resource_metadata (see WithResourceMetadata); params with an empty value are left out.
func NewWriter(realm string, params ...Param) *Writer { return newWriter(nil, realm, params...) }

// newWriter is NewWriter for a route that, when sch is not nil, offers that scheme too.
func newWriter(sch authScheme, realm string, params ...Param) *Writer {
	w := &Writer{scheme: sch}
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
	if w.scheme != nil {
		w.scheme.setHeaders(h, r, err, &a)
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
		switch validator.ReasonOf(err).Err {
		case validator.ErrMissingToken:
			return w.missing
		case validator.ErrKeysUnavailable:
			return w.unavailable
		}
	}
	return w.build(err)
}

// build makes the answer to err from its row of the table of refusals: the status from its kind, the
// error code from its protocol code. An error of no known reason is ErrTokenRejected, a refused
// token, so a custom validator's unexpected error fails closed without its text reaching the client.
func (w *Writer) build(err error) answer {
	r := validator.ReasonOf(err)
	if err == nil {
		r = validator.ReasonOf(validator.ErrTokenRejected) // a handler's mistake; still a refusal
	}
	switch r.Kind {
	case validator.KindBadRequest:
		return w.make(http.StatusBadRequest, r.Protocol, r.Protocol, requestDescription(err, r))
	case validator.KindUnavailable:
		// The token was not judged, so there is nothing to challenge; the description names what
		// could not be reached (keys, introspection endpoint, DPoP replay cache).
		a := w.make(http.StatusServiceUnavailable, bodyUnavailable, "", r.Message)
		a.challenge = ""
		a.retryAfter = strconv.Itoa(RetryAfterSeconds)
		return a
	case validator.KindServerError:
		a := w.make(http.StatusInternalServerError, bodyServerError, "", r.Message)
		a.challenge = "" // the server is at fault; the client has nothing to change
		return a
	case validator.KindScopeMissing:
		return w.make(http.StatusForbidden, r.Protocol, r.Protocol, describe(err, r), Param{"scope", requiredScope(err)})
	}
	switch r.Err {
	case validator.ErrMissingToken:
		// RFC 6750 §3.1: a request without authentication gets a challenge with no error code; the
		// body names the reason, whatever a custom validator described.
		return w.make(http.StatusUnauthorized, r.Code, "", r.Message)
	case validator.ErrInsufficientUserAuthentication:
		acrValues, maxAge := stepUpParams(err)
		return w.make(http.StatusUnauthorized, r.Protocol, r.Protocol, describe(err, r), acrValues, maxAge)
	}
	return w.make(http.StatusUnauthorized, r.Protocol, r.Protocol, describe(err, r))
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
	if w.scheme != nil {
		a.schemeChallenges = w.scheme.challenges(w.params, params[len(w.params):])
	}
	return a
}

// describe returns the client-safe description of a refusal: its own, else its reason's.
func describe(err error, r validator.Reason) string {
	if d := validator.Description(err); d != "" {
		return d
	}
	return r.Message
}

// requestDescription describes a malformed request: that of the *RequestError it carries (a custom
// Extractor's or validator's), else the *validator.Error's, else the reason's.
func requestDescription(err error, r validator.Reason) string {
	if re, ok := errors.AsType[*RequestError](err); ok && re.Description != "" {
		return re.Description
	}
	if ve, ok := errors.AsType[*validator.Error](err); ok && ve.Description != "" {
		return ve.Description
	}
	return r.Message
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
