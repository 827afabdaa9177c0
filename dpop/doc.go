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
//	proof ≤ MaxProofSize; compact JWS, strict base64url and JSON  ErrInvalidProof         invalid_dpop_proof
//	  (no duplicate or case-variant members; validator's rules)
//	typ is dpop+jwt; no crit                                      ErrInvalidProof
//	alg among WithAlgorithms (never none or HS*)                  ErrInvalidProof
//	jwk is a public key: no d, p, q, dp, dq, qi, oth, k;          ErrInvalidProof
//	  canonical members; fits alg (curve, RSA ≥ 2048 bits)
//	signature verifies with that key (golang-jwt SigningMethod)   ErrInvalidProof
//	htm equals the request method                                 ErrInvalidProof
//	htu equals the request URL: no query or fragment in htu;      ErrInvalidProof
//	  RFC 3986 normal forms compared; scheme and host from
//	  WithBaseURL or the connection, never X-Forwarded-*
//	iat within [now − max age − leeway, now + leeway]             ErrInvalidProof
//	ath is base64url(SHA-256(access token))                       ErrInvalidProof
//	RFC 7638 thumbprint of jwk equals the token's cnf.jkt         ErrInvalidProof
//	nonce present and valid, when WithNonce is set                ErrNonceRequired        use_dpop_nonce
//	jti unseen for max age + 2 × leeway (ReplayCache)             ErrReplay               invalid_dpop_proof
//	the replay cache answered                                     ErrReplayCacheUnavailable (503)
//
// ErrorCode gives the challenge's error code; AlgorithmsParam its algs; Nonce the DPoP-Nonce value.
// Errors never contain the proof or the token.
//
// The default replay cache is in memory, bounded (DefaultReplayCacheSize) and refuses rather than
// forgets when full. Replicas share one with the Redis cache of module
// github.com/jwtguard/jwtguard/dpop/redisreplay.
package dpop
