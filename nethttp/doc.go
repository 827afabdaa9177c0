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
package nethttp
