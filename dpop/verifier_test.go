package dpop_test

import (
	"context"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/validator"
)

// request is what Verify is called with in one case.
type request struct {
	method string
	url    string
	proofs []string
	token  string
	jkt    string
}

// TestVerifyRules has one case per rule of RFC 9449 §4.3 and §7.1 that Verify enforces, each broken
// once, and the proofs that must pass.
func TestVerifyRules(t *testing.T) {
	k := keys()
	good := func(p string) request {
		return request{"GET", testURL, []string{p}, testToken, jkt(t, k.p256)}
	}
	d, err := k.p256.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	privateJWK := strings.TrimSuffix(jwkJSON(t, k.p256), "}") + `,"d":"` + base64.RawURLEncoding.EncodeToString(d) + `"}`
	paddedJWK := strings.Replace(jwkJSON(t, k.p256), `","y"`, `=","y"`, 1)
	header := func(extra string) string {
		return `{"typ":"dpop+jwt","alg":"ES256","jwk":` + jwkJSON(t, k.p256) + extra + `}`
	}
	claims := `{"htm":"GET","htu":"` + testURL + `","iat":` + big.NewInt(testNow.Unix()).String() + `,"jti":"j1","ath":"` + athOf(testToken) + `"}`

	huge, hugeJKT := craftedRSA(t, 4096, 1<<31-1)
	big4104, big4104JKT := craftedRSA(t, 4104, 65537)
	hugeWrong, _ := craftedRSA(t, 16384, 1<<31-1)
	evenE, evenEJKT := craftedRSA(t, 2048, 65536)
	weakEd, weakEdJKT := smallOrderEd25519()
	bound := func(p, jkt string) request { return request{"GET", testURL, []string{p}, testToken, jkt} }

	cases := []struct {
		name    string
		req     request
		opts    []dpop.Option
		wantErr error // nil: accepted
	}{
		{"valid ES256", good(proof(t, k.p256)), nil, nil},
		{"valid ES384", request{"GET", testURL, []string{proof(t, k.p384)}, testToken, jkt(t, k.p384)}, nil, nil},
		{"valid PS256", request{"GET", testURL, []string{proof(t, k.rsa)}, testToken, jkt(t, k.rsa)}, nil, nil},
		{"valid RS256", request{"GET", testURL, []string{proof(t, k.rsa, dpop.WithProofAlgorithm("RS256"))}, testToken, jkt(t, k.rsa)}, nil, nil},
		{"valid EdDSA", request{"GET", testURL, []string{proof(t, k.ed)}, testToken, jkt(t, k.ed)}, nil, nil},
		{"valid, request URL with query", request{"GET", testURL + "?page=2#x", []string{proof(t, k.p256)}, testToken, jkt(t, k.p256)}, nil, nil},
		{"valid, htu spelled otherwise", good(proof(t, k.p256, dpop.WithProofClaim("htu", "HTTPS://API.Example.COM:443/orders/./%34%32"))), nil, nil},
		{"valid, iat at the edge of the window", good(proof(t, k.p256, dpop.WithProofIssuedAt(testNow.Add(-dpop.DefaultMaxAge-dpop.DefaultLeeway)))), nil, nil},
		{"valid with nonce", good(proof(t, k.p256, dpop.WithProofNonce("n-1"))), []dpop.Option{dpop.WithNonce(testNonces{"n-1"})}, nil},

		{"token not bound", request{"GET", testURL, []string{proof(t, k.p256)}, testToken, ""}, nil, dpop.ErrTokenNotBound},
		{"no DPoP header", request{"GET", testURL, nil, testToken, jkt(t, k.p256)}, nil, dpop.ErrMissingProof},
		{"two DPoP headers", request{"GET", testURL, []string{proof(t, k.p256), proof(t, k.p256)}, testToken, jkt(t, k.p256)}, nil, dpop.ErrInvalidProof},
		{"two proofs in one header", good(proof(t, k.p256) + ", " + proof(t, k.p256)), nil, dpop.ErrInvalidProof},
		{"not a JWS", good("not-a-proof"), nil, dpop.ErrInvalidProof},
		{"too large", good(strings.Repeat("a", dpop.MaxProofSize+1)), nil, dpop.ErrInvalidProof},
		{"typ jwt", good(proof(t, k.p256, dpop.WithProofType("jwt"))), nil, dpop.ErrInvalidProof},
		{"typ missing", good(proof(t, k.p256, dpop.WithProofHeader("typ", nil))), nil, dpop.ErrInvalidProof},
		{"alg none", good(proof(t, k.p256, dpop.WithProofAlgorithm("none"))), nil, dpop.ErrInvalidProof},
		{"alg HS256", good(proof(t, k.p256, dpop.WithProofAlgorithm("HS256"))), nil, dpop.ErrInvalidProof},
		{"alg not allowed", request{"GET", testURL, []string{proof(t, k.rsa, dpop.WithProofAlgorithm("RS512"))}, testToken, jkt(t, k.rsa)}, nil, dpop.ErrInvalidProof},
		{"alg not among WithAlgorithms", good(proof(t, k.p256)), []dpop.Option{dpop.WithAlgorithms("EdDSA")}, dpop.ErrInvalidProof},
		{"alg for another curve", good(proof(t, k.p256, dpop.WithProofHeader("alg", "ES384"))), nil, dpop.ErrInvalidProof},
		{"RSA key under 2048 bits", request{"GET", testURL, []string{proof(t, k.rsa1024)}, testToken, jkt(t, k.rsa1024)}, nil, dpop.ErrInvalidProof},
		{"no jwk", good(proof(t, k.p256, dpop.WithProofHeader("jwk", nil))), nil, dpop.ErrInvalidProof},
		{"private jwk", good(proof(t, k.p256, dpop.WithProofHeader("jwk", jsonRaw(privateJWK)))), nil, dpop.ErrInvalidProof},
		{"symmetric jwk", good(proof(t, k.p256, dpop.WithProofHeader("jwk", map[string]string{"kty": "oct", "k": "c2VjcmV0"}))), nil, dpop.ErrInvalidProof},
		{"jwk not canonical", good(proof(t, k.p256, dpop.WithProofHeader("jwk", jsonRaw(paddedJWK)))), nil, dpop.ErrInvalidProof},
		{"RSA key, e 2^31-1, wrong jkt", good(huge), nil, dpop.ErrInvalidProof},
		{"RSA key, e 2^31-1, right jkt", bound(huge, hugeJKT), nil, dpop.ErrInvalidProof},
		{"RSA key above MaxProofRSABits", bound(big4104, big4104JKT), nil, dpop.ErrInvalidProof},
		{"RSA key, e even", bound(evenE, evenEJKT), nil, dpop.ErrInvalidProof},
		{"RSA-16384 jwk", good(hugeWrong), nil, dpop.ErrInvalidProof},
		{"jwk over 1 KiB", good(proof(t, k.p256, dpop.WithProofHeader("jwk", jsonRaw(strings.TrimSuffix(jwkJSON(t, k.p256), "}")+`,"kid":"`+strings.Repeat("k", 1000)+`"}`)))), nil, dpop.ErrInvalidProof},
		{"small-order Ed25519 key", bound(weakEd, weakEdJKT), nil, dpop.ErrInvalidProof},
		{"jwk of another key", good(proof(t, k.p256, dpop.WithProofHeader("jwk", jsonRaw(jwkJSON(t, k.p256b))))), nil, dpop.ErrInvalidProof},
		{"crit header", good(rawProof(t, k.p256, header(`,"crit":["x"]`), claims)), nil, dpop.ErrInvalidProof},
		{"duplicate header member", good(rawProof(t, k.p256, header(`,"alg":"ES256"`), claims)), nil, dpop.ErrInvalidProof},
		{"duplicate claim", good(rawProof(t, k.p256, header(""), strings.TrimSuffix(claims, "}")+`,"htm":"POST"}`)), nil, dpop.ErrInvalidProof},
		{"claim named in another case", good(rawProof(t, k.p256, header(""), strings.TrimSuffix(claims, "}")+`,"HTM":"POST"}`)), nil, dpop.ErrInvalidProof},
		{"raw proof is accepted", good(rawProof(t, k.p256, header(""), claims)), nil, nil},
		{"wrong htm", good(proof(t, k.p256, dpop.WithProofClaim("htm", "POST"))), nil, dpop.ErrInvalidProof},
		{"htm in lower case", good(proof(t, k.p256, dpop.WithProofClaim("htm", "get"))), nil, dpop.ErrInvalidProof},
		{"htm missing", good(proof(t, k.p256, dpop.WithProofClaim("htm", nil))), nil, dpop.ErrInvalidProof},
		{"htu with query", good(proof(t, k.p256, dpop.WithProofClaim("htu", testURL+"?page=2"))), nil, dpop.ErrInvalidProof},
		{"htu with fragment", good(proof(t, k.p256, dpop.WithProofClaim("htu", testURL+"#x"))), nil, dpop.ErrInvalidProof},
		{"htu other path", good(proof(t, k.p256, dpop.WithProofClaim("htu", "https://api.example.com/orders/43"))), nil, dpop.ErrInvalidProof},
		{"htu other host", good(proof(t, k.p256, dpop.WithProofClaim("htu", "https://evil.example.com/orders/42"))), nil, dpop.ErrInvalidProof},
		{"htu other scheme", good(proof(t, k.p256, dpop.WithProofClaim("htu", "http://api.example.com/orders/42"))), nil, dpop.ErrInvalidProof},
		{"htu other port", good(proof(t, k.p256, dpop.WithProofClaim("htu", "https://api.example.com:8443/orders/42"))), nil, dpop.ErrInvalidProof},
		{"htu relative", good(proof(t, k.p256, dpop.WithProofClaim("htu", "/orders/42"))), nil, dpop.ErrInvalidProof},
		{"htu missing", good(proof(t, k.p256, dpop.WithProofClaim("htu", nil))), nil, dpop.ErrInvalidProof},
		{"stale iat", good(proof(t, k.p256, dpop.WithProofIssuedAt(testNow.Add(-dpop.DefaultMaxAge-dpop.DefaultLeeway-time.Second)))), nil, dpop.ErrInvalidProof},
		{"future iat", good(proof(t, k.p256, dpop.WithProofIssuedAt(testNow.Add(dpop.DefaultLeeway+time.Second)))), nil, dpop.ErrInvalidProof},
		{"iat as a string", good(proof(t, k.p256, dpop.WithProofClaim("iat", "1772366400"))), nil, dpop.ErrInvalidProof},
		{"iat missing", good(proof(t, k.p256, dpop.WithProofClaim("iat", nil))), nil, dpop.ErrInvalidProof},
		{"jti missing", good(proof(t, k.p256, dpop.WithProofClaim("jti", nil))), nil, dpop.ErrInvalidProof},
		{"jti too long", good(proof(t, k.p256, dpop.WithProofID(strings.Repeat("j", 257)))), nil, dpop.ErrInvalidProof},
		{"wrong ath", good(proof(t, k.p256, dpop.WithProofClaim("ath", athOf("another token")))), nil, dpop.ErrInvalidProof},
		{"ath missing", good(proof(t, k.p256, dpop.WithProofClaim("ath", nil))), nil, dpop.ErrInvalidProof},
		{"thumbprint mismatch", request{"GET", testURL, []string{proof(t, k.p256)}, testToken, jkt(t, k.p256b)}, nil, dpop.ErrInvalidProof},
		{"missing nonce", good(proof(t, k.p256)), []dpop.Option{dpop.WithNonce(testNonces{"n-1"})}, dpop.ErrNonceRequired},
		{"wrong nonce", good(proof(t, k.p256, dpop.WithProofNonce("n-0"))), []dpop.Option{dpop.WithNonce(testNonces{"n-1"})}, dpop.ErrNonceRequired},
		{"nonce not a string", good(proof(t, k.p256, dpop.WithProofClaim("nonce", 7))), []dpop.Option{dpop.WithNonce(testNonces{"n-1"})}, dpop.ErrInvalidProof},
		{"replay cache down", good(proof(t, k.p256)), []dpop.Option{dpop.WithReplayCache(downCache{})}, dpop.ErrReplayCacheUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newVerifier(t, tc.opts...)
			r := tc.req
			got, err := v.Verify(context.Background(), r.method, mustURL(t, r.url), r.proofs, r.token, r.jkt)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if got.Thumbprint != r.jkt || got.Key == nil || got.ID == "" {
					t.Fatalf("Verify returned %+v", got)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tc.wantErr)
			}
			var ve *validator.Error
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *validator.Error", err)
			}
			if want, ok := why[tc.name]; !ok || ve.Description != want {
				t.Fatalf("refused for %q, want %q", ve.Description, want)
			}
			for _, p := range r.proofs {
				if len(p) > 10 && strings.Contains(err.Error(), p[:10]) {
					t.Fatalf("error %q quotes the proof", err)
				}
			}
			wantKind := validator.KindTokenRefused
			if errors.Is(tc.wantErr, dpop.ErrReplayCacheUnavailable) {
				wantKind = validator.KindUnavailable
			}
			if kind := validator.KindOf(err); kind != wantKind {
				t.Fatalf("KindOf = %v, want %v", kind, wantKind)
			}
		})
	}
}

