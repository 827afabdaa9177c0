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
package dpop
