// Package introspect checks opaque access tokens by asking the authorization server about them (OAuth 2.0
// Token Introspection, RFC 7662). An *Introspector is a validator.TokenValidator, so every jwtguard
// adapter accepts it unchanged, alone or behind validator.ByIssuer with validator.WithOpaqueTokens.
//
// It is configured the way the validator is: New and Discover need an audience decision (WithAudience,
// or WithAnyAudience to opt out), and a bad option is an error from New or Discover. Answers are read as
// strictly as token claims, by exact member names.
//
// It fails the way the validator does: an answer of "active": false is validator.ErrTokenInactive
// (401 invalid_token / Unauthenticated); an expired token, another issuer, another audience or a refresh
// token are refused with the validator's own sentinels; and when the endpoint cannot answer — down,
// 5xx, timeout, a body over 1 MiB, not JSON or ambiguous — the error wraps ErrUnavailable (introspect.ErrUnavailable), which the
// adapters answer 503 / Unavailable: our outage is never the client's 401.
//
// Answers are cached by default (WithCacheTTL, WithCacheSize) under a SHA-256 hash of the token: a
// positive answer until the token's exp or the TTL, whichever comes first, a negative one briefly, and
// concurrent requests for the same token share one call to the endpoint. A revoked token is therefore
// accepted until its cache entry ends, at most the TTL. The token is never logged, never kept as a cache
// key, and never part of an error.
//
// New(endpoint, opts...) or Discover(ctx, issuer, opts...) (the metadata's introspection_endpoint; the
// issuer must match exactly) builds one. An answer is accepted when it says active: true, its exp (if
// present) has not passed, with the leeway, its iss equals the issuer when the answer carries one, its
// aud names ours (the validator's rule, validator.AudienceAccepted) when WithAudience is set, and its
// token_type is not a refresh token. The answer's scope, client_id, sub, aud, iss, exp, iat, nbf and jti
// fill the usual *validator.Claims (built by validator.ClaimsFromJSON; Decode, Get and RawClaims see the
// whole answer), so route scopes and gRPC method scopes work as for JWTs.
//
//	option                                                             default
//	WithClientSecretBasic(id, secret) / WithClientSecretPost(id, secret)  required: exactly one (RFC 7662 §2.1)
//	WithIssuer(iss)                      off (Discover sets it): an answer carrying iss must name it
//	WithAudience(aud...)                 off: set it whenever the server reports aud; then an answer without ours is refused
//	WithCacheTTL(d)                      60 s for positive answers (never past exp), refusals 5 s; 0 turns the cache off
//	WithCacheSize(n)                     10 000 answers; 0 turns the cache off
//	WithTimeout(d)                       5 s per call; bodies over 1 MiB refused; redirects to another host refused
//	WithLeeway(d)                        30 s on exp and nbf (at most 5 min)
//	WithInsecureHTTP, WithHTTPClient,    https only except loopback, http.DefaultClient, slog.Default(), time.Now
//	  WithLogger, WithClock
//
// Lower WithCacheTTL if a revoked token must stop working sooner.
//
// Options follow the kit's one rule for a bad option: New and Discover, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package introspect
