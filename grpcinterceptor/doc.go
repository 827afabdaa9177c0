// Package grpcinterceptor protects gRPC services with OAuth 2.0 bearer JWTs.
//
// Unary and Stream return server interceptors that take the token from the "authorization" metadata
// ("Bearer <token>", the scheme matched without regard to case), validate it, check the scopes the
// method requires (WithMethodScopes) and hand the call on with the verified claims in its context,
// where validator.FromContext finds them. AuthFunc exposes the same check as a plain function for
// go-grpc-middleware's auth interceptors.
//
// Refusals are status errors whose message starts with a reason code, then a client-safe
// description, never the token:
//
//	no token, or another scheme                  Unauthenticated   "missing_token: …"
//	malformed authorization (see below)          Unauthenticated   "invalid_request: …"
//	token refused by the validator               Unauthenticated   "token_expired: token expired 3m0s ago", …
//	token lacks the method's scopes              PermissionDenied  "insufficient_scope: token lacks scope …"
//	no verification keys to be had               Unavailable       "keys_unavailable: …"
//
// Malformed means more than one authorization value, "Bearer" with no token, or more than one
// credential after it. Health checks (grpc.health.v1.Health) and server reflection are not
// protected unless WithSkipMethods says otherwise.
//
// The constructors panic on a nil validator; a nil option is ignored.
package grpcinterceptor
