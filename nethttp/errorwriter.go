package nethttp

import (
	"net/http"

	"github.com/jwtguard/jwtguard/internal/httpguard"
)

// RetryAfterSeconds is the Retry-After sent with a 503 when no verification keys are available:
// long enough for a key refresh to be retried, short enough that clients come back soon after.
const RetryAfterSeconds = httpguard.RetryAfterSeconds

// ErrorHandler answers a request that failed authentication. err is, or wraps, a *validator.Error
// whose reason is one of the table of refusals (validator.Reasons): validator.Code and
// validator.KindOf give its code and kind. It may be shown to the client only through validator.Code
// and validator.Description, which never contain the token. err may be shared between requests: do not
// modify it.
type ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

// ErrorWriter writes the RFC 6750 answer to a failed authentication, the very answer the middleware
// of every HTTP adapter writes by default, so a custom ErrorHandler can fall back to it. An
// ErrorWriter is safe for concurrent use; the zero value writes challenges without a realm.
type ErrorWriter struct {
	w httpguard.Writer
}

// NewErrorWriter returns an ErrorWriter whose challenges name realm (none when realm is "").
func NewErrorWriter(realm string) *ErrorWriter {
	return &ErrorWriter{w: *httpguard.NewWriter(realm)}
}

// WriteError writes the answer for err, as the package documentation tabulates. Its signature is an
// ErrorHandler's, so a custom handler can fall back to it.
func (ew *ErrorWriter) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	ew.w.WriteError(w, r, err)
}
