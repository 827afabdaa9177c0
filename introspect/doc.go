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
package introspect
