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
// A refusal is a *connect.Error whose code comes from the refusal's validator.Kind, whose message is
// the reason code and a client-safe description (never the token), and whose metadata carry the very
// WWW-Authenticate challenge (and Retry-After) the HTTP adapters send, written by the same code;
// connect sends error metadata as HTTP headers, so curl and browsers see RFC 6750 answers:
//
//	no token                                   CodeUnauthenticated    "missing_token: …"
//	two Authorization values, "Bearer" alone   CodeInvalidArgument    "invalid_request: …"  (HTTP 400)
//	token refused, bound token as bearer       CodeUnauthenticated    "token_expired: …", "unsupported_binding: …"
//	step-up required                           CodeUnauthenticated    "insufficient_user_authentication: …"
//	token lacks the procedure's scopes         CodePermissionDenied   "insufficient_scope: …"
//	no verification keys to be had             CodeUnavailable        "keys_unavailable: …"
//
// errors.As finds the *validator.Error in the refusal on the server side (an outer interceptor, a
// logger); the client sees only the message and metadata. A sender-constrained token (cnf) is
// refused, never taken for a bearer token: connect-go exposes no client certificate and this package
// checks no DPoP proof.
//
// The option rule, as everywhere in jwtguard: constructors that can fail return an error. New reports
// every mistake at once — a nil validator, a malformed procedure key, a procedure both skipped and
// scoped, a step-up requirement that does not validate, a resource metadata URL that is not https —
// so a typo stops the server at start-up instead of opening a procedure. A nil Option is ignored.
package connectmw
