// Command jwtguard debugs OAuth 2.0 / OIDC bearer tokens and demonstrates the jwtguard kit.
//
//	jwtguard verify (--jwks URL|FILE | --discover ISSUER_URL) --issuer ISS --audience AUD
//	                [--alg RS256,ES256,...] [--leeway 30s] [--now RFC3339] [--scope a,b] [--typ at+jwt] TOKEN|-
//	jwtguard demo [--addr 127.0.0.1:8080] [--once]
//	jwtguard dpop-proof --key FILE --url URL [--method GET] [--token TOKEN|-] [--nonce NONCE]
//
// verify validates one token exactly as the validator package does for an API, with keys from a JWK
// Set URL, a JWK Set file, or OIDC discovery. demo starts a local test issuer, a protected net/http
// API and a protected gRPC service on loopback and prints curl commands with fresh tokens; with
// --once it sends the requests itself and checks every answer. dpop-proof prints a DPoP proof
// (RFC 9449) for one request, as a client of the demo's DPoP route needs one per call.
//
// Scripts may rely on the exit status and on the first line written to standard error:
//
//	0  verify: the token is valid; standard output is {"header": {...}, "claims": {...}} as JSON.
//	   demo --once: every answer was the expected one.
//	1  verify: the token is rejected; stderr starts "rejected: <reason>: <description>", where
//	   <reason> is the validator's code (validator.Code), e.g. token_expired or invalid_audience.
//	   demo --once: at least one answer was not the expected one.
//	2  a usage or configuration error, or no verification keys could be had; stderr starts
//	   "error: usage: ...", "error: config: ..." or "error: keys_unavailable: ...".
//
// Keys unavailable is exit 2 rather than 1 because it says nothing about the token: it is the same
// "try again later" that the HTTP adapters answer with 503. Neither line ever contains the token.
package main
