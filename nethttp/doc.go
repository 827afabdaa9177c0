// Package nethttp protects net/http handlers with OAuth 2.0 bearer JWTs.
//
// A Guard, made once by New with the options, gives the middleware and the route requirements:
// g.Middleware takes the token from the request (by default the Authorization header's Bearer
// credentials), validates it with a validator.TokenValidator and hands the request on with the
// verified claims in its context, where validator.FromContext finds them; g.Require(req), placed after
// it on a route, demands scopes of those claims with the same realm and error handler. Middleware and
// RequireScopes are the same as free functions, each with its own options.
//
// Refusals follow RFC 6750 §3. They are made in one place, the HTTP core that the Echo and Gin
// adapters share, so all three frameworks give byte-identical answers. Every refusal is a
// *validator.Error whose reason is declared once, in the table of refusals (validator.Reasons), with
// its code, its validator.Kind and the error code the answer sends; the status follows the kind:
//
//	no bearer token (none, or another scheme)  401  WWW-Authenticate: Bearer realm="…"
//	malformed request (see Extractor)          400  error="invalid_request"
//	token refused by the validator             401  error="invalid_token", error_description="…"
//	sender-constrained token without its proof 401  error="invalid_token" (see below)
//	bad DPoP proof, DPoP nonce (WithDPoP)      401  error="invalid_dpop_proof" / "use_dpop_nonce"
//	token lacks a required scope               403  error="insufficient_scope", scope="…"
//	login too weak or old (RequireAuthentication) 401  error="insufficient_user_authentication", acr_values, max_age
//	no keys, introspection endpoint down, DPoP replay cache down  503  Retry-After, no challenge
//	Require without Middleware, token sent     500  error "server_error", no challenge (see Wiring)
//
// A custom error handler (WithErrorHandler), the WithLogger line and metrics read the same table:
// validator.Code(err) is the refusal's own code (invalid_request, invalid_dpop_proof,
// certificate_mismatch, token_expired, …) and validator.KindOf(err) its kind, so a handler answers a
// malformed request 400 and an outage 503 as the default writer does. An error a custom
// TokenValidator returns without naming a reason is validator.ErrTokenRejected: 401 "token rejected",
// its text never sent.
//
// A token whose claims carry cnf (RFC 7800) is sender-constrained: it is admitted only when the
// request proves the binding, on every route, whatever the route turned on (package binding). With
// WithDPoP a DPoP-bound token (cnf.jkt) needs "Authorization: DPoP" and its proof; with
// WithCertificateBinding a certificate-bound one (cnf.x5t#S256) needs its TLS client certificate.
// Where the binding is not turned on, or for a cnf member no binding knows, the token is refused
// (401 invalid_token, code unsupported_binding, the description naming the cnf member): a bound token
// is never taken for a bearer token.
//
// WithResourceMetadata adds resource_metadata="…" after the realm to every challenge (RFC 9728).
// Each answer has a JSON body {"error": "…", "error_description": "…"} with Content-Type
// application/json and Cache-Control no-store. The error is the RFC 6750 code of the challenge; for a
// request without a token, which RFC 6750 §3.1 says gets no error code in the challenge, the body's
// error is "missing_token", and for 503 it is "temporarily_unavailable". Descriptions come from
// validator.Description and never contain the token.
//
// Options follow one rule: a constructor that can fail returns the error (Build), and the one-line
// convenience wrappers (New, Middleware, RequireScopes, RequireAuthentication) panic with it, like
// regexp.MustCompile, so a typo fails at start-up instead of opening a route. A nil validator, an
// invalid WithResourceMetadata URL, a nil WithDPoP verifier or a bad dpop.Mode are such mistakes. A
// nil option, extractor, error handler or skipper means "use the default".
//
// # Options
//
// The HTTP adapters (nethttp, echomw, ginmw) share these options, declared once in their common core:
//
//	option                      default
//	WithExtractor(e)            FromAuthorizationHeader; combine with FirstOf, FromCookie(name), FromQuery(name)
//	WithRealm(realm)            no realm; given to New, it is in every 401 and every 403 of g.Require
//	WithErrorHandler(h)         the RFC 6750 answer above (ErrorWriter), the same bytes under every framework
//	WithSkipper(skip)           nothing skipped
//	WithCredentialsOptional()   a token is required; with it a request without one passes anonymously
//	                            (a bad token is still refused; route requirements ignore it)
//	WithResourceMetadata(url)   none; every challenge carries resource_metadata="<url>" (RFC 9728, below)
//	WithLogger(*slog.Logger)    off; each refusal logged once (see Logging)
//	WithDPoP(v, mode)           off; DPoP proofs (RFC 9449, see package dpop)
//	WithCertificateBinding()    off; certificate-bound tokens (RFC 8705, below)
//
// The free functions Middleware(v, opts...), RequireScopes(req, opts...) and RequireAuthentication(req,
// opts...) each take their own options, so give the realm and error handler to both, or use New.
//
// # Wiring
//
// A route requirement (Require, RequireScopes, RequireAuthentication) reads the claims the middleware
// put in the request's context, so it must run behind the middleware. Mounted alone, it answers a
// request without a token 401, as any protected route would; a request that carries a token, which
// nothing validated, is the server's bug: it is answered 500 {"error":"server_error"} and logged at
// Error once per route, naming the fix (put the Guard's Middleware in front), on WithLogger's logger or
// slog.Default.
//
// # Logging
//
// WithLogger(l) logs each refusal once, whoever answers it (a custom error handler does not silence
// it): at Info for a refused token, a missing scope or a malformed request, at Warn for a 503, so
// WithLogger(slog.Default()) shows them. The line is msg="jwtguard: request refused" with reason,
// description, detail (validator.Detail), the token's unverified token.iss, token.aud, token.kid and
// token.alg (never the token, nor any part of it), token_scopes (the scopes it had, when a route's
// scopes refused it), route ("GET /orders") and remote. For missing_token, seen says what the request
// carried instead: another Authorization scheme by name (`Authorization scheme "JWT", not Bearer`), a
// header without a scheme, an access_token in the query string (not accepted without FromQuery), or no
// Authorization header. At most 20 lines are written a second per guard (each New, Middleware or
// RequireScopes given WithLogger); the others are counted and reported in one line at Warn,
// msg="jwtguard: refusal lines suppressed" suppressed=N, when the second is over. The gRPC interceptor logs the same line, with method instead of route. The levels are
// fixed; to keep refusals out of a log, give WithLogger a logger whose handler's level is Warn (503s
// only) or leave it off.
//
// # Protected resource metadata (RFC 9728)
//
// WithResourceMetadata(url) adds resource_metadata to the WWW-Authenticate challenge of every 401 and
// 403 (RFC 9728 §5.1) and of the 400 of a malformed request, right after the realm; a 503 has no
// challenge. As sent, without and with WithRealm("api"):
//
//	WWW-Authenticate: Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp"
//	WWW-Authenticate: Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp", error="invalid_token", error_description="token expired 3m0s ago"
//	WWW-Authenticate: Bearer realm="api", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp", error="insufficient_scope", error_description="token lacks scope tools:call", scope="tools:call"
//
// The URL must be absolute https (http only to a loopback host), without credentials or fragment, in
// printable ASCII without spaces, quotes or backslashes; anything else, "" included, makes New,
// Middleware, RequireScopes and RequireAuthentication panic, so a typo stops the program at start-up.
// Pass the document's URL (resourcemeta.Document.URL or resourcemeta.MetadataURL). A custom
// WithErrorHandler writes its own answer and must add the parameter itself.
//
// # Certificate-bound tokens (RFC 8705)
//
// With WithCertificateBinding, a token with cnf.x5t#S256 is accepted only over a TLS connection whose
// client certificate (r.TLS.PeerCertificates[0]) has that SHA-256 thumbprint; tokens without it are
// unaffected. The server must ask for certificates (tls.Config{ClientAuth: tls.VerifyClientCertIfGiven,
// ClientCAs: pool}). A bound token without its certificate (none, or another) gets 401
// WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="the client
// certificate is not the one the token is bound to" (or "… and none was presented"), and
// errors.Is(err, certbind.ErrCertificateMismatch). The gRPC interceptor has the same option.
package nethttp
