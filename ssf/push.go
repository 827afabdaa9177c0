package ssf

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/jwtguard/jwtguard/internal/refusallog"
	"github.com/jwtguard/jwtguard/validator"
)

// The error codes of RFC 8935 §2.4, the "err" of a refused push.
const (
	// CodeInvalidRequest: the body is not a SET, or an event does not conform to its definition.
	CodeInvalidRequest = "invalid_request"
	// CodeInvalidKey: the SET's signing key or algorithm is not acceptable, or the signature fails.
	CodeInvalidKey = "invalid_key"
	// CodeInvalidIssuer: the SET's iss is not the transmitter.
	CodeInvalidIssuer = "invalid_issuer"
	// CodeInvalidAudience: the SET's aud does not name this receiver.
	CodeInvalidAudience = "invalid_audience"
	// CodeAuthenticationFailed: the push request lacks the credential WithPushAuthorization requires.
	CodeAuthenticationFailed = "authentication_failed"
)

// setMediaType is the Content-Type of a pushed SET (RFC 8417 §7.2, RFC 8935 §2).
const setMediaType = "application/secevent+jwt"

// ServeHTTP receives one SET pushed as RFC 8935 describes: POST, Content-Type
// application/secevent+jwt, the SET as the body (at most MaxSETSize bytes, refused before it is read
// beyond that). It answers 202 Accepted once the SET has been verified and its revocations recorded
// (or it carried none this package acts on); 400 with {"err", "description"} (RFC 8935 §2.3) for a
// refused SET; 401 authentication_failed without the WithPushAuthorization credential; 405, 413; and
// 503 when the transmitter's keys are not held or the revocation list failed, so that the
// transmitter delivers the SET again. Nothing is revoked by a SET that does not verify.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.cfg.pushAuth != "" && !r.authorized(req.Header.Values("Authorization")) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writePushError(w, http.StatusUnauthorized, CodeAuthenticationFailed, "the push request is not authenticated")
		return
	}
	if mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type")); err != nil || mt != setMediaType {
		writePushError(w, http.StatusBadRequest, CodeInvalidRequest, "Content-Type must be "+setMediaType)
		return
	}
	if req.ContentLength > MaxSETSize {
		writePushError(w, http.StatusRequestEntityTooLarge, CodeInvalidRequest, "the SET is larger than 64 KiB")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxSETSize))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writePushError(w, http.StatusRequestEntityTooLarge, CodeInvalidRequest, "the SET is larger than 64 KiB")
			return
		}
		writePushError(w, http.StatusBadRequest, CodeInvalidRequest, "the body could not be read")
		return
	}
	// RFC 8935 carries the SET as the whole body; a trailing line break is tolerated.
	set := strings.TrimRight(string(body), "\r\n")
	if err := r.Receive(req.Context(), set); err != nil {
		status, code := pushAnswer(err)
		refusallog.Log(req.Context(), r.cfg.logger, err, "", func() refusallog.Token { return refusallog.Peek(set) }, refusallog.Where("ssf", "push "+code))
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "5")
		}
		writePushError(w, status, code, validator.Description(err))
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// authorized compares the request's one Authorization value with the configured bearer credential in
// constant time. Two Authorization values are refused.
func (r *Receiver) authorized(values []string) bool {
	if len(values) != 1 {
		return false
	}
	const scheme = "Bearer "
	v := values[0]
	if len(v) <= len(scheme) || !strings.EqualFold(v[:len(scheme)], scheme) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(v[len(scheme):]), []byte(r.cfg.pushAuth)) == 1
}

// pushAnswer maps a Receive failure to its HTTP status and RFC 8935 error code: the one place SET
// refusals are classified, for push answers and poll's setErrs alike.
func pushAnswer(err error) (status int, code string) {
	switch {
	case validator.KindOf(err) == validator.KindUnavailable:
		return http.StatusServiceUnavailable, ""
	case errors.Is(err, validator.ErrInvalidIssuer):
		return http.StatusBadRequest, CodeInvalidIssuer
	case errors.Is(err, validator.ErrInvalidAudience):
		return http.StatusBadRequest, CodeInvalidAudience
	case errors.Is(err, validator.ErrUnsupportedAlgorithm), errors.Is(err, validator.ErrUnknownKey),
		errors.Is(err, validator.ErrInvalidSignature):
		return http.StatusBadRequest, CodeInvalidKey
	}
	return http.StatusBadRequest, CodeInvalidRequest
}

// pushError is the RFC 8935 §2.3 error body.
type pushError struct {
	Err         string `json:"err"`
	Description string `json:"description,omitempty"`
}

// writePushError writes a refusal; an unavailable answer (code "") carries no RFC 8935 body, since
// the SET itself was not found wanting.
func writePushError(w http.ResponseWriter, status int, code, description string) {
	if code == "" {
		http.Error(w, "the SET could not be processed now; deliver it again", status)
		return
	}
	body, _ := json.Marshal(pushError{Err: code, Description: description})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
