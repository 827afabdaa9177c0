package conformance

import (
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
)

// DPoPCase is one request to a route with DPoP and the answer every HTTP adapter must give it.
type DPoPCase struct {
	Name  string
	Setup Setup
	// Method is the request method (default GET); Path the target, expanded like HTTPCase.Path.
	Method, Path string
	// Header holds request header lines other than DPoP, expanded like HTTPCase.Header.
	Header [][2]string
	// Proofs are the DPoP header fields sent, one per proof, each made for this very request.
	Proofs []Proof
	// Replay sends the request once (it must succeed) and then again, the same proofs included:
	// Want is the second answer.
	Replay bool
	// Host, when set, is the request's Host header, and the proofs are made for that host: a proof
	// made for another server, sent to this one with that server's name.
	Host string
	// Flood is how many requests with fresh proofs of the stranger's key (and the {bound-stranger}
	// token) are sent before the request (after its first sending, with Replay); each must be
	// answered 200 or, once the stranger's share of the replay cache is used up, 503.
	Flood int
	Want  DPoPAnswer
}

// DPoPAnswer is what an adapter must answer, byte for byte.
type DPoPAnswer struct {
	Status int
	// Challenges are the WWW-Authenticate fields, in order; none when empty.
	Challenges []string
	// Nonce is the DPoP-Nonce header; "" means it must be absent.
	Nonce      string
	RetryAfter string
	// Body is expanded like HTTPCase.Path, and "{jkt}" is the client key's thumbprint.
	Body string
}

// Proof makes the value of one DPoP header field for the request of k.
type Proof func(k *ProofKit) string

// The setups of the DPoP table (see dpopConfigFor).
const (
	// DPoPAllowed is Default with WithDPoP(v, dpop.Allowed).
	DPoPAllowed Setup = "dpop-allowed"
	// DPoPRequired is Default with WithDPoP(v, dpop.Required).
	DPoPRequired Setup = "dpop-required"
	// DPoPNonce is DPoPRequired with a verifier that demands the nonce CurrentNonce.
	DPoPNonce Setup = "dpop-nonce"
	// DPoPReplayDown is DPoPAllowed with a replay cache that cannot answer.
	DPoPReplayDown Setup = "dpop-replay-down"
	// DPoPSmallCache is DPoPAllowed with an in-memory replay cache of SmallReplayCache entries.
	DPoPSmallCache Setup = "dpop-small-cache"
)

// SmallReplayCache is the size of DPoPSmallCache's replay cache, which a Flood of more overfills.
const SmallReplayCache = 128

// DPoPSetups lists the setups the DPoP table uses; Default shows the behaviour without WithDPoP.
var DPoPSetups = []Setup{Default, DPoPAllowed, DPoPRequired, DPoPNonce, DPoPReplayDown, DPoPSmallCache}

// CurrentNonce is the one nonce the DPoPNonce setup accepts and hands out.
const CurrentNonce = "nonce-2026"

// Challenges and bodies that recur in the DPoP table.
const (
	algs          = `algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 EdDSA"`
	dpopBare      = `DPoP realm="api", ` + algs
	helloDPoP     = "hello user-1 via DPoP key {jkt}"
	descBoundAs   = "a DPoP-bound token must be sent with the DPoP scheme"
	descDPoPOnly  = "this resource accepts only DPoP-bound tokens with the DPoP scheme"
	descNotBound  = "the access token has no cnf.jkt"
	bodyDPoPEmpty = `{"error":"invalid_request","error_description":"DPoP token is empty"}`
)

// dpopError is the answer to a refused DPoP request: the error in the DPoP challenge, then (Allowed
// mode) a bare Bearer challenge.
func dpopError(status int, code, desc string, allowed bool) DPoPAnswer {
	a := DPoPAnswer{
		Status:     status,
		Challenges: []string{`DPoP realm="api", error="` + code + `", error_description="` + desc + `", ` + algs},
		Body:       `{"error":"` + code + `","error_description":"` + desc + `"}`,
	}
	if allowed {
		a.Challenges = append(a.Challenges, challengeOnly)
	}
	return a
}

// badProof is the Allowed-mode answer to a proof that breaks a rule.
func badProof(desc string) DPoPAnswer { return dpopError(401, dpop.CodeInvalidProof, desc, true) }

