// Package validator is the core of jwtguard: one Validate(ctx, token) that every adapter calls to
// decide whether a bearer token is genuine and meant for this API.
//
// A Validator is built once with New from a KeySource (usually a *jwks.Set) and options, all checked at
// construction. The zero-config choices are the secure ones: asymmetric algorithms only, issuer and
// audience required (opting out takes WithAnyIssuer / WithAnyAudience), exp required, 30 s leeway,
// tokens over 16 KiB refused unread, and keys taken only from the KeySource — never from a token's
// jku, x5u, jwk or x5c header.
//
// Validate checks, in order: size; strict compact-JWS syntax; alg against the allow-list; the key for
// kid and alg and the signature; and only then the claims (required claims and exp, the times exp,
// nbf and iat, iss, the revocation list, aud, typ, scopes). One exception names a reason early: when the key is not found or
// the signature fails and the unverified iss is not an accepted issuer, the token is refused as
// invalid_issuer, its detail saying that the signature was not verified — a token meant for another
// identity provider is shown as such, not as an unknown key. Every failure is a *Error wrapping exactly
// one sentinel (ErrTokenExpired, ErrUnknownKey, ...), so callers branch with errors.Is and report
// Error.Code, a stable snake_case reason. Descriptions never contain the token.
//
// Verified claims travel in a context.Context (NewContext, FromContext); custom claims are read with
// Claims.Decode.
//
// An HS256-only service needs no KeySource: New(nil, WithSymmetricKey(secret), ...) allows just the HS
// algorithms the secret is long enough for. New(nil) without a secret, or with an asymmetric algorithm
// asked for, fails.
//
// # Options
//
//	option                                   default
//	WithIssuer(iss...) / WithAnyIssuer()     required: one of them
//	WithAudience(aud...) / WithAnyAudience() required: one of them
//	WithAlgorithms(alg...)                   RS256/384/512, PS256/384/512, ES256/384/512, EdDSA
//	WithLeeway(d)                            30 s (DefaultLeeway; at most MaxLeeway, 5 min)
//	WithTokenType("at+jwt")                  off (RFC 9068 typing; case-insensitive, "application/" optional)
//	WithRequiredClaims(name...)              only exp
//	WithRequiredScopes(req)                  none (per route: the adapters' Require and RequireScopes)
//	WithMaxTokenSize(n)                      16 KiB (DefaultMaxTokenSize)
//	WithClock(now)                           time.Now
//	WithSymmetricKey(secret)                 off; enables HS256/384/512 with that secret only (≥ 32 bytes)
//	WithCache(size)                          off; repeat tokens answered from a bounded cache, exactly as strict
//	WithObserver(func(ctx, Observation))     off; called after each Validate (see Observers)
//
// ByIssuer takes one option, WithOpaqueTokens(tv): off by default, so a token that is not a compact JWS
// is malformed_token.
//
// # Validation, in order
//
// Size → strict compact-JWS parse (three unpadded base64url segments, no line breaks, JSON objects
// without duplicate or case-variant members, every crit and b64: false refused, JWE refused; the JOSE
// header at most MaxHeaderBytes (4 KiB), MaxHeaderMembers (32) members and MaxHeaderDepth (8) levels
// deep, so a hostile header costs at most about one RS256 validation) → alg allow-list → key by kid and
// alg from the KeySource (through its keyfunc) and its fitness → signature (golang-jwt) → payload syntax
// → required claims (WithRequiredClaims, then exp, always required) → exp, nbf, iat (not in the future)
// → iss (exact) → revocation (WithRevocation) → aud (string or array; see below) → typ → required
// scopes. The first failure is the answer.
//
// # What a refusal costs
//
// Every input an attacker controls is bounded before expensive work, so a refused request costs about
// what a valid one does or less (benchmarks/README.md has the measurements):
//
//   - a hostile JOSE header: the bounds above, at most about one RS256 validation;
//   - a token without kid: tried only while at most 4 keys fit its alg, else unknown_key before any
//     signature work: about 0.1× a valid token at 100–1000 keys;
//   - an unknown kid: at most one coalesced key-set fetch per interval, whatever the number of tokens;
//   - a DPoP proof (package dpop): its key's thumbprint is compared with the token's cnf.jkt before any
//     key or signature work, and proof keys are bounded (RSA ≤ 4096 bits, e ≤ 65537): a crafted proof
//     costs at most about 0.14× an RS256 request;
//   - an introspection answer is read up to 1 MiB, a Security Event Token (package ssf) up to 64 KiB, a
//     key set up to 1 MiB.
//
// # Reasons and answers
//
// Each failure is a *Error whose reason is exactly one sentinel below; its code and its Kind (token
// refused, scope missing, server unavailable, bad request) come from that reason, and every answer —
// HTTP status, gRPC code, the jwtguard command's exit status — is derived from the kind:
//
//	code                              sentinel                           HTTP                                  gRPC
//	missing_token                     ErrMissingToken                    401, challenge without error          Unauthenticated
//	malformed_token                   ErrMalformedToken                  401 invalid_token                     Unauthenticated
//	token_too_large                   ErrTokenTooLarge                   401 invalid_token                     Unauthenticated
//	unsupported_algorithm             ErrUnsupportedAlgorithm            401 invalid_token                     Unauthenticated
//	unknown_key                       ErrUnknownKey                      401 invalid_token                     Unauthenticated
//	invalid_signature                 ErrInvalidSignature                401 invalid_token                     Unauthenticated
//	token_expired                     ErrTokenExpired                    401 invalid_token                     Unauthenticated
//	token_not_yet_valid               ErrTokenNotYetValid                401 invalid_token (nbf or iat ahead)  Unauthenticated
//	invalid_issuer                    ErrInvalidIssuer                   401 invalid_token                     Unauthenticated
//	invalid_audience                  ErrInvalidAudience                 401 invalid_token                     Unauthenticated
//	invalid_token_type                ErrInvalidTokenType                401 invalid_token                     Unauthenticated
//	missing_claim                     ErrMissingClaim                    401 invalid_token                     Unauthenticated
//	insufficient_scope                ErrInsufficientScope               403 insufficient_scope, scope="…"     PermissionDenied
//	token_inactive                    ErrTokenInactive (introspection)   401 invalid_token                     Unauthenticated
//	keys_unavailable                  ErrKeysUnavailable                 503 + Retry-After, no challenge       Unavailable
//	insufficient_user_authentication  ErrInsufficientUserAuthentication  401, acr_values="…", max_age="…"     Unauthenticated
//
// A malformed Authorization header (Bearer with no token, two credentials, two headers) or a token
// sent by more than one method (header and query, with nethttp.FirstOf) is 400
// invalid_request. A route requirement mounted without the middleware in front of it, when the request
// carries a token, is the server's bug: 500 server_error (KindServerError), logged at Error once per
// route. Every HTTP error carries a JSON body {"error": "...", "error_description": "..."}.
//
// A token without iss or aud is refused as invalid_issuer or invalid_audience with ErrMissingClaim as
// its cause, so errors.Is finds both sentinels while the code names the first. A token whose key is
// unknown or whose signature fails, and whose (unverified) iss is not an accepted issuer, is refused as
// invalid_issuer, not unknown_key: it could never be accepted, and "a token of another identity
// provider" is what the operator needs to read. The unverified iss only names the reason; a payload
// that does not decode, and keys_unavailable, keep their own.
//
// # Audience and resource URLs
//
// An audience is compared exactly, with one exception for resource URLs (RFC 8707 resource indicators
// are URLs, and authorization servers disagree on the trailing slash): when the accepted audience is an
// http or https URL, a token whose aud is that URL with or without one trailing slash is accepted —
// WithAudience("https://api.example.com/mcp") accepts "https://api.example.com/mcp/", and
// WithAudience("https://api.example.com/") accepts "https://api.example.com". Nothing else is
// normalized: no case folding, no percent-decoding, no dot segments, never two slashes, and URLs with
// userinfo, a query or a fragment are compared exactly. AudienceAccepted is the same rule for other
// checkers (package introspect uses it).
//
// # Several issuers, and opaque tokens
//
// ByIssuer reads a JWT's iss with the validator's own strict parser, before any key is looked up, and
// hands the token to the one Validator that claims that issuer, which checks everything else with its
// own keys, audience, algorithms and leeway. An iss nobody claims is invalid_issuer with no key lookup
// and no network. It refuses an empty list, a WithAnyIssuer Validator and an issuer claimed twice.
// Prefer it to WithIssuer(a, b) over one merged key source: there any key of either provider verifies
// a token claiming either issuer, so each provider can mint the other's tokens; under ByIssuer keys of
// one issuer never verify another issuer's token, even under the same kid. Routing adds no allocation
// and at most a few tens of nanoseconds (benchmarks/README.md). WithOpaqueTokens(tv) sends every token
// that is not a compact JWS to tv, such as an *introspect.Introspector:
//
//	staff, _ := validator.New(staffKeys, validator.WithIssuer("https://staff.example.com"), validator.WithAudience(api))
//	customers, _ := validator.New(customerKeys, validator.WithIssuer("https://login.example.com"), validator.WithAudience(api))
//	opaque, err := introspect.Discover(ctx, "https://login.example.com",
//		introspect.WithClientSecretBasic("orders-api", secret), introspect.WithAudience(api))
//	guard, err := validator.ByIssuer([]*validator.Validator{staff, customers}, validator.WithOpaqueTokens(opaque))
//	http.Handle("/orders", nethttp.Middleware(guard)(orders))
//
// # Diagnosing refusals
//
// The client's answer says little on purpose; the server side says more. Detail (or Error.Detail) is
// what the check expected next to what the token said — aud ["https://other.example.com"], accepted
// ["https://api.example.com"]; iss "…", accepted […]; exp 2026-03-01T11:57:00Z, now
// 2026-03-01T12:00:00Z, leeway 30s; typ "JWT", want "at+jwt"; alg "HS256", allowed [RS256 …]; kid "…",
// alg "RS256"; the granted scopes. Values from the token are escaped and cut at 128 bytes (a list at 8
// entries). It is never in the HTTP body, challenge or gRPC status. Every adapter's WithLogger logs it
// with each refusal (see package nethttp). Peek reads a token's iss, aud, kid and alg with the strict
// parser, verifying nothing, for a log line of your own; Unverified is a slog.LogValuer that bounds them.
//
// json.Marshal of *Claims gives the registered claim names — iss, sub, aud (always a list), exp, nbf,
// iat (NumericDate seconds), jti, client_id — and the granted scopes as "scope", a JSON array; absent
// claims are left out. It is a debugging form, not a token payload: Claims.RawClaims is the verified
// payload exactly as the token carried it, custom claims included. Claims.Decode and Claims.Get match
// members by exact name, never a case variant.
//
// # Observers
//
// WithObserver(func(ctx, Observation)) is called after each Validate with the reason code ("" when
// valid) and the error, the token's alg (if a known one), the verified issuer of an accepted token,
// whether the cache answered, the start and the duration. Nothing an unverified token says is copied
// into it, so every field may label a metric. It is free when off (a cache hit stays at 0
// allocations); module github.com/jwtguard/jwtguard/otel turns it into OpenTelemetry metrics and spans.
//
// # Built on golang-jwt and keyfunc
//
// github.com/golang-jwt/jwt/v5 verifies every signature: each alg resolves once to its
// jwt.SigningMethod, whose Verify checks RS*, PS*, ES*, EdDSA and HS* tokens. github.com/MicahParks/
// keyfunc/v3 finds the key: the validator looks keys up through a keyfunc.Keyfunc — by kid, or every
// held key for a token without one. Any Keyfunc works (FromKeyfunc), and a *jwks.Set hands out its own
// (Keyfunc). github.com/MicahParks/jwkset parses JWKs; a *jwks.Set is a read-only jwkset.Storage.
// What this package adds: a stricter parser in front of the signature check (one spelling per token,
// JSON without duplicate or case-variant members, unknown crit refused, size bounded before decoding —
// golang-jwt's parser accepts each of these); key fitness after every lookup, whichever Keyfunc
// supplied the key (RSA ≥ 2048 bits, the curve the alg names, the JWK's alg, never a key marked use:
// enc or whose key_ops lack verify); and claim checks, typed errors and protocol answers.
//
// Options follow the kit's one rule for a bad option: New and ByIssuer, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package validator