// TestReplay proves a proof is accepted once, and that the same jti under another key is another proof.
func TestReplay(t *testing.T) {
	k := keys()
	v := newVerifier(t)
	p := proof(t, k.p256, dpop.WithProofID("same"))
	verify := func(p, jkt string) error {
		_, err := v.Verify(context.Background(), "GET", mustURL(t, testURL), []string{p}, testToken, jkt)
		return err
	}
	if err := verify(p, jkt(t, k.p256)); err != nil {
		t.Fatalf("first use: %v", err)
	}
	err := verify(p, jkt(t, k.p256))
	if !errors.Is(err, dpop.ErrReplay) || !errors.Is(err, dpop.ErrInvalidProof) {
		t.Fatalf("replay: %v, want ErrReplay", err)
	}
	if err := verify(proof(t, k.p256, dpop.WithProofID("same")), jkt(t, k.p256)); !errors.Is(err, dpop.ErrReplay) {
		t.Fatalf("new proof, same key and jti: %v, want ErrReplay", err)
	}
	if err := verify(proof(t, k.p256b, dpop.WithProofID("same")), jkt(t, k.p256b)); err != nil {
		t.Fatalf("same jti under another key: %v", err)
	}
}

// TestReplayCacheFlood is issue 22 item 3: one client floods the default in-memory replay cache with
// fresh proofs of one bound key. Its further proofs may be refused, but another client's fresh proof
// is still accepted, and a replay of a flood proof is still refused as a replay.
func TestReplayCacheFlood(t *testing.T) {
	k := keys()
	const size = 64
	v := newVerifier(t, dpop.WithReplayCache(dpop.NewMemoryReplayCache(size)))
	verify := func(p, jkt string) error {
		_, err := v.Verify(context.Background(), "GET", mustURL(t, testURL), []string{p}, testToken, jkt)
		return err
	}
	var flood []string
	for i := range 2 * size {
		p := proof(t, k.p256)
		if err := verify(p, jkt(t, k.p256)); err == nil {
			flood = append(flood, p)
		} else if !errors.Is(err, dpop.ErrReplayCacheFull) || validator.KindOf(err) != validator.KindUnavailable {
			t.Fatalf("flood proof %d: %v, want accepted or ErrReplayCacheFull (503)", i, err)
		}
	}
	if len(flood) == 0 {
		t.Fatal("no flood proof was accepted")
	}
	if err := verify(proof(t, k.p256b), jkt(t, k.p256b)); err != nil {
		t.Fatalf("another client's fresh proof during the flood: %v", err)
	}
	if err := verify(flood[0], jkt(t, k.p256)); !errors.Is(err, dpop.ErrReplay) {
		t.Fatalf("replay of a flood proof: %v, want ErrReplay", err)
	}
}

