package connectmw

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/validator"
)

// answerHeaders are the header fields of the HTTP core's answer that a refusal carries.
var answerHeaders = []string{"Www-Authenticate", "Retry-After", "Dpop-Nonce"}

// answer is what a refusal sends: the connect code and message, and the header fields of the HTTP
// core's answer (each value list clipped, so that it may be shared by many responses).
type answer struct {
	code connect.Code
	// err is what the *connect.Error wraps: the message, unwrapping to the refusal. Immutable, so a
	// prebuilt answer's is shared by every call it refuses.
	err    *refusal
	fields []field
}

// field is one header field of an answer.
type field struct {
	name   string
	values []string
}

// refuse returns the *connect.Error c is refused with for err: its code from the refusal's Kind, its
// message the reason code and client-safe description; and it sends the header fields the HTTP core's
// answer to the same request carries (WWW-Authenticate, Retry-After, DPoP-Nonce). static says err is
// one of the refusals that depend on neither the call nor the token (no token, a malformed
// Authorization header, a procedure's missing scopes), whose answer may be prebuilt.
//
// The fields go in the call's response header, which every protocol sends as HTTP header fields
// before the error, so connect clients find them in the error's Meta. They cannot go in the error's
// own metadata: the gRPC protocol sends that as HTTP trailers, and net/http drops a WWW-Authenticate
// trailer (RFC 9110 §6.5.1 forbids authentication fields there). Without a response header (a
// caller that runs the interceptor outside a connect handler) they go in the error's metadata.
func (i *Interceptor) refuse(ctx context.Context, c call, err error, static bool) error {
	var a *answer
	if static {
		a = i.prebuilt[err] // looked up only for these: any other error's type may not be comparable
	}
	if a == nil {
		a = i.answer(ctx, c, err)
	}
	ce := connect.NewError(a.code, a.err)
	header := c.responseHeader(ctx)
	if header == nil {
		header = ce.Meta()
	}
	for _, f := range a.fields {
		header[f.name] = f.values
	}
	return ce
}

// answer builds the answer to err for c. The header fields and the WithLogger line are the HTTP
// core's own (Guard.Refuse), written for a request made of the call's header, procedure and peer.
func (i *Interceptor) answer(ctx context.Context, c call, err error) *answer {
	r := (&http.Request{
		Method:     c.method,
		URL:        &url.URL{Path: c.procedure},
		Header:     c.header,
		RemoteAddr: c.peer.Addr,
	}).WithContext(ctx)
	var rec headerRecorder
	_ = i.answers.Refuse(struct{}{}, &rec, r, err) // no custom error handler: it writes, never fails
	reason := validator.ReasonOf(err)
	a := &answer{code: code(reason.Kind), err: &refusal{message: reason.Code + ": " + description(err, reason), err: err}}
	for _, name := range answerHeaders {
		if values := rec.header[name]; len(values) > 0 {
			a.fields = append(a.fields, field{name, slices.Clip(values)})
		}
	}
	return a
}

// prebuild returns the answers to statics, refusals that depend on neither the call nor the token,
// built once, so that the refusals an anonymous client can cause cost less than an admitted call. It
// returns nil when an answer depends on the call all the same: with WithDPoP (whose challenges
// depend on the scheme the call used) or WithLogger (which writes a line for every refusal).
func (i *Interceptor) prebuild(statics []error) map[error]*answer {
	if i.base != nil || i.logs {
		return nil
	}
	m := make(map[error]*answer, len(statics))
	for _, err := range statics {
		m[err] = i.answer(context.Background(), call{method: http.MethodPost, header: http.Header{}}, err)
	}
	return m
}

// responseHeader returns the response header of c: its stream's, or the unary call's from the
// handler context; nil when ctx is not a connect handler's.
func (c call) responseHeader(ctx context.Context) http.Header {
	if c.stream != nil {
		return c.stream.ResponseHeader()
	}
	if info, ok := connect.CallInfoForHandlerContext(ctx); ok {
		return info.ResponseHeader()
	}
	return nil
}

// code maps a kind of refusal to the connect code, as the HTTP status does: Unauthenticated (401),
// PermissionDenied (403), Unavailable (503) and InvalidArgument (400) for a malformed request. The
// first three are grpcinterceptor's; gRPC answers a malformed request Unauthenticated for want of a
// better code, while connect runs over HTTP, where the core answers it 400.
func code(kind validator.Kind) connect.Code {
	switch kind {
	case validator.KindUnavailable:
		return connect.CodeUnavailable
	case validator.KindScopeMissing:
		return connect.CodePermissionDenied
	case validator.KindBadRequest:
		return connect.CodeInvalidArgument
	case validator.KindServerError:
		return connect.CodeInternal
	default:
		return connect.CodeUnauthenticated
	}
}

// description is the client-safe description of a refusal, as grpcinterceptor states it: its own,
// else its reason's; an error no checker described (ErrTokenRejected) never lends its text.
func description(err error, reason validator.Reason) string {
	d := validator.Description(err)
	if d == "" || reason.Err == validator.ErrTokenRejected {
		return reason.Message
	}
	return d
}

// refusal is the error a *connect.Error wraps: its text is the message sent to the client, and it
// unwraps to the refusal, so errors.Is and errors.As find the *validator.Error on the server side.
type refusal struct {
	message string
	err     error
}

// Error returns the message sent to the client.
func (r *refusal) Error() string { return r.message }

// Unwrap returns the refusal.
func (r *refusal) Unwrap() error { return r.err }

// headerRecorder is the http.ResponseWriter the HTTP core writes a refusal's answer to: only its
// header fields are kept, since connect writes the body in its own protocol.
type headerRecorder struct {
	header http.Header
}

func (h *headerRecorder) Header() http.Header {
	if h.header == nil {
		h.header = make(http.Header)
	}
	return h.header
}

func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }

func (h *headerRecorder) WriteHeader(int) {}
