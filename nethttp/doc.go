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
// adapters share, so all three frameworks give byte-identical answers; the status follows the
// failure's validator.Kind:
//
//	no bearer token (none, or another scheme)  401  WWW-Authenticate: Bearer realm="…"
//	malformed request (see Extractor)          400  error="invalid_request"
//	token refused by the validator             401  error="invalid_token", error_description="…"
//	token lacks a required scope               403  error="insufficient_scope", scope="…"
//	login too weak or old (RequireAuthentication) 401  error="insufficient_user_authentication", acr_values, max_age
//	no verification keys to be had             503  Retry-After, no challenge
//
// WithResourceMetadata adds resource_metadata="…" after the realm to every challenge (RFC 9728).
// Each answer has a JSON body {"error": "…", "error_description": "…"} with Content-Type
// application/json and Cache-Control no-store. The error is the RFC 6750 code of the challenge; for a
// request without a token, which RFC 6750 §3.1 says gets no error code in the challenge, the body's
// error is "missing_token", and for 503 it is "temporarily_unavailable". Descriptions come from
// validator.Description and never contain the token.
//
// New and Middleware panic on a nil validator, the one mistake that cannot be given a safe meaning; a nil
// option, extractor, error handler or skipper means "use the default".
package nethttp