// TestRefusedProofIsNotRemembered proves a proof refused for another reason does not use up its jti,
// so the replay cache is filled only by proofs that passed every other check.
func TestRefusedProofIsNotRemembered(t *testing.T) {
	k := keys()
	cache := dpop.NewMemoryReplayCache(0)
	v := newVerifier(t, dpop.WithReplayCache(cache))
	p := proof(t, k.p256)
	if _, err := v.Verify(context.Background(), "POST", mustURL(t, testURL), []string{p}, testToken, jkt(t, k.p256)); err == nil {
		t.Fatal("wrong method accepted")
	}
	if cache.Len() != 0 {
		t.Fatalf("cache holds %d keys after a refusal", cache.Len())
	}
}

// TestVerifyWithoutURL: a caller that passes no request URL gets a refusal, not a panic.
func TestVerifyWithoutURL(t *testing.T) {
	k := keys()
	_, err := newVerifier(t).Verify(context.Background(), "GET", nil, []string{proof(t, k.p256)}, testToken, jkt(t, k.p256))
	if !errors.Is(err, dpop.ErrInvalidProof) {
		t.Fatalf("Verify with a nil URL: %v", err)
	}
}

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{validator.NewError(dpop.ErrInvalidProof, "x", nil), dpop.CodeInvalidProof},
		{validator.NewError(dpop.ErrReplay, "x", nil), dpop.CodeInvalidProof},
		{validator.NewError(dpop.ErrMissingProof, "x", nil), dpop.CodeInvalidProof},
		{validator.NewError(dpop.ErrNonceRequired, "x", nil), dpop.CodeUseNonce},
		{validator.NewError(dpop.ErrBoundTokenAsBearer, "x", nil), ""},
		{validator.NewError(validator.ErrTokenExpired, "x", nil), ""},
		{nil, ""},
	} {
		if got := dpop.ErrorCode(tc.err); got != tc.want {
			t.Errorf("ErrorCode(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// why names the rule each refused case must be refused for, so a case cannot pass by failing early.
var why = map[string]string{
	"token not bound":               "the access token has no cnf.jkt",
	"no DPoP header":                "no DPoP header in the request",
	"two DPoP headers":              "the request has more than one DPoP header",
	"two proofs in one header":      "the DPoP header does not hold exactly one proof",
	"not a JWS":                     "proof is not a well-formed compact JWS",
	"too large":                     "the proof is too large",
	"typ jwt":                       "proof typ is not dpop+jwt",
	"typ missing":                   "proof typ is not dpop+jwt",
	"alg none":                      "proof algorithm not allowed",
	"alg HS256":                     "proof algorithm not allowed",
	"alg not allowed":               "proof algorithm not allowed",
	"alg not among WithAlgorithms":  "proof algorithm not allowed",
	"alg for another curve":         "proof key does not fit its algorithm",
	"RSA key under 2048 bits":       "proof key is outside the accepted RSA sizes and exponents",
	"no jwk":                        "proof has no jwk header",
	"private jwk":                   "proof jwk holds private key material",
	"symmetric jwk":                 "proof jwk holds private key material",
	"jwk not canonical":             "proof jwk members are not in canonical form",
	"jwk of another key":            "proof key does not match the token's cnf.jkt",
	"RSA key, e 2^31-1, wrong jkt":  "proof key does not match the token's cnf.jkt",
	"RSA key, e 2^31-1, right jkt":  "proof key is outside the accepted RSA sizes and exponents",
	"RSA key above MaxProofRSABits": "proof key is outside the accepted RSA sizes and exponents",
	"RSA key, e even":               "proof key is outside the accepted RSA sizes and exponents",
	"RSA-16384 jwk":                 "the proof header is too large",
	"jwk over 1 KiB":                "proof jwk is too large",
	"small-order Ed25519 key":       "proof key is a small-order or non-canonical Ed25519 point",
	"crit header":                   "proof has critical header extensions",
	"duplicate header member":       "proof header has a duplicate member",
	"duplicate claim":               "proof claims has a duplicate member",
	"claim named in another case":   "proof claims has a member named like a registered one in another case",
	"wrong htm":                     "htm does not match the request method",
	"htm in lower case":             "htm does not match the request method",
	"htm missing":                   "proof claim htm is missing or not a string",
	"htu with query":                "htu has a query or fragment",
	"htu with fragment":             "htu has a query or fragment",
	"htu other path":                "htu does not match the request URL",
	"htu other host":                "htu does not match the request URL",
	"htu other scheme":              "htu does not match the request URL",
	"htu other port":                "htu does not match the request URL",
	"htu relative":                  "htu is not an absolute http(s) URI",
	"htu missing":                   "proof claim htu is missing or not a string",
	"stale iat":                     "proof is too old (iat)",
	"future iat":                    "proof is issued in the future (iat)",
	"iat as a string":               "proof claim iat is missing or not a number",
	"iat missing":                   "proof claim iat is missing or not a number",
	"jti missing":                   "proof claim jti is missing or not a string",
	"jti too long":                  "proof jti is too long",
	"wrong ath":                     "ath does not match the access token",
	"ath missing":                   "proof claim ath is missing or not a string",
	"thumbprint mismatch":           "proof key does not match the token's cnf.jkt",
	"missing nonce":                 "proof has no nonce",
	"wrong nonce":                   "proof nonce is not current",
	"nonce not a string":            "proof claim nonce is not a string",
	"replay cache down":             "DPoP replay cache unavailable",
}

// TestRefusalDetails checks that a proof refused for what it said about the request tells the
// server's log what it said and what was expected (validator.Detail), never the proof itself.
func TestRefusalDetails(t *testing.T) {
	k := keys()
	other := keys().p384
	tests := []struct {
		name   string
		method string
		url    string
		proof  string
		jkt    string
		want   []string // each must appear in the detail
	}{
		{"htu", "GET", testURL, proof(t, k.p256, dpop.WithProofClaim("htu", "https://evil.example/orders")), jkt(t, k.p256),
			[]string{`proof htu "https://evil.example/orders"`, `request URL "` + testURL + `"`}},
		{"htm", "POST", testURL, proof(t, k.p256), jkt(t, k.p256), []string{`proof htm "GET"`, `request method "POST"`}},
		{"iat", "GET", testURL, proof(t, k.p256, dpop.WithProofIssuedAt(testNow.Add(-time.Hour))), jkt(t, k.p256),
			[]string{"proof iat " + testNow.Add(-time.Hour).UTC().Format(time.RFC3339), "now " + testNow.UTC().Format(time.RFC3339)}},
		{"jkt", "GET", testURL, proof(t, other), jkt(t, k.p256), []string{"proof key thumbprint " + `"` + jkt(t, other) + `"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newVerifier(t).Verify(context.Background(), tt.method, mustURL(t, tt.url), []string{tt.proof}, testToken, tt.jkt)
			if !errors.Is(err, dpop.ErrInvalidProof) {
				t.Fatalf("Verify error = %v, want ErrInvalidProof", err)
			}
			detail := validator.Detail(err)
			for _, w := range tt.want {
				if !strings.Contains(detail, w) {
					t.Errorf("detail %q lacks %q", detail, w)
				}
			}
			if strings.Contains(detail, tt.proof[:20]) {
				t.Errorf("detail %q quotes the proof", detail)
			}
		})
	}
}
