// Package grpcinterceptor protects gRPC services with OAuth 2.0 bearer JWTs.
//
// Unary and Stream return server interceptors that take the token from the "authorization" metadata
// ("Bearer <token>", the scheme matched without regard to case), validate it, check the scopes the
// method requires (WithMethodScopes) and hand the call on with the verified claims in its context,
// where validator.FromContext finds them. AuthFunc exposes the same check as a plain function for
// go-grpc-middleware's auth interceptors.
//
// Refusals are status errors whose message starts with a reason code, then a client-safe
// description, never the token. Code, status code and log line come from the one table of refusals
// (validator.Reasons), by the refusal's validator.Kind:
//
//	no token, or another scheme                  Unauthenticated   "missing_token: …"
//	malformed authorization (see below)          Unauthenticated   "invalid_request: …"
//	token refused by the validator               Unauthenticated   "token_expired: token expired 3m0s ago", …
//	sender-constrained token without its proof   Unauthenticated   "unsupported_binding: …", "certificate_mismatch: …"
//	login too weak or old (WithMethodAuthentication) Unauthenticated "insufficient_user_authentication: …"
//	token lacks the method's scopes              PermissionDenied  "insufficient_scope: token lacks scope …"
//	no verification keys, introspection down     Unavailable       "keys_unavailable: …", "introspection_unavailable: …"
//
// A token whose claims carry cnf (RFC 7800) is sender-constrained, and a call carries no DPoP proof:
// a DPoP-bound token (cnf.jkt) is always refused, a certificate-bound one (cnf.x5t#S256) is admitted
// only with WithCertificateBinding over the TLS connection of its certificate, and a cnf member no
// binding knows is refused (package binding). A bound token is never taken for a bearer token.
//
// Malformed means more than one authorization value, "Bearer" with no token, or more than one
// credential after it. Health checks (grpc.health.v1.Health) and server reflection are not
// protected unless WithSkipMethods says otherwise.
//
// Options follow one rule: New, the constructor that can fail, returns every mistake (a nil validator,
// a malformed method key, a scoped or step-up method a skip pattern covers) as an error; the one-line
// convenience wrappers Unary, Stream and AuthFunc panic with it, like regexp.MustCompile. A nil
// option is ignored.
package grpcinterceptor
