// Package issuertest runs a real, local OAuth 2.0 / OpenID Connect issuer for tests: an HTTP server on
// 127.0.0.1 that serves OIDC discovery, RFC 8414 metadata and a JWK Set, and mints RFC 9068 access
// tokens signed with the keys it publishes. Code under test fetches keys from it exactly as it would
// from a production identity provider, so tests exercise discovery, key fetching and signature
// checks rather than a mock. A client_credentials token endpoint (TokenURL) lets a test play an
// OAuth client, step-up (acr_values, max_age) included.
//
// In a test:
//
//	iss := issuertest.New(t) // closed by t.Cleanup
//	tok := iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithScope("orders:read"))
//	// configure the code under test with iss.URL() (the issuer) and iss.JWKSURL(), or discover from iss.URL(),
//	// then send "Authorization: Bearer " + tok.
//
// Mint options forge the tokens a verifier must refuse: Expired, WithNotBefore in the future,
// WithUnknownKey, WithAlgorithm("none"), WithHeader to make the header lie, WithClaim to change or
// drop any claim. Rotate and Retire change the published keys as an identity provider's key
// rotation does, and SetJWKSFault / SetDiscoveryFault make endpoints fail (down, error status, slow,
// garbage) while JWKSFetches and DiscoveryFetches count what the verifier asked for.
//
// For opaque tokens, MintOpaque issues a random token that the issuer's RFC 7662 introspection endpoint
// (IntrospectionURL, advertised in the metadata, client credentials from IntrospectionClient) reports
// active with the claims the options set, until it expires or Revoke is called.
//
// The issuer is also a Shared Signals (SSF 1.0) transmitter: it serves its configuration
// (SSFConfigurationURL) and SET signing key (SSFJWKSURL), and PushSessionRevoked, PushSET and PushRaw
// push Security Event Tokens to a receiver (RFC 8935) while QueueSET queues them for the poll endpoint
// (SSFPollURL, RFC 8936). SETOption forges SETs a receiver must refuse.
//
// The package depends only on golang-jwt and jwkset, not on the rest of jwtguard, so it can test any
// verifier. Outside tests (a demo, a local development setup) use Start and Close.
//
// For step-up tests, WithACR(acr) and WithAuthTime(t) mint acr and auth_time. A test can also play an
// OAuth client end to end: the discovery documents name a token_endpoint (TokenURL) that implements the
// client_credentials grant — client_id in the body or as the HTTP Basic user (any client, no secret
// checked), scope copied into the token, resource (repeatable) becoming aud, and acr_values / max_age
// minting a fresh login (auth_time = now, acr = the first ACR value), which is how a client answers a
// step-up challenge. WithDPoPKey(pub) and WithCertificate(cert) mint sender-constrained tokens;
// SetIntrospectionFault makes the introspection endpoint fail.
//
// Options follow the kit's one rule: a mistake in them fails at construction. New(t, …) and the
// Must* helpers fail the test (t.Fatal) rather than return an error, as test helpers do.
package issuertest