// bearerError is the Allowed-mode answer to a refused Bearer request: the error in the Bearer
// challenge, then the bare DPoP challenge.
func bearerError(desc string) DPoPAnswer {
	return DPoPAnswer{
		Status:     401,
		Challenges: []string{`Bearer realm="api", error="invalid_token", error_description="` + desc + `"`, dpopBare},
		Body:       `{"error":"invalid_token","error_description":"` + desc + `"}`,
	}
}

func dpopOK(body string) DPoPAnswer { return DPoPAnswer{Status: 200, Body: body} }

// dpopAuth is "Authorization: DPoP <token>".
func dpopAuth(token string) [][2]string { return [][2]string{{"Authorization", "DPoP " + token}} }

// signed is a proof by the client key for the request, changed by opts.
func signed(opts ...dpop.ProofOption) Proof {
	return func(k *ProofKit) string { return k.Sign(k.Client, opts...) }
}

// good is a correct proof.
var good = signed()

// DPoPCases is the conformance table of RFC 9449 for the HTTP adapters: one case per rule, each
// broken once.
var DPoPCases = []DPoPCase{
	{Name: "valid", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Want: dpopOK(helloDPoP)},
	{Name: "scheme name in lower case", Setup: DPoPAllowed, Path: PathOpen,
		Header: [][2]string{{"Authorization", "dpop {bound}"}}, Proofs: []Proof{good}, Want: dpopOK(helloDPoP)},
	{Name: "query ignored in the request URL", Setup: DPoPAllowed, Path: PathOpen + "?page=2",
		Header: dpopAuth("{bound}"), Proofs: []Proof{good}, Want: dpopOK(helloDPoP)},
	{Name: "POST", Setup: DPoPAllowed, Method: "POST", Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{good}, Want: dpopOK(helloDPoP)},
	{Name: "unbound bearer token still accepted", Setup: DPoPAllowed, Path: PathOpen, Header: bearer("{valid}"),
		Want: dpopOK(helloUser)},
	{Name: "no token: both challenges", Setup: DPoPAllowed, Path: PathOpen,
		Want: DPoPAnswer{Status: 401, Challenges: []string{challengeOnly, dpopBare}, Body: bodyMissing}},
	{Name: "bound token as bearer", Setup: DPoPAllowed, Path: PathOpen, Header: bearer("{bound}"),
		Want: bearerError(descBoundAs)},
	{Name: "bound token as bearer with a proof", Setup: DPoPAllowed, Path: PathOpen, Header: bearer("{bound}"),
		Proofs: []Proof{good}, Want: bearerError(descBoundAs)},
	{Name: "unbound token with the DPoP scheme", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{valid}"),
		Proofs: []Proof{good}, Want: dpopError(401, "invalid_token", descNotBound, true)},
	{Name: "expired bound token", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound-expired}"),
		Proofs: []Proof{good}, Want: dpopError(401, "invalid_token", "token expired 3m0s ago", true)},
	{Name: "DPoP scheme without a token", Setup: DPoPAllowed, Path: PathOpen,
		Header: [][2]string{{"Authorization", "DPoP"}}, Proofs: []Proof{good},
		Want: DPoPAnswer{Status: 400, Body: bodyDPoPEmpty, Challenges: []string{
			`DPoP realm="api", error="invalid_request", error_description="DPoP token is empty", ` + algs, challengeOnly}}},
	{Name: "no DPoP header", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Want: badProof("no DPoP header in the request")},
	{Name: "two DPoP headers", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{good, good}, Want: badProof("the request has more than one DPoP header")},
	{Name: "two proofs in one header", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return good(k) + ", " + good(k) }},
		Want:   badProof("the DPoP header does not hold exactly one proof")},
	{Name: "not a JWS", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(*ProofKit) string { return "not-a-proof" }},
		Want:   badProof("proof is not a well-formed compact JWS")},
	{Name: "typ not dpop+jwt", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofType("JWT"))}, Want: badProof("proof typ is not dpop+jwt")},
	{Name: "alg none", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofAlgorithm("none"))}, Want: badProof("proof algorithm not allowed")},
	{Name: "HS256 proof", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofAlgorithm("HS256"))}, Want: badProof("proof algorithm not allowed")},
	{Name: "private jwk", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Sign(k.Client, dpop.WithProofHeader("jwk", k.PrivateJWK())) }},
		Want:   badProof("proof jwk holds private key material")},
	{Name: "signed by another key than its jwk", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Sign(k.Stranger, dpop.WithProofHeader("jwk", k.PublicJWK())) }},
		Want:   badProof("proof signature does not verify")},
	{Name: "wrong htm", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofClaim("htm", "POST"))}, Want: badProof("htm does not match the request method")},
	{Name: "htu with query", Setup: DPoPAllowed, Path: PathOpen + "?page=2", Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Sign(k.Client, dpop.WithProofClaim("htu", k.URL+"?page=2")) }},
		Want:   badProof("htu has a query or fragment")},
	{Name: "htu of another path", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Sign(k.Client, dpop.WithProofClaim("htu", k.URL+"/other")) }},
		Want:   badProof("htu does not match the request URL")},
	{Name: "htu of another host", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofClaim("htu", "https://api.example.com"+PathOpen))},
		Want:   badProof("htu does not match the request URL")},
	{Name: "stale iat", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofIssuedAt(testtoken.Now.Add(-2 * time.Minute)))},
		Want:   badProof("proof is too old (iat)")},
	{Name: "iat in the future", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofIssuedAt(testtoken.Now.Add(time.Minute)))},
		Want:   badProof("proof is issued in the future (iat)")},
	{Name: "reused jti", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Replay: true, Want: badProof("proof jti was used before")},
	{Name: "wrong ath", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.SignFor(k.Client, "another access token") }},
		Want:   badProof("ath does not match the access token")},
	{Name: "no ath", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofClaim("ath", nil))}, Want: badProof("proof claim ath is missing or not a string")},
	{Name: "thumbprint mismatch", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Sign(k.Stranger) }},
		Want:   badProof("proof key does not match the token's cnf.jkt")},
	{Name: "scoped route with the scope", Setup: DPoPAllowed, Path: PathScoped, Header: dpopAuth("{bound-write}"),
		Proofs: []Proof{good}, Want: dpopOK(helloDPoP)},
	{Name: "scoped route without the scope", Setup: DPoPAllowed, Path: PathScoped, Header: dpopAuth("{bound}"),
		Proofs: []Proof{good}, Want: DPoPAnswer{Status: 403, Challenges: []string{
			`DPoP realm="api", error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write", ` + algs,
			challengeOnly},
			Body: `{"error":"insufficient_scope","error_description":"token lacks scope orders:write"}`}},
	{Name: "skipped route ignores a bad proof", Setup: DPoPAllowed, Path: PathSkipped, Header: dpopAuth("{bound}"),
		Want: dpopOK(helloAnon)},

	{Name: "required: valid", Setup: DPoPRequired, Path: PathOpen, Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Want: dpopOK(helloDPoP)},
	{Name: "required: bearer refused", Setup: DPoPRequired, Path: PathOpen, Header: bearer("{valid}"),
		Want: dpopError(401, "invalid_token", descDPoPOnly, false)},
	{Name: "required: bound token as bearer", Setup: DPoPRequired, Path: PathOpen, Header: bearer("{bound}"),
		Proofs: []Proof{good}, Want: dpopError(401, "invalid_token", descDPoPOnly, false)},
	{Name: "required: no token", Setup: DPoPRequired, Path: PathOpen,
		Want: DPoPAnswer{Status: 401, Challenges: []string{dpopBare}, Body: bodyMissing}},
	{Name: "required: bad proof", Setup: DPoPRequired, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofClaim("htm", "PUT"))},
		Want:   dpopError(401, dpop.CodeInvalidProof, "htm does not match the request method", false)},

	{Name: "nonce: valid", Setup: DPoPNonce, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofNonce(CurrentNonce))}, Want: dpopOK(helloDPoP)},
	{Name: "nonce: missing nonce", Setup: DPoPNonce, Path: PathOpen, Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Want: withNonce(dpopError(401, dpop.CodeUseNonce, "proof has no nonce", false))},
	{Name: "nonce: stale nonce", Setup: DPoPNonce, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{signed(dpop.WithProofNonce("nonce-2025"))},
		Want:   withNonce(dpopError(401, dpop.CodeUseNonce, "proof nonce is not current", false))},

	{Name: "replay cache down", Setup: DPoPReplayDown, Path: PathOpen, Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Want: DPoPAnswer{Status: 503, RetryAfter: "10",
			Body: `{"error":"temporarily_unavailable","error_description":"DPoP replay cache unavailable, retry later"}`}},
	{Name: "replay cache down, bearer unaffected", Setup: DPoPReplayDown, Path: PathOpen, Header: bearer("{valid}"),
		Want: dpopOK(helloUser)},

	// Attacks on the proof's cost, the server's name and the replay cache (issue 22 items 1, 3, 5).
	{Name: "RSA-16384 proof key, e 2^31-1", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Crafted(CraftedRSA(16384, 1<<31-1)) }},
		Want:   badProof("the proof header is too large")},
	{Name: "RSA-4096 proof key, e 2^31-1, wrong jkt", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Crafted(CraftedRSA(4096, 1<<31-1)) }},
		Want:   badProof("proof key does not match the token's cnf.jkt")},
	{Name: "RSA-4096 proof key, e 2^31-1, right jkt", Setup: DPoPAllowed, Path: PathOpen, Header: dpopAuth("{bound-crafted-rsa}"),
		Proofs: []Proof{func(k *ProofKit) string { return k.Crafted(CraftedRSA(4096, 1<<31-1)) }},
		Want:   badProof("proof key is outside the accepted RSA sizes and exponents")},
	{Name: "small-order Ed25519 proof key, made-up signature", Setup: DPoPAllowed, Path: PathOpen,
		Header: dpopAuth("{bound-small-order}"), Proofs: []Proof{func(k *ProofKit) string { return k.Crafted(SmallOrderEd25519()) }},
		Want: badProof("proof key is a small-order or non-canonical Ed25519 point")},
	{Name: "proof for another server, sent with its Host", Setup: DPoPAllowed, Path: PathOpen, Host: "api.elsewhere.example",
		Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Want: badProof("the request's host is not one this server answers for")},
	{Name: "another client's fresh proof during a replay-cache flood", Setup: DPoPSmallCache, Path: PathOpen,
		Header: dpopAuth("{bound}"), Proofs: []Proof{good}, Flood: SmallReplayCache + 32, Want: dpopOK(helloDPoP)},
	{Name: "replay during a replay-cache flood", Setup: DPoPSmallCache, Path: PathOpen, Header: dpopAuth("{bound}"),
		Proofs: []Proof{good}, Replay: true, Flood: SmallReplayCache + 32, Want: badProof("proof jti was used before")},

	// Without WithDPoP nothing changes: the DPoP scheme is not a bearer token, and a bound token sent
	// as Bearer is a bearer token, as RFC 9449 §6 lets a server that does not support DPoP treat it.
	{Name: "without WithDPoP: DPoP scheme is no bearer token", Setup: Default, Path: PathOpen,
		Header: dpopAuth("{bound}"), Proofs: []Proof{good},
		Want: DPoPAnswer{Status: 401, Challenges: []string{challengeOnly}, Body: bodyMissing}},
	{Name: "without WithDPoP: bound token as bearer", Setup: Default, Path: PathOpen, Header: bearer("{bound}"),
		Want: DPoPAnswer{Status: 401, Challenges: []string{`Bearer realm="api", error="invalid_token", error_description="` + DescUnsupportedDPoPBinding + `"`},
			Body: `{"error":"invalid_token","error_description":"` + DescUnsupportedDPoPBinding + `"}`}},
	{Name: "without WithDPoP: bound token as bearer with a proof", Setup: Default, Path: PathOpen, Header: bearer("{bound}"),
		Proofs: []Proof{good},
		Want: DPoPAnswer{Status: 401, Challenges: []string{`Bearer realm="api", error="invalid_token", error_description="` + DescUnsupportedDPoPBinding + `"`},
			Body: `{"error":"invalid_token","error_description":"` + DescUnsupportedDPoPBinding + `"}`}},
}

func withNonce(a DPoPAnswer) DPoPAnswer {
	a.Nonce = CurrentNonce
	return a
}
