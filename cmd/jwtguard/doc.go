// Command jwtguard debugs OAuth 2.0 / OIDC bearer tokens and demonstrates the jwtguard kit.
//
//	jwtguard verify (--jwks URL|FILE | --discover ISSUER_URL) --issuer ISS --audience AUD
//	                [--alg RS256,ES256,...] [--leeway 30s] [--now RFC3339] [--scope a,b] [--typ at+jwt] TOKEN|-
//	jwtguard demo [--addr 127.0.0.1:8080] [--once]
//	jwtguard verify --introspect URL --client-id ID --client-secret-file FILE
//	                [--issuer ISS] [--audience AUD] [--leeway 30s] [--now RFC3339] [--scope a,b] TOKEN|-
//	jwtguard dpop-proof --key FILE --url URL [--method GET] [--token TOKEN|-] [--nonce NONCE]
//
// (go run ./cmd/jwtguard ... runs it from a clone; go install ./cmd/jwtguard puts it on the PATH.)
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
//
// # verify
//
// verify validates exactly as the library does: exit 0 with the verified header and claims as JSON on
// stdout; exit 1 with "rejected: <reason>: <description>" as the first line of stderr, then "detail: …"
// (validator.Detail) and, when a claim check failed, the token's claims labelled "claims (unverified,
// as the token states them):"; exit 2 for usage or configuration errors and "error: keys_unavailable:
// ...". With --introspect it asks an RFC 7662 endpoint about an opaque token instead (the client
// secret is read from a file, never from the command line) and answers the same way: exit 0 with
// {"claims": <the introspection answer>}, exit 1 with "rejected: token_inactive: ..." and the other
// reasons, exit 2 when the endpoint cannot answer.
//
// # dpop-proof
//
// dpop-proof prints a fresh DPoP proof for one request (htm --method, htu --url, ath of --token, the
// server's --nonce), signed with a PEM private key: PKCS #8 ("PRIVATE KEY") or SEC 1 ("EC PRIVATE
// KEY").
//
// # demo
//
// demo starts the embedded test issuer (package issuertest), a protected net/http API and a gRPC
// service (with server reflection, for grpcurl) on loopback, and prints lines to paste into bash or zsh
// in the repository's root — each command under a comment naming the answer it gets (TestDemoPastedLines
// runs every one of them). With --addr 127.0.0.1:8080 (tokens shortened here):
//
//	jwtguard demo — issuer http://127.0.0.1:41175, HTTP API http://127.0.0.1:8080, gRPC 127.0.0.1:42871 (Ctrl-C to stop)
//
//	# Paste into bash or zsh, in the repository's root. First the tokens, valid for an hour, and the DPoP client's key file:
//	TOKEN='eyJhbGciOiJSUzI1NiI…'  # scope orders:read
//	TOKEN_NO_SCOPE='eyJhbGciOiJSUzI1NiI…'  # scope profile only
//	TOKEN_EXPIRED='eyJhbGciOiJSUzI1NiI…'  # expired ten minutes ago
//	TOKEN_TAMPERED='eyJhbGciOiJSUzI1NiI…'  # the first one with its sub changed, signature kept
//	DPOP_TOKEN='eyJhbGciOiJSUzI1NiI…'  # scope orders:read, DPoP-bound (cnf.jkt) to the key in DPOP_KEY_FILE
//	DPOP_KEY_FILE='/tmp/jwtguard-demo-dpop-3513540727.pem'  # the DPoP client's private key (P-256, PEM), deleted when the demo stops
//
//	# HTTP: GET /orders needs scope orders:read, GET /me any valid token
//
//	# valid token with scope orders:read → 200
//	curl -i -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/orders
//
//	# valid token without scope orders:read → 403 insufficient_scope
//	curl -i -H "Authorization: Bearer $TOKEN_NO_SCOPE" http://127.0.0.1:8080/orders
//
//	# expired token → 401 invalid_token
//	curl -i -H "Authorization: Bearer $TOKEN_EXPIRED" http://127.0.0.1:8080/orders
//
//	# tampered token → 401 invalid_token
//	curl -i -H "Authorization: Bearer $TOKEN_TAMPERED" http://127.0.0.1:8080/orders
//
//	# no token → 401
//	curl -i http://127.0.0.1:8080/orders
//
//	# who the token says you are → 200
//	curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/me
//
//	# readiness probe (jwks.ReadyHandler): 503 until the issuer's keys are held → 200
//	curl -i http://127.0.0.1:8080/readyz
//
//	# the API's RFC 9728 metadata, naming the issuer → 200
//	curl -s http://127.0.0.1:8080/.well-known/oauth-protected-resource
//
//	# GET /transfers needs a recent multi-factor login (RFC 9470 step-up) → 401 insufficient_user_authentication
//	curl -i -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/transfers
//
//	# gRPC (grpcurl: go install github.com/fullstorydev/grpcurl/cmd/grpcurl@latest): /jwtguard.demo.v1.Greeter/Hello needs scope orders:read; server reflection and health checks need no token
//
//	# the services, by server reflection → OK
//	grpcurl -plaintext 127.0.0.1:42871 list
//
//	# valid token with scope orders:read → OK
//	grpcurl -plaintext -H "authorization: Bearer $TOKEN" -d '"demo"' 127.0.0.1:42871 jwtguard.demo.v1.Greeter/Hello
//
//	# valid token without scope orders:read → PermissionDenied
//	grpcurl -plaintext -H "authorization: Bearer $TOKEN_NO_SCOPE" -d '"demo"' 127.0.0.1:42871 jwtguard.demo.v1.Greeter/Hello
//
//	# expired token → Unauthenticated
//	grpcurl -plaintext -H "authorization: Bearer $TOKEN_EXPIRED" -d '"demo"' 127.0.0.1:42871 jwtguard.demo.v1.Greeter/Hello
//
//	# no token → Unauthenticated
//	grpcurl -plaintext -d '"demo"' 127.0.0.1:42871 jwtguard.demo.v1.Greeter/Hello
//
//	# health check → OK
//	grpcurl -plaintext 127.0.0.1:42871 grpc.health.v1.Health/Check
//
//	# The CLI checks a token exactly as the API does (or: go install ./cmd/jwtguard, then jwtguard verify ...)
//
//	# verified header and claims as JSON → exit 0
//	go run ./cmd/jwtguard verify --jwks http://127.0.0.1:41175/jwks.json --issuer http://127.0.0.1:41175 --audience jwtguard-demo --typ at+jwt "$TOKEN"
//
//	# why a token is refused → exit 1, rejected: token_expired
//	go run ./cmd/jwtguard verify --jwks http://127.0.0.1:41175/jwks.json --issuer http://127.0.0.1:41175 --audience jwtguard-demo --typ at+jwt "$TOKEN_EXPIRED"
//
//	# DPoP (RFC 9449): GET /dpop/orders needs scope orders:read and, for a DPoP-bound token, a fresh proof of its key (or: jwtguard dpop-proof ...)
//
//	# the DPoP-bound token with a fresh proof of its key → 200
//	curl -i -H "Authorization: DPoP $DPOP_TOKEN" -H "DPoP: $(go run ./cmd/jwtguard dpop-proof --key "$DPOP_KEY_FILE" --url http://127.0.0.1:8080/dpop/orders --token "$DPOP_TOKEN")" http://127.0.0.1:8080/dpop/orders
//
//	# the DPoP-bound token sent as Bearer → 401 invalid_token
//	curl -i -H "Authorization: Bearer $DPOP_TOKEN" http://127.0.0.1:8080/dpop/orders
//
//	# one proof sent twice (curl sends each URL the same headers): the replay is refused → 200, then 401 invalid_dpop_proof
//	curl -i -H "Authorization: DPoP $DPOP_TOKEN" -H "DPoP: $(go run ./cmd/jwtguard dpop-proof --key "$DPOP_KEY_FILE" --url http://127.0.0.1:8080/dpop/orders --token "$DPOP_TOKEN")" http://127.0.0.1:8080/dpop/orders http://127.0.0.1:8080/dpop/orders
//
//	# Ctrl-C stops the demo.
//
// The demo API also serves its RFC 9728 metadata at /.well-known/oauth-protected-resource (every
// challenge, the DPoP route's included, points there) and a step-up route, GET /transfers, which needs
// an urn:example:mfa login of the last 5 minutes. --once makes the requests itself, prints a table of
// what it saw and exits 0 only if every answer was the expected one: HTTP valid, no token, wrong scope,
// expired and tampered tokens; the metadata document (200, JSON naming the issuer); the 401s with
// resource_metadata, on the API's routes and on the DPoP route; the step-up 401 and the 200 with a
// token fetched from the issuer's token endpoint for the challenge's acr_values and max_age; the DPoP
// route (valid proof → 200, the bound token as Bearer → 401, a replayed proof → 401); and gRPC valid,
// no token, wrong scope, expired, tampered and an unauthenticated health check. The DPoP client key is
// in a temporary file the demo deletes when it stops.
package main
