// Package connectmw protects connect-go (connectrpc.com/connect) services with OAuth 2.0 bearer JWTs,
// through the same core as jwtguard's HTTP adapters and gRPC interceptor.
//
// New returns an Interceptor, a connect.Interceptor for unary calls and server, client and bidi
// streams alike; install it with connect.WithInterceptors on the handlers. It takes the token from
// the Authorization header ("Bearer <token>"), validates it, checks what the procedure requires
// (WithProcedureScopes, WithProcedureAuthentication) and hands the call on with the verified claims
// in its context, where validator.FromContext finds them. Procedure keys follow grpcinterceptor's
// method keys exactly ("/package.Service/Method" or "/package.Service/*").
//
// A refusal is a *connect.Error whose code comes from the refusal's validator.Kind and whose message
// is the reason code and a client-safe description (never the token); the call's response header
// carries the very WWW-Authenticate challenge (and Retry-After, DPoP-Nonce) the HTTP adapters send,
// written by the same code, so curl and browsers see RFC 6750 answers and connect clients find the
// challenge in the error's Meta. (Not in the error's own metadata: the gRPC protocol sends that as
// HTTP trailers, where net/http drops WWW-Authenticate.)
//
//	no token                                   CodeUnauthenticated    "missing_token: …"
//	two Authorization values, "Bearer" alone   CodeInvalidArgument    "invalid_request: …"  (HTTP 400)
//	token refused, bound token as bearer       CodeUnauthenticated    "token_expired: …", "unsupported_binding: …"
//	step-up required                           CodeUnauthenticated    "insufficient_user_authentication: …"
//	token lacks the procedure's scopes         CodePermissionDenied   "insufficient_scope: …"
//	no verification keys to be had             CodeUnavailable        "keys_unavailable: …"
//
// errors.As finds the *validator.Error in the refusal on the server side (an outer interceptor, a
// logger); the client sees only the message and the header. A sender-constrained token (cnf) is never
// taken for a bearer token: a DPoP-bound one passes only under WithDPoP with a proof for the
// procedure's URL; a certificate-bound one is always refused (unsupported_binding), since connect-go
// does not show interceptors the client certificate.
//
// Health checks and server reflection (DefaultSkipProcedures) are not protected unless
// WithSkipProcedures says otherwise, as in grpcinterceptor.
//
// The option rule, as everywhere in jwtguard: constructors that can fail return an error. New reports
// every mistake at once — a nil validator, a malformed procedure key, a procedure both skipped and
// scoped, a step-up requirement that does not validate, a resource metadata URL that is not https —
// so a typo stops the server at start-up instead of opening a procedure. A nil Option is ignored.
//
// Options follow the kit's one rule for a bad option: New, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package connectmw
