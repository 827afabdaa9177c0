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
//
// # Options
//
//	option                                                   default
//	WithMethodScopes(map[method]scopes.Requirement)          a valid token only. Keys are /package.Service/Method or
//	                                                         /package.Service/* (every method of the service without its own entry)
//	WithMethodAuthentication(map[method]stepup.Requirement)  no step-up; with it the method needs a strong or recent enough
//	                                                         login (RFC 9470); same key syntax
//	WithUnlistedMethods(req)                                 methods the map does not name need a valid token only; with it req too
//	WithSkipMethods(pattern...)                              DefaultSkipMethods: health checks and server reflection; same key syntax
//	WithCredentialsOptional()                                a token is required (always for methods with scopes or step-up)
//	WithCertificateBinding()                                 off; a token with cnf.x5t#S256 needs the peer's TLS certificate (RFC 8705)
//	WithLogger(*slog.Logger)                                 off; each refused call logged once, at Info (Warn for Unavailable),
//	                                                         at most 20 lines a second, as package nethttp describes
//
// A typo in a method name must not leave a method open, so every key of WithMethodScopes,
// WithMethodAuthentication and WithSkipMethods is checked when the option is built: New(v, opts...)
// returns an error (errors.Is(err, ErrInvalidMethod)) naming every bad key, and Unary, Stream and
// AuthFunc panic with it at start-up. A scoped method that a skip pattern covers is refused the same
// way. A well-formed key can still name a method the server does not have (/shop.v1.Orders/Lsit):
// call CheckMethods(srv, opts...) after registering the services and before Serve — it checks every
// key against srv.GetServiceInfo():
//
//	opts := []grpcinterceptor.Option{
//		grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
//			"/shop.v1.Orders/*":      scopes.All("orders:read"),
//			"/shop.v1.Orders/Cancel": scopes.All("orders:write"),
//		}),
//		grpcinterceptor.WithUnlistedMethods(scopes.All("admin")), // a method added later is not open by default
//	}
//	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(grpcinterceptor.Unary(v, opts...)))
//	shoppb.RegisterOrdersServer(srv, orders)
//	if err := grpcinterceptor.CheckMethods(srv, opts...); err != nil {
//		log.Fatal(err) // e.g. WithMethodScopes: …: "/shop.v1.Orders/Cancle": service shop.v1.Orders has no method Cancle (it has Get, List, Cancel)
//	}
//
// A method with a step-up requirement refused for its login fails with Unauthenticated and the message
// "insufficient_user_authentication: <description>", e.g. "insufficient_user_authentication:
// authentication older than 5m0s"; the method's scopes are checked first.
package grpcinterceptor
