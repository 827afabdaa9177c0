// Package hardening holds no production code: its tests attack jwtguard as an adversary and an
// unreliable identity provider would, and prove that the library holds.
//
// What the suite proves:
//
//   - Attack corpus (attacks_test.go). Every token class RFC 8725 (JWT BCP) and RFC 7515 §10 warn
//     about — alg "none" in any casing, HS* keyed with the RSA public key (PEM, DER, modulus), keys
//     smuggled in jwk/jku/x5u/x5c headers, kids naming the wrong key type or carrying path-traversal
//     and injection strings, RSA-1024 keys, ECDSA r = s = 0 and malformed signatures, signatures moved
//     between tokens, headers or payloads swapped after signing, JWE, wrong segment counts, padded or
//     standard base64, non-object or duplicate-member JSON, unknown crit, b64: false, oversized and
//     deeply nested tokens, mistyped claims, near-miss issuers and audiences — is refused by
//     validator.Validate with the one expected sentinel (errors.Is) and code, while valid tokens of
//     every supported algorithm pass. The same corpus goes through the net/http middleware: every
//     attack is answered 400 or 401, every valid token 200; Echo and Gin answer byte for byte as
//     net/http does, and the gRPC interceptor refuses every attack Unauthenticated with the same
//     reason code, in process and over a loopback server.
//   - Key hardening (keys_test.go, in the corpus above): kid-less tokens against a set where more
//     than four keys fit, small-order and non-canonical Ed25519 keys (a made-up signature verifies
//     under them), RSA keys with an even or tiny exponent, PS256 with a salt other than the hash
//     length; and a token under a rotated kid during a JWKS outage, 503 (gRPC Unavailable) through
//     every adapter until a fetch succeeds without the kid.
//   - JWKS fault injection (faults_test.go, flood_test.go). Against a real loopback issuer: an
//     identity provider down at start-up then up, down or failing (5xx, garbage, oversized bodies,
//     slower than the HTTP timeout, cross-host redirects) after the first fetch, keys rotated with
//     overlap and removed. Valid tokens keep passing through every outage, requests never wait on a
//     slow provider, and a flood of unknown kids costs at most one JWKS fetch per gap without slowing
//     valid requests. Keys outliving jwks.WithLastKnownGoodLifetime, a closed Set and a set emptied
//     under jwks.WithEmptySetRevokes are refused by cached validators exactly as by uncached ones.
//   - Load (load_test.go). A bounded loopback run of mixed valid and invalid requests while keys
//     rotate gets exactly the expected answer every time, and no 5xx except from the route whose
//     keys are deliberately unavailable.
//   - Secrecy (secrets_test.go). Across all failure paths, no token or token fragment (any 16
//     characters of a segment) appears in logs, error strings, or HTTP response headers and bodies.
//   - Hygiene. TestMain fails the run if any goroutine outlives the tests (go.uber.org/goleak); CI
//     runs the suite under the race detector, and .ci/fuzz.sh runs every fuzz target for a short,
//     bounded time.
//
// The load and flood runs are sized for a first test run: go test ./... runs one quick case of each
// (500 requests, the same assertions). The environment variable JWTGUARD_LOAD=1 runs them at full
// size (10 000 flood requests from 64 goroutines, 20 000 load requests from 32), as .ci/run does in
// a step of its own:
//
//	JWTGUARD_LOAD=1 go test -race -count=1 -run 'TestUnknownKIDFlood|TestLoadWhileKeysRotate' ./hardening
//
// go test -short ./... skips the two traffic runs altogether and still runs everything else.
package hardening
