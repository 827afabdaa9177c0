// Package jwks keeps the public keys of an OAuth 2.0 / OpenID Connect identity provider fresh, off the
// request path, and hands them to a token validator one key at a time.
//
// A *Set comes from one of three constructors:
//
//   - New fetches a JWK Set from a URL and refreshes it in the background.
//   - Discover finds the JWK Set URL through OpenID Connect discovery
//     (/.well-known/openid-configuration), falling back to RFC 8414
//     (/.well-known/oauth-authorization-server), and then behaves like New.
//   - Static parses a JWK Set, or a single JWK, once; it never touches the network.
//
// *Set satisfies validator.KeySource and validator.KeyEpocher, and Keyfunc adapts it to
// golang-jwt's jwt.Keyfunc.
//
// # Availability
//
// The first fetch happens inside New (or Discover) within the caller's context. If it fails, New still
// returns a working Set: lookups answer an error wrapping ErrKeysUnavailable while a background loop
// retries with jittered exponential backoff (WithRetryBackoff, 1 s doubling up to the refresh
// interval), and Ready reports when the first keys arrive. Only
// invalid configuration (a malformed or non-https URL, bad option values) and a discovery document whose
// issuer differs from the one asked for make a constructor fail.
//
// Once keys are held, a failed refresh (network error, non-200 answer, oversized or unparsable body, no
// usable key) keeps the last good keys, is logged at Warn (an answer without a usable key names each
// skipped key and why), and is retried with the same backoff. Two options change that:
//
//   - WithLastKnownGoodLifetime(d) bounds how long keys keep verifying when no fetch confirms them:
//     past d, lookups answer ErrKeysUnavailable (a validator answers 503, cached tokens too) until a
//     fetch succeeds again. A fetch bringing the same document confirms; one without a usable key
//     does not.
//   - WithEmptySetRevokes makes a well-formed JWK Set without a usable key replace the held keys, for
//     operators who revoke by emptying the set: tokens are then refused as signed by an unknown key.
//
// The first keys, and every change of them, are logged at Info with their count and kids.
//
// # Refresh
//
// Keys are refetched every refresh interval (WithRefreshInterval, 1 h by default). A Cache-Control
// max-age shorter than the interval is honoured, but never below the minimum interval
// (WithMinRefreshInterval, 1 min by default); a longer one is ignored, so an identity provider cannot
// make a rotation wait longer than the operator allowed.
//
// A lookup for a kid the Set does not hold is usually a token signed with a freshly rotated key, so it
// triggers one refetch. That refetch is shared by every concurrent caller (one HTTP request however many
// ask), happens at most once per gap (WithUnknownKIDGap, 1 min by default), and a caller waits for it at
// most WithUnknownKIDWait (2 s by default) and never past its context. Inside the gap an unknown kid
// is answered at once, so a flood of tokens with invented kids costs the identity provider one
// request a minute and the caller nothing. The answer is "not found" when the last fetch succeeded;
// when it failed, the Set cannot tell a forged kid from a key rotated in on the endpoint it cannot
// reach, and answers ErrKeysUnavailable (a validator: 503 keys_unavailable, with Retry-After) until a
// fetch succeeds without the kid.
//
// Looking up a held kid takes no lock: the keys live in an immutable snapshot behind an atomic pointer
// that a refresh swaps. Epoch changes only when the keys themselves change (a kid, its key material or
// its permitted algorithm), not on every refresh. Lookups, the validator's included, go through the
// Set's keyfunc/v3 Keyfunc (Keyfunc), which finds the key; every key it can return passed the checks
// below at load, so what it returns is only matched against the token's alg, never looked up again.
//
// # Tokens without kid
//
// A token without kid is offered the held keys that fit its algorithm, and tried against each, but
// only while at most four keys fit that algorithm; beyond, it finds none and is refused as signed by
// an unknown key. A forged kid-less token thus costs at most four signature checks however many keys
// the identity provider publishes (identity providers that leave kid out publish one key per
// algorithm, two during a rotation). What such tokens are offered is decided once per key set.
//
// # Which keys are used
//
// Only signature keys survive parsing: RSA of 2048 to 16384 bits with an odd exponent from 3 to
// 2³¹−1 (for RS256/384/512 and PS256/384/512; PS* verify with the salt length RFC 7518 §3.5 fixes,
// the hash's size), EC on P-256, P-384 and P-521 (for ES256, ES384 and ES512 respectively) and Ed25519
// canonically encoded and not one of the points of small order, under which made-up signatures verify
// (for EdDSA). Each is skipped with a Warn line naming its kid and why. A key with "use": "enc", a "key_ops" without "verify", a symmetric ("oct") key, an unsupported type or curve,
// or one jwkset rejects is skipped on its own and logged; the remaining keys still load. A JWK that
// names an "alg" verifies tokens of exactly that algorithm. Private key material published by mistake is
// discarded and only the public half kept.
//
// # Bounds
//
// Each request is bounded by WithHTTPTimeout (10 s by default) and each response body by 1 MiB. Plain
// http is refused except to loopback hosts (127.0.0.0/8, ::1, localhost) unless WithInsecureHTTP is
// given. A redirect to another host, or from https to http, fails the refresh.
//
// # Why the fetching is ours
//
// JWK and JWK Set parsing and key validation are done by github.com/MicahParks/jwkset. Its own HTTP
// storage (jwkset.NewStorageFromHTTP, which keyfunc/v3 wraps) refreshes on a fixed ticker with no
// backoff, reads bodies without a size limit, ignores Cache-Control, and rate-limits unknown-kid
// refreshes with a limiter that can block a request for up to a minute. An API gateway needs the
// opposite on each point, so this package schedules, bounds and coalesces the fetches itself and uses
// jwkset for what it does well.
//
// # Lifecycle
//
// Close stops the background loop, cancels an in-flight fetch and waits until no goroutine of the Set
// is left. A closed Set answers every lookup with an error wrapping both ErrKeysUnavailable and
// ErrClosed, so frozen keys are never served after their refresher stopped; its Epoch moves, so a
// validator's token cache refuses cached tokens the same way.
//
// # Options
//
//	option                                   default
//	WithRefreshInterval(d)                   1 h (a shorter Cache-Control max-age wins, floored by WithMinRefreshInterval, 1 min)
//	WithUnknownKIDGap / WithUnknownKIDWait   one unknown-kid refetch per 1 min; a request waits for it at most 2 s
//	WithHTTPTimeout(d)                       10 s; bodies over 1 MiB refused; redirects to another host refused
//	WithLastKnownGoodLifetime(d)             off: keys are kept through any outage (see Availability)
//	WithEmptySetRevokes()                    off: a 200 with an empty or all-skipped set is a failed refresh
//	WithInsecureHTTP()                       off: https only, except loopback
//	WithHTTPClient, WithLogger               http.DefaultClient's transport, slog.Default()
//	WithRetryBackoff(d)                      1 s, doubling up to the refresh interval
//	WithObserver(func(ctx, Observation))     off; called after each fetch (see Observers)
//
// # Readiness and observers
//
// ReadyHandler(sets...) answers 200 while every given Set holds usable keys and 503 otherwise (before
// the first fetch, while keys are stale under WithLastKnownGoodLifetime, after Close); serve it on its
// own route, outside the bearer middleware. WithObserver is called after each key fetch with the
// error and a stable Reason (http_status, timeout, network, malformed, no_usable_keys, too_large,
// redirect_refused, issuer_mismatch, other), the duration, the usable keys, whether the epoch moved and
// when the keys were last confirmed; module github.com/jwtguard/jwtguard/otel turns it into metrics.
//
// Options follow the kit's one rule for a bad option: New, Discover and Static, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package jwks
