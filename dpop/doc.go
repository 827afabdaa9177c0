// Package dpop verifies DPoP proofs (RFC 9449): the per-request signatures by which a client shows it
// holds the key its access token is bound to, so a stolen token is worthless without that key.
//
// A Verifier is built once with NewVerifier; the HTTP adapters call it (WithDPoP) for every request
// made with "Authorization: DPoP <token>", after the token itself was validated. Mode says whether a
// route also accepts Bearer tokens (Allowed) or only DPoP (Required); in both modes a DPoP-bound token
// sent as Bearer is refused (CheckBearer). Handlers read the verified proof, with the thumbprint of
// the client's key, through FromContext. NewProof builds proofs for tests and simple clients.
//
// Verify applies these rules, in this order; each refusal is a *validator.Error whose reason is shown:
//
//	rule                                                          refused with
//	the token has cnf.jkt (it is DPoP-bound)                      ErrTokenNotBound        invalid_token
//	exactly one DPoP header, holding one proof                    ErrMissingProof / ErrInvalidProof
//	the request's host: WithBaseURL's, or a Host (X-Forwarded-    ErrInvalidProof
//	  Host with WithForwardedHeaders) among WithTrustedHosts
//	proof ≤ MaxProofSize; compact JWS, strict base64url and JSON  ErrInvalidProof         invalid_dpop_proof
//	  (no duplicate or case-variant members; validator's rules)
//	typ is dpop+jwt; no crit                                      ErrInvalidProof
//	jwk ≤ 1 KiB, a public key: no d, p, q, dp, dq, qi, oth, k;    ErrInvalidProof
//	  canonical members
//	RFC 7638 thumbprint of jwk equals the token's cnf.jkt         ErrInvalidProof
//	alg among WithAlgorithms (never none or HS*)                  ErrInvalidProof
//	jwk fits alg (curve; RSA 2048..MaxProofRSABits bits, odd      ErrInvalidProof
//	  3 ≤ e ≤ MaxProofRSAExponent; no small-order or
//	  non-canonical Ed25519)
//	signature verifies with that key (internal/jwa's table)       ErrInvalidProof
//	htm equals the request method                                 ErrInvalidProof
//	htu equals the request URL: no query or fragment in htu;      ErrInvalidProof
//	  RFC 3986 normal forms compared
//	iat within [now − max age − leeway, now + leeway]             ErrInvalidProof
//	ath is base64url(SHA-256(access token))                       ErrInvalidProof
//	nonce present and valid, when WithNonce is set                ErrNonceRequired        use_dpop_nonce
//	jti unseen for max age + 2 × leeway (ReplayCache)             ErrReplay               invalid_dpop_proof
//	the replay cache answered                                     ErrReplayCacheUnavailable (503)
//
// Everything up to the thumbprint comparison reads only the proof's bytes, and everything up to the
// signature only the key's sizes: a proof crafted to cost work (a huge RSA key, a key not the
// token's) is refused for about the cost of parsing it, less than one RS256 token validation.
//
// The server's URL, which htu must name, is never taken from the client alone: NewVerifier requires
// WithBaseURL (the API's URL, e.g. behind a proxy) or WithTrustedHosts (the Host values it answers
// for), and reads X-Forwarded-Proto and X-Forwarded-Host only with WithForwardedHeaders.
//
// ErrorCode gives the challenge's error code; AlgorithmsParam its algs; Nonce the DPoP-Nonce value.
// Errors never contain the proof or the token.
//
// The default replay cache is in memory and bounded (DefaultReplayCacheSize); it forgets each proof
// once its lifetime has passed, never earlier, and gives no client key more than a sixteenth of its
// room, so one client's flood of fresh proofs refuses only that client's further proofs (503) while
// its replays are still refused and other clients are served. Replicas share one with the Redis
// cache of module github.com/jwtguard/jwtguard/dpop/redisreplay.
//
// Server nonces (RFC 9449 §9, WithNonce) bound how long a proof may be used without trusting the
// client's clock. NewHMACNonceSource makes them without any store, so every replica accepts every
// other's: a nonce names the time window it was issued in and carries an HMAC-SHA256 tag of it under
// a secret the replicas share (at least 32 bytes). It is accepted for its window and one more, then
// refused, and a nonce made under another secret never is.
//
// # In an adapter
//
//	v, err := dpop.NewVerifier(
//		dpop.WithAlgorithms("ES256", "EdDSA"),       // default: DefaultAlgorithms; never none or HS*
//		dpop.WithMaxAge(60*time.Second),             // proof iat window (default), plus WithLeeway (5 s)
//		dpop.WithBaseURL("https://api.example.com"), // required, or WithTrustedHosts: htu never trusts a client's Host
//		dpop.WithReplayCache(cache),                 // default: in memory, bounded; replicas: dpop/redisreplay
//		dpop.WithNonce(nonces),                      // optional RFC 9449 §9 server nonces (a NonceSource)
//	)
//	g := nethttp.New(val, nethttp.WithDPoP(v, dpop.Required)) // or dpop.Allowed: Bearer too, if not DPoP-bound
//	e.Use(echomw.Middleware(val, echomw.WithDPoP(v, dpop.Allowed)))
//	r.Use(ginmw.Middleware(val, ginmw.WithDPoP(v, dpop.Allowed)))
//
// With WithDPoP, a request with "Authorization: DPoP <token>" (scheme name in any case) is admitted when
// the token is valid, DPoP-bound, and its one DPoP header holds a proof that meets every rule above for
// this request. A token found any other way (Bearer, or a custom extractor's cookie or query
// parameter) is a bearer token: Allowed validates it and refuses it if it is DPoP-bound (§7.2);
// Required refuses it unvalidated. Without WithDPoP, "Authorization: DPoP" carries no bearer token (401
// with the Bearer challenge), and a DPoP-bound token is refused however it is sent (401 invalid_token,
// code unsupported_binding): a bound token never passes as a bearer token (package binding).
//
// The answers, exactly as sent (realm "api"; algs lists WithAlgorithms, here the default). Every 401
// and 403 carries one challenge per WWW-Authenticate field: the scheme the request used comes first and
// holds the error; Allowed adds the other scheme's bare challenge, Required offers only DPoP:
//
//	no token, Allowed             401  Bearer realm="api" · DPoP realm="api", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA"   body missing_token
//	no token, Required            401  DPoP realm="api", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA"                        body missing_token
//	bad proof (typ, alg none or   401  DPoP realm="api", error="invalid_dpop_proof", error_description="htm does not match the request method",
//	  HS*, private or non-             algs="…" · Bearer realm="api" (Allowed)                                                           body invalid_dpop_proof
//	  canonical jwk, signature,
//	  htm, htu, iat, ath,
//	  thumbprint ≠ cnf.jkt, no or
//	  two DPoP headers, replay)
//	nonce missing or stale        401  DPoP realm="api", error="use_dpop_nonce", error_description="proof has no nonce", algs="…",
//	  (WithNonce)                      and DPoP-Nonce: <fresh nonce>                                                                     body use_dpop_nonce
//	bound token as Bearer,        401  Bearer realm="api", error="invalid_token", error_description="a DPoP-bound token must be sent
//	  Allowed                          with the DPoP scheme" · DPoP realm="api", algs="…"                                                body invalid_token
//	any Bearer token, Required    401  DPoP realm="api", error="invalid_token", error_description="this resource accepts only
//	                                   DPoP-bound tokens with the DPoP scheme", algs="…"                                                 body invalid_token
//	unbound token, DPoP scheme    401  DPoP realm="api", error="invalid_token", error_description="the access token has no cnf.jkt",
//	                                   algs="…" · Bearer realm="api" (Allowed)                                                           body invalid_token
//	token refused (expired, …),   401  DPoP realm="api", error="invalid_token", error_description="token expired 3m0s ago", algs="…" · …
//	  DPoP scheme                                                                                                                        body invalid_token
//	scope missing, DPoP scheme    403  DPoP realm="api", error="insufficient_scope", error_description="…", scope="orders:write", algs="…" · …
//	                                                                                                                                     body insufficient_scope
//	replay cache down             503  no challenge; Retry-After: 10                                                                     body temporarily_unavailable
//
// The whole table is internal/testkit/conformance/dpopcases.go, which nethttp, echomw and ginmw each answer
// byte for byte. A refused proof's log line (the adapters' WithLogger) holds its reason code and
// description.
//
// Errors: ErrInvalidProof (ErrMissingProof and ErrReplay wrap it), ErrNonceRequired,
// ErrBoundTokenAsBearer, ErrBearerNotAccepted, ErrTokenNotBound, ErrReplayCacheUnavailable (code
// dpop_replay_cache_unavailable, KindUnavailable: 503). Every one is a *validator.Error whose reason is
// a row of the one table of refusals (validator.Reasons).
//
// Without an adapter: claims, err := val.Validate(ctx, token); jkt, bound := BoundThumbprint(claims);
// proof, err := v.VerifyRequest(r, token, jkt); and CheckBearer(claims) for a Bearer request. Tests
// build proofs with NewProof(key, method, url, token, opts...) (options make bad proofs too) and bound
// tokens with issuertest.WithDPoPKey(pub); on the command line, jwtguard dpop-proof --key client.pem
// --url URL --token TOKEN prints a proof. The Redis replay cache is its own module, so go-redis enters
// only the go.mod of programs that use it:
//
//	cache, err := redisreplay.New(redis.NewClient(&redis.Options{Addr: "redis:6379"})) // SET key NX PX ttl
//
// Options follow the kit's one rule for a bad option: NewVerifier and NewHMACNonceSource, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package dpop
