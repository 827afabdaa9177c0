package hardening

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// wantCodes is the contract of DESIGN.md: each sentinel and the code it must report. It is written
// out here rather than taken from the validator so that a renamed code fails the suite.
var wantCodes = map[error]string{
	validator.ErrMissingToken:         "missing_token",
	validator.ErrMalformedToken:       "malformed_token",
	validator.ErrTokenTooLarge:        "token_too_large",
	validator.ErrUnsupportedAlgorithm: "unsupported_algorithm",
	validator.ErrUnknownKey:           "unknown_key",
	validator.ErrInvalidSignature:     "invalid_signature",
	validator.ErrTokenExpired:         "token_expired",
	validator.ErrTokenNotYetValid:     "token_not_yet_valid",
	validator.ErrInvalidIssuer:        "invalid_issuer",
	validator.ErrInvalidAudience:      "invalid_audience",
	validator.ErrInvalidTokenType:     "invalid_token_type",
	validator.ErrMissingClaim:         "missing_claim",
	validator.ErrInsufficientScope:    "insufficient_scope",
	validator.ErrKeysUnavailable:      "keys_unavailable",
}

// Validator configurations the corpus runs against.
const (
	cfgDefault = ""     // jwks.Static over trustedJWKS, issuer and audience, default algorithms
	cfgHS      = "hs"   // as cfgDefault, plus HS* with the API's genuine secret
	cfgWeak    = "weak" // a naive KeySource that answers every lookup with the RSA-1024 key
	cfgNaiveEC = "ec"   // a naive KeySource that answers every lookup with the P-256 key
	cfgBig     = "big"  // as cfgDefault with a 1 MiB token bound, to reach the JSON parsers with huge input
)

// attackCase is one token and the verdict it must get.
type attackCase struct {
	class string // the RFC 8725 / RFC 7515 class, for the summary
	name  string
	token string
	want  error  // nil: the token must be accepted
	cfg   string // which validator configuration judges it
	// http is the status the net/http middleware must answer when the default (200 for valid,
	// 400 for a value that is not an RFC 6750 b64token, else 401) does not apply; -1 leaves the case
	// out of the HTTP run.
	http int
}

// corpus is the attack corpus together with what it runs against.
type corpus struct {
	cases      []attackCase
	validators map[string]*validator.Validator
	keyHits    *atomic.Int64 // requests that reached the attacker's jku/x5u server
}

// naiveKeys is a KeySource that answers every lookup with the same key, whatever kid and alg: it
// proves that the validator itself refuses a key of the wrong type or strength.
type naiveKeys struct{ key crypto.PublicKey }

func (n naiveKeys) VerificationKey(context.Context, string, string) (crypto.PublicKey, bool, error) {
	return n.key, true, nil
}

func newValidator(t testing.TB, keys validator.KeySource, opts ...validator.Option) *validator.Validator {
	t.Helper()
	v, err := validator.New(keys, append([]validator.Option{
		validator.WithIssuer(testIssuer), validator.WithAudience(testAudience),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// buildCorpus makes every case. The attacker's key server is closed when t ends.
func buildCorpus(t testing.TB) *corpus {
	t.Helper()
	k := loadKeys()
	set, err := jwks.Static(trustedJWKS(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = set.Close() })

	c := &corpus{
		validators: map[string]*validator.Validator{
			cfgDefault: newValidator(t, set),
			cfgHS:      newValidator(t, set, validator.WithSymmetricKey(k.hsSecret)),
			cfgWeak:    newValidator(t, naiveKeys{k.rsa1024.Public()}),
			cfgNaiveEC: newValidator(t, naiveKeys{k.p256.Public()}),
			cfgBig:     newValidator(t, set, validator.WithMaxTokenSize(1<<20)),
		},
		keyHits: new(atomic.Int64),
	}

	// The attacker's server: it would hand out the attacker's key to anyone following jku or x5u.
	atkJWKS := jsonOf(t, map[string]any{"keys": []any{jwkOf(t, k.atkRSA.Public(), "rsa-1", "RS256", "sig")}})
	atkPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.atkCert})
	atk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.keyHits.Add(1)
		if strings.HasSuffix(r.URL.Path, ".pem") {
			_, _ = w.Write(atkPEM)
			return
		}
		_, _ = w.Write([]byte(atkJWKS))
	}))
	t.Cleanup(atk.Close)

	now := time.Now()
	claims := claimsAt(now)
	body := jsonOf(t, claims)
	add := func(class, name, token string, want error, cfg ...string) {
		ac := attackCase{class: class, name: name, token: token, want: want}
		if len(cfg) > 0 {
			ac.cfg = cfg[0]
		}
		c.cases = append(c.cases, ac)
	}
	// signed makes a token with header h and payload p signed by key with alg.
	signed := func(h map[string]any, p string, alg string, key any) string {
		return compact(t, jsonOf(t, h), p, alg, key)
	}
	rawSigned := func(h, p string, alg string, key any) string { return compact(t, h, p, alg, key) }

	// --- Valid tokens: every supported algorithm, both aud shapes, kid-less single key. ---
	const valid = "valid"
	for _, alg := range []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"} {
		add(valid, alg, signed(hdr(alg, "rsa-1"), body, alg, k.rsa), nil)
	}
	add(valid, "ES256", signed(hdr("ES256", "ec-256"), body, "ES256", k.p256), nil)
	add(valid, "ES384", signed(hdr("ES384", "ec-384"), body, "ES384", k.p384), nil)
	add(valid, "ES512", signed(hdr("ES512", "ec-521"), body, "ES512", k.p521), nil)
	add(valid, "EdDSA", signed(hdr("EdDSA", "ed"), body, "EdDSA", k.ed), nil)
	add(valid, "PS512 with the key pinned to PS512", signed(hdr("PS512", "rsa-ps512"), body, "PS512", k.pinned), nil)
	add(valid, "aud array naming us among others",
		signed(hdr("RS256", "rsa-1"), jsonOf(t, with(claims, "aud", []string{"https://other.test", testAudience})), "RS256", k.rsa), nil)
	add(valid, "aud single-element array", signed(hdr("RS256", "rsa-1"), jsonOf(t, with(claims, "aud", []string{testAudience})), "RS256", k.rsa), nil)
	add(valid, "no kid, one RSA key fits RS256", signed(hdr("RS256", ""), body, "RS256", k.rsa), nil)
	add(valid, "no kid, one key fits ES256", signed(hdr("ES256", ""), body, "ES256", k.p256), nil)
	add(valid, "no kid, one key fits EdDSA", signed(hdr("EdDSA", ""), body, "EdDSA", k.ed), nil)
	add(valid, "no typ, minimal claims", signed(map[string]any{"alg": "ES256", "kid": "ec-256"},
		jsonOf(t, map[string]any{"iss": testIssuer, "aud": testAudience, "exp": now.Add(time.Minute).Unix()}), "ES256", k.p256), nil)
	add(valid, "jku and x5u headers ignored, genuine key",
		signed(hdr("RS256", "rsa-1", "jku", atk.URL+"/jwks.json", "x5u", atk.URL+"/cert.pem"), body, "RS256", k.rsa), nil)
	add(valid, "HS256 with the API's genuine secret", signed(hdr("HS256", ""), body, "HS256", k.hsSecret), nil, cfgHS)

	// A genuine RS256 token, taken apart for the tampering cases below.
	genuine := signed(hdr("RS256", "rsa-1"), body, "RS256", k.rsa)
	g := segments(genuine)
	genuineSig, _ := base64.RawURLEncoding.DecodeString(g[2])

	// --- alg "none" (RFC 8725 §2.1, §3.1) in any casing, with and without a signature. ---
	const none = "alg none"
	for _, alg := range []string{"none", "None", "NONE", "nOnE"} {
		h := jsonOf(t, hdr(alg, "rsa-1"))
		// With no signature the third segment is empty, which the strict parser refuses first.
		add(none, alg+" without signature", b64s(h)+"."+g[1]+".", validator.ErrUnsupportedAlgorithm)
		add(none, alg+" with a signature", b64s(h)+"."+g[1]+"."+g[2], validator.ErrUnsupportedAlgorithm)
		add(none, alg+" without signature, HS allowed", b64s(h)+"."+g[1]+".", validator.ErrUnsupportedAlgorithm, cfgHS)
		add(none, alg+" with a signature, HS allowed", b64s(h)+"."+g[1]+"."+g[2], validator.ErrUnsupportedAlgorithm, cfgHS)
	}
	add(none, "none without kid or typ", b64s(`{"alg":"none"}`)+"."+g[1]+".", validator.ErrUnsupportedAlgorithm)
	add(none, "none, signature one byte", b64s(`{"alg":"none"}`)+"."+g[1]+".AA", validator.ErrUnsupportedAlgorithm)

	// --- Other algorithms that must not be accepted. ---
	const badAlg = "algorithm allow-list"
	for _, alg := range []string{"", "rs256", "RS256 ", " RS256", "RS1", "RS", "ES256K", "RSA-OAEP", "dir", "HS256", "HS512", "Ed25519", "EdDSA\u0000"} {
		add(badAlg, "alg "+quote(alg), rawSigned(jsonOf(t, hdr(alg, "rsa-1")), body, "RS256", k.rsa), validator.ErrUnsupportedAlgorithm)
	}
	add(badAlg, "alg missing", rawSigned(`{"kid":"rsa-1","typ":"at+jwt"}`, body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(badAlg, "alg null", rawSigned(`{"alg":null,"kid":"rsa-1"}`, body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(badAlg, "alg array", rawSigned(`{"alg":["RS256"],"kid":"rsa-1"}`, body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(badAlg, "alg number", rawSigned(`{"alg":256,"kid":"rsa-1"}`, body, "RS256", k.rsa), validator.ErrMalformedToken)

	// --- Key confusion (RFC 8725 §2.1): HS* keyed with the public key the RS/ES/EdDSA tokens use. ---
	const confusion = "key confusion"
	pkix, err := x509.MarshalPKIXPublicKey(k.rsa.Public())
	if err != nil {
		t.Fatal(err)
	}
	ecPoint, err := k.p256.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	secrets := []struct {
		name   string
		secret []byte
		kid    string
	}{
		{"RSA PEM", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix}), "rsa-1"},
		{"RSA PEM PKCS#1", pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey)}), "rsa-1"},
		{"RSA DER SPKI", pkix, "rsa-1"},
		{"RSA DER PKCS#1", x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey), "rsa-1"},
		{"RSA modulus bytes", k.rsa.N.Bytes(), "rsa-1"},
		{"RSA JWK JSON", []byte(jsonOf(t, jwkOf(t, k.rsa.Public(), "rsa-1", "", "sig"))), "rsa-1"},
		{"EC point bytes", ecPoint, "ec-256"},
		{"Ed25519 public key bytes", []byte(k.ed.Public().(ed25519.PublicKey)), "ed"},
		{"oct key published in the JWKS", k.hmac, "hmac"},
	}
	for _, s := range secrets {
		for _, alg := range []string{"HS256", "HS384"} {
			tok := signed(hdr(alg, s.kid), body, alg, s.secret)
			add(confusion, alg+" keyed with "+s.name, tok, validator.ErrUnsupportedAlgorithm)
			add(confusion, alg+" keyed with "+s.name+", HS allowed", tok, validator.ErrInvalidSignature, cfgHS)
		}
		tok := signed(hdr("HS256", ""), body, "HS256", s.secret)
		add(confusion, "HS256 keyed with "+s.name+", no kid, HS allowed", tok, validator.ErrInvalidSignature, cfgHS)
	}

	// --- Keys carried or pointed at by the token (RFC 8725 §3.10, RFC 7515 §4.1.2–4.1.6). ---
	const embedded = "embedded key"
	atkJWK := jwkOf(t, k.atkRSA.Public(), "", "", "")
	add(embedded, "jwk header with attacker key, no kid",
		signed(hdr("RS256", "", "jwk", atkJWK), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(embedded, "jwk header with attacker key, attacker kid",
		signed(hdr("RS256", "attacker", "jwk", with(atkJWK, "kid", "attacker")), body, "RS256", k.atkRSA), validator.ErrUnknownKey)
	add(embedded, "jwk header with attacker key, trusted kid",
		signed(hdr("RS256", "rsa-1", "jwk", with(atkJWK, "kid", "rsa-1")), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(embedded, "jwk header with attacker EC key, trusted kid",
		signed(hdr("ES256", "ec-256", "jwk", jwkOf(t, k.atkP256.Public(), "ec-256", "", "")), body, "ES256", k.atkP256), validator.ErrInvalidSignature)
	add(embedded, "jwk header with attacker Ed25519 key, no kid",
		signed(hdr("EdDSA", "", "jwk", jwkOf(t, k.atkEd.Public(), "", "", "")), body, "EdDSA", k.atkEd), validator.ErrInvalidSignature)
	add(embedded, "jku to attacker, trusted kid",
		signed(hdr("RS256", "rsa-1", "jku", atk.URL+"/jwks.json"), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(embedded, "jku to attacker, attacker kid",
		signed(hdr("RS256", "attacker", "jku", atk.URL+"/jwks.json"), body, "RS256", k.atkRSA), validator.ErrUnknownKey)
	add(embedded, "x5u to attacker, trusted kid",
		signed(hdr("RS256", "rsa-1", "x5u", atk.URL+"/cert.pem"), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(embedded, "x5u to attacker, no kid",
		signed(hdr("RS256", "", "x5u", atk.URL+"/cert.pem"), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	x5c := []string{base64.StdEncoding.EncodeToString(k.atkCert)}
	add(embedded, "x5c with attacker certificate, trusted kid",
		signed(hdr("RS256", "rsa-1", "x5c", x5c), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(embedded, "x5c with attacker certificate, no kid",
		signed(hdr("RS256", "", "x5c", x5c), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(embedded, "x5c with attacker certificate, x5t#S256, attacker kid",
		signed(hdr("RS256", "attacker-cert", "x5c", x5c, "x5t#S256", "AAAA"), body, "RS256", k.atkRSA), validator.ErrUnknownKey)

	// --- kid: a key of another type, keys that must not load, traversal and injection strings. ---
	const kid = "kid"
	kidCases := []struct {
		name, alg, kid string
		key            any
	}{
		{"RS256 naming the P-256 key", "RS256", "ec-256", k.rsa},
		{"RS256 naming the Ed25519 key", "RS256", "ed", k.rsa},
		{"ES256 naming the RSA key", "ES256", "rsa-1", k.p256},
		{"ES256 naming the P-384 key", "ES256", "ec-384", k.p256},
		{"ES384 naming the P-256 key", "ES384", "ec-256", k.p384},
		{"ES512 naming the P-384 key", "ES512", "ec-384", k.p521},
		{"EdDSA naming the RSA key", "EdDSA", "rsa-1", k.ed},
		{"RS256 with the key pinned to PS512", "RS256", "rsa-ps512", k.pinned},
		{"PS256 with the key pinned to PS512", "PS256", "rsa-ps512", k.pinned},
		{"RS256 naming the encryption key", "RS256", "enc", k.pinned},
		{"RS256 naming the RSA-1024 key", "RS256", "weak-1024", k.rsa1024},
		{"RS256 naming the oct key", "RS256", "hmac", k.rsa},
		{"attacker key, unknown kid", "RS256", "attacker", k.atkRSA},
	}
	for _, kc := range kidCases {
		add(kid, kc.name, signed(hdr(kc.alg, kc.kid), body, kc.alg, kc.key), validator.ErrUnknownKey)
	}
	// Every key that fits is tried (issue 12): the pinned key verifies its own kid-less token.
	add(valid, "no kid, two RSA keys fit PS512, the pinned one signed", signed(hdr("PS512", ""), body, "PS512", k.pinned), nil)
	for _, s := range []string{
		"../../../../etc/passwd", `..\..\..\windows\win.ini`, "/dev/null", "file:///etc/passwd",
		"%2e%2e%2f%2e%2e%2fetc%2fpasswd", "' OR '1'='1", "rsa-1' --", `rsa-1" OR ""="`, "rsa-1\u0000",
		"rsa-1 ", " rsa-1", "RSA-1", "rsa-1\nadmin", "$(id)", "`id`", "<script>alert(1)</script>",
		"{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "*", "rsa-*", "\u202ersa-1", "rsa\u20101",
		strings.Repeat("k", 8<<10),
	} {
		add(kid, "kid "+quote(s), signed(hdr("RS256", s), body, "RS256", k.rsa), validator.ErrUnknownKey)
	}
	add(kid, "kid number", rawSigned(`{"alg":"RS256","kid":1}`, body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(kid, "kid object (NoSQL operator)", rawSigned(`{"alg":"RS256","kid":{"$ne":null}}`, body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(kid, "kid array", rawSigned(`{"alg":"RS256","kid":["rsa-1"]}`, body, "RS256", k.rsa), validator.ErrMalformedToken)

	// --- Weak keys and key sources that answer with the wrong key. ---
	const weak = "weak or wrong key"
	add(weak, "RSA-1024 key served by the key source", signed(hdr("RS256", "weak"), body, "RS256", k.rsa1024), validator.ErrUnknownKey, cfgWeak)
	add(weak, "RSA-1024 key served, PS256", signed(hdr("PS256", "weak"), body, "PS256", k.rsa1024), validator.ErrUnknownKey, cfgWeak)
	add(weak, "RS256 token, key source serves an EC key", signed(hdr("RS256", "x"), body, "RS256", k.rsa), validator.ErrUnknownKey, cfgNaiveEC)
	add(weak, "ES384 token, key source serves a P-256 key", signed(hdr("ES384", "x"), body, "ES384", k.p384), validator.ErrUnknownKey, cfgNaiveEC)
	add(weak, "EdDSA token, key source serves an EC key", signed(hdr("EdDSA", "x"), body, "EdDSA", k.ed), validator.ErrUnknownKey, cfgNaiveEC)
	add(weak, "ES256 token, key source serves the P-256 key (control)", signed(hdr("ES256", "x"), body, "ES256", k.p256), nil, cfgNaiveEC)

	// --- Signatures that are not signatures (RFC 7518 §3.4; CVE-2022-21449 "psychic signatures"). ---
	const sigs = "bad signature"
	ecInput := b64s(jsonOf(t, hdr("ES256", "ec-256"))) + "." + g[1]
	ec384Input := b64s(jsonOf(t, hdr("ES384", "ec-384"))) + "." + g[1]
	ec521Input := b64s(jsonOf(t, hdr("ES512", "ec-521"))) + "." + g[1]
	edInput := b64s(jsonOf(t, hdr("EdDSA", "ed"))) + "." + g[1]
	n256 := elliptic.P256().Params().N.FillBytes(make([]byte, 32))
	ecSig := signature(t, "ES256", k.p256, ecInput)
	der := derECDSA(t, ecSig)
	add(sigs, "ES256 r = s = 0", ecInput+"."+b64(make([]byte, 64)), validator.ErrInvalidSignature)
	add(sigs, "ES384 r = s = 0", ec384Input+"."+b64(make([]byte, 96)), validator.ErrInvalidSignature)
	add(sigs, "ES512 r = s = 0", ec521Input+"."+b64(make([]byte, 132)), validator.ErrInvalidSignature)
	add(sigs, "ES256 r = s = n", ecInput+"."+b64(append(append([]byte{}, n256...), n256...)), validator.ErrInvalidSignature)
	add(sigs, "ES256 r valid, s = 0", ecInput+"."+b64(append(append([]byte{}, ecSig[:32]...), make([]byte, 32)...)), validator.ErrInvalidSignature)
	add(sigs, "ES256 signature DER-encoded", ecInput+"."+b64(der), validator.ErrInvalidSignature)
	add(sigs, "ES256 signature one byte short", ecInput+"."+b64(ecSig[:63]), validator.ErrInvalidSignature)
	add(sigs, "ES256 signature one byte long", ecInput+"."+b64(append(append([]byte{}, ecSig...), 0)), validator.ErrInvalidSignature)
	add(sigs, "ES256 signature one byte", ecInput+".AA", validator.ErrInvalidSignature)
	add(sigs, "ES256 signature empty", ecInput+".", validator.ErrInvalidSignature)
	add(sigs, "ES256 signature of P-384 size", ecInput+"."+b64(signature(t, "ES384", k.p384, ecInput)), validator.ErrInvalidSignature)
	add(sigs, "EdDSA signature all zero", edInput+"."+b64(make([]byte, 64)), validator.ErrInvalidSignature)
	add(sigs, "EdDSA signature short", edInput+"."+b64(signature(t, "EdDSA", k.ed, edInput)[:63]), validator.ErrInvalidSignature)
	add(sigs, "RS256 signature all zero", g[0]+"."+g[1]+"."+b64(make([]byte, 256)), validator.ErrInvalidSignature)
	add(sigs, "RS256 signature all 0xff (above the modulus)", g[0]+"."+g[1]+"."+b64(bytesOf(0xff, 256)), validator.ErrInvalidSignature)
	add(sigs, "RS256 signature one byte short", g[0]+"."+g[1]+"."+b64(genuineSig[:255]), validator.ErrInvalidSignature)
	add(sigs, "RS256 signature with a leading zero byte", g[0]+"."+g[1]+"."+b64(append([]byte{0}, genuineSig...)), validator.ErrInvalidSignature)
	add(sigs, "RS256 signature one bit flipped", g[0]+"."+g[1]+"."+b64(flipLastBit(genuineSig)), validator.ErrInvalidSignature)
	add(sigs, "RS256 signed by the attacker, trusted kid", signed(hdr("RS256", "rsa-1"), body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(sigs, "ES256 signed by the attacker, trusted kid", signed(hdr("ES256", "ec-256"), body, "ES256", k.atkP256), validator.ErrInvalidSignature)
	add(sigs, "EdDSA signed by the attacker, trusted kid", signed(hdr("EdDSA", "ed"), body, "EdDSA", k.atkEd), validator.ErrInvalidSignature)
	add(sigs, "PS256 signature under an RS256 header", g[0]+"."+g[1]+"."+b64(signature(t, "PS256", k.rsa, g[0]+"."+g[1])), validator.ErrInvalidSignature)

	// --- Signatures moved between tokens; headers or payloads swapped after signing. ---
	const swap = "swapped parts"
	admin := segments(signed(hdr("RS256", "rsa-1"), jsonOf(t, with(claims, "sub", "admin", "scope", "admin")), "RS256", k.rsa))
	other := segments(signed(hdr("RS256", "rsa-1"), jsonOf(t, with(claims, "jti", "other")), "RS256", k.rsa))
	add(swap, "signature from another token", g[0]+"."+g[1]+"."+other[2], validator.ErrInvalidSignature)
	add(swap, "payload swapped after signing", g[0]+"."+admin[1]+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "payload edited after signing (sub)", g[0]+"."+b64s(jsonOf(t, with(claims, "sub", "admin")))+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "payload edited after signing (exp extended)", g[0]+"."+b64s(jsonOf(t, with(claims, "exp", now.Add(1000*time.Hour).Unix())))+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "header swapped after signing (typ)", b64s(jsonOf(t, hdr("RS256", "rsa-1", "typ", "JWT")))+"."+g[1]+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "header swapped after signing (alg RS256 to PS256)", b64s(jsonOf(t, hdr("PS256", "rsa-1")))+"."+g[1]+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "header swapped after signing (alg RS256 to RS512)", b64s(jsonOf(t, hdr("RS512", "rsa-1")))+"."+g[1]+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "header swapped after signing (kid dropped)", b64s(jsonOf(t, hdr("RS256", "")))+"."+g[1]+"."+g[2], validator.ErrInvalidSignature)
	add(swap, "header and payload of one token, signature of an ES256 token", g[0]+"."+g[1]+"."+b64(ecSig), validator.ErrInvalidSignature)
	add(swap, "header of an ES256 token on an RS256 token", b64s(jsonOf(t, hdr("ES256", "ec-256")))+"."+g[1]+"."+g[2], validator.ErrInvalidSignature)

	// --- Compact serialization (RFC 7515 §7.1): segment counts, base64 spelling. ---
	const syntax = "compact syntax"
	add(syntax, "JWE compact (5 parts)", b64s(`{"alg":"RSA-OAEP","enc":"A256GCM"}`)+".AAAA.AAAA.AAAA.AAAA", validator.ErrMalformedToken)
	add(syntax, "JWE-shaped with JWS header (5 parts)", g[0]+"."+g[1]+"."+g[2]+".x.y", validator.ErrMalformedToken)
	add(syntax, "1 segment", g[0], validator.ErrMalformedToken)
	add(syntax, "2 segments", g[0]+"."+g[1], validator.ErrMalformedToken)
	add(syntax, "4 segments", genuine+"."+g[2], validator.ErrMalformedToken)
	add(syntax, "6 segments", genuine+".a.b.c", validator.ErrMalformedToken)
	add(syntax, "trailing dot", genuine+".", validator.ErrMalformedToken)
	add(syntax, "leading dot", "."+genuine, validator.ErrMalformedToken)
	add(syntax, "empty header", "."+g[1]+"."+g[2], validator.ErrMalformedToken)
	add(syntax, "empty payload", g[0]+".."+g[2], validator.ErrMalformedToken)
	add(syntax, "only dots", "..", validator.ErrMalformedToken)
	add(syntax, "no dots", "not-a-token", validator.ErrMalformedToken)
	add(syntax, "padded segments", padded(genuine), validator.ErrMalformedToken)
	add(syntax, "padded signature", g[0]+"."+g[1]+"."+base64.URLEncoding.EncodeToString(genuineSig), validator.ErrMalformedToken)
	add(syntax, "padding appended to the header", g[0]+"="+"."+g[1]+"."+g[2], validator.ErrMalformedToken)
	add(syntax, "standard-base64 signature", g[0]+"."+g[1]+"."+stdAlphabet(t, g[2]), validator.ErrMalformedToken)
	add(syntax, "standard-base64 segments, padded", std(genuine), validator.ErrMalformedToken)
	add(syntax, "non-canonical base64 (stray bits)", strayBits(t, k), validator.ErrMalformedToken)
	add(syntax, "space inside", g[0]+". "+g[1]+"."+g[2], validator.ErrMalformedToken)
	add(syntax, "leading space", " "+genuine, validator.ErrMalformedToken)
	add(syntax, `"Bearer " prefix left on`, "Bearer "+genuine, validator.ErrMalformedToken)
	add(syntax, "non-ASCII byte in the signature", g[0]+"."+g[1]+"."+g[2][:10]+"é"+g[2][10:], validator.ErrMalformedToken)
	add(syntax, "NUL byte in the payload", g[0]+"."+g[1][:5]+"\x00"+g[1][5:]+"."+g[2], validator.ErrMalformedToken)
	// encoding/base64 skips CR and LF even in strict mode: they must not give a token a second spelling.
	add(syntax, "trailing newline", genuine+"\n", validator.ErrMalformedToken)
	add(syntax, "CRLF inside the signature", g[0]+"."+g[1]+"."+g[2][:10]+"\r\n"+g[2][10:], validator.ErrMalformedToken)
	add(syntax, "CR inside the header", g[0][:4]+"\r"+g[0][4:]+"."+g[1]+"."+g[2], validator.ErrMalformedToken)
	add(syntax, "empty token", "", validator.ErrMissingToken)

	// --- The header and the claims must be JSON objects without duplicate or case-variant members. ---
	const jsonClass = "JSON objects"
	for _, h := range []string{`[]`, `["RS256"]`, `"RS256"`, `null`, `1`, `true`, `{}`, `{`, `{"alg":"RS256"`,
		`{"alg":"RS256","kid":"rsa-1"}x`, `{"alg":"RS256","kid":"rsa-1"}{"alg":"none"}`, `{"alg":"RS256",}`,
		`{'alg':'RS256'}`, `{alg:"RS256"}`, "\ufeff" + `{"alg":"RS256","kid":"rsa-1"}`} {
		add(jsonClass, "header "+quote(h), b64s(h)+"."+g[1]+"."+g[2], validator.ErrMalformedToken)
	}
	for _, p := range []string{`[]`, `"claims"`, `null`, `123`, `true`, `{"iss":`, body + "x", body + body, "\ufeff" + body} {
		// Signed by the trusted key: the payload is refused for its shape, after the signature.
		add(jsonClass, "payload "+quote(trim(p, 24)), rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), p, "RS256", k.rsa), validator.ErrMalformedToken)
	}
	dupHeaders := []string{
		`{"alg":"RS256","kid":"rsa-1","alg":"none"}`,
		`{"alg":"none","kid":"rsa-1","alg":"RS256"}`,
		`{"alg":"RS256","kid":"rsa-1","alg":"RS256"}`,
		`{"alg":"RS256","kid":"ec-256","kid":"rsa-1"}`,
		`{"alg":"RS256","kid":"rsa-1","\u0061lg":"HS256"}`,
		`{"alg":"RS256","kid":"rsa-1","ALG":"none"}`,
		`{"Alg":"RS256","kid":"rsa-1"}`,
		`{"alg":"RS256","KID":"rsa-1"}`,
		`{"alg":"RS256","kid":"rsa-1","typ":"at+jwt","typ":"JWT"}`,
	}
	for _, h := range dupHeaders {
		add(jsonClass, "header "+quote(h), rawSigned(h, body, "RS256", k.rsa), validator.ErrMalformedToken)
	}
	objectBody := strings.TrimSuffix(body, "}")
	for _, extra := range []string{
		`,"iss":"https://evil.test"}`, `,"aud":"https://evil.test"}`, `,"exp":99999999999}`,
		`,"\u0069ss":"https://evil.test"}`, `,"ISS":"https://evil.test"}`, `,"Exp":99999999999}`, `,"scope":"admin"}`,
	} {
		add(jsonClass, "claims with "+quote(extra[1:len(extra)-1]), rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), objectBody+extra, "RS256", k.rsa), validator.ErrMalformedToken)
	}

	// Unicode case folding: encoding/json matches struct fields with it, so "ſ" (U+017F) folds to "s"
	// and "K" (U+212A, Kelvin) to "k"; a claim "iſs" could be read as "iss" by one parser and not by
	// another. RFC 7515 §5.2 also requires the JSON to be valid UTF-8.
	for _, extra := range []string{",\"i\u017fs\":\"https://evil.test\"}", ",\"\u017fcope\":\"admin\"}", `,"\u017fub":"admin"}`, ",\"\u017fcp\":[\"admin\"]}"} {
		add(jsonClass, "claims with the fold variant "+quote(extra[1:len(extra)-1]), rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), objectBody+extra, "RS256", k.rsa), validator.ErrMalformedToken)
	}
	add(jsonClass, "header with the fold variant \"\u212aid\"", rawSigned(`{"alg":"RS256","\u212aid":"rsa-1"}`, body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(jsonClass, "header with a raw Kelvin-sign kid beside kid", rawSigned("{\"alg\":\"RS256\",\"kid\":\"ec-256\",\"\u212aid\":\"rsa-1\"}", body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(jsonClass, "header with invalid UTF-8", rawSigned("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":\"\xff\"}", body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(jsonClass, "claims with invalid UTF-8 in iss", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), strings.Replace(body, `"iss":"`+testIssuer+`"`, `"iss":"`+testIssuer+"\xff\"", 1), "RS256", k.rsa), validator.ErrMalformedToken)
	add(jsonClass, "claims with an invalid UTF-8 member name", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), objectBody+",\"\xff\":1}", "RS256", k.rsa), validator.ErrMalformedToken)
	add(jsonClass, "claims with a leading-zero number", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), objectBody+`,"n":01}`, "RS256", k.rsa), validator.ErrMalformedToken)
	add(jsonClass, "claims with aud [null, ours]", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), strings.Replace(body, `"aud":"`+testAudience+`"`, `"aud":[null,"`+testAudience+`"]`, 1), "RS256", k.rsa), validator.ErrMalformedToken)

	// --- Extensions the validator does not understand (RFC 7515 §4.1.11, RFC 7797). ---
	const ext = "crit and b64"
	add(ext, "crit naming an unknown extension", signed(hdr("RS256", "rsa-1", "crit", []string{"exp"}, "exp", 1), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "crit naming an absent extension", signed(hdr("RS256", "rsa-1", "crit", []string{"http://example.test/x"}), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "crit empty array", signed(hdr("RS256", "rsa-1", "crit", []string{}), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "crit not an array", signed(hdr("RS256", "rsa-1", "crit", "b64"), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "b64 false with crit", signed(hdr("RS256", "rsa-1", "crit", []string{"b64"}, "b64", false), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "b64 false without crit", signed(hdr("RS256", "rsa-1", "b64", false), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "b64 as a string", signed(hdr("RS256", "rsa-1", "b64", "true"), body, "RS256", k.rsa), validator.ErrMalformedToken)
	add(ext, "b64 false, payload unencoded", rawUnencoded(t, k), validator.ErrMalformedToken)

	// --- Size and nesting: refused before decoding, or refused by the parser without exhausting it. ---
	const size = "size and nesting"
	big := signed(hdr("RS256", "rsa-1"), jsonOf(t, with(claims, "pad", strings.Repeat("a", 48<<10))), "RS256", k.rsa)
	add(size, "64 KiB token, genuinely signed", big, validator.ErrTokenTooLarge)
	add(size, "64 KiB of dots", strings.Repeat(".", 64<<10), validator.ErrTokenTooLarge)
	add(size, "64 KiB signature segment", g[0]+"."+g[1]+"."+strings.Repeat("A", 64<<10), validator.ErrTokenTooLarge)
	add(size, "exactly 16 KiB, genuinely signed", sizedToken(t, k, claims, validator.DefaultMaxTokenSize), nil)
	add(size, "16 KiB + 1, genuinely signed", sizedToken(t, k, claims, validator.DefaultMaxTokenSize+1), validator.ErrTokenTooLarge)
	deepHeader := `{"alg":"RS256","kid":"rsa-1","x":` + nest(4000) + `}`
	add(size, "header nested 4000 deep, attacker-signed", rawSigned(deepHeader, body, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	add(size, "header nested 4000 deep, unbalanced", b64s(strings.TrimSuffix(deepHeader, "]}"))+"."+g[1]+"."+g[2], validator.ErrMalformedToken)
	deepBody := strings.TrimSuffix(body, "}") + `,"x":` + nest(4000) + `}`
	add(size, "claims nested 4000 deep, attacker-signed", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), deepBody, "RS256", k.atkRSA), validator.ErrInvalidSignature)
	hugeHeader := `{"alg":"RS256","kid":"rsa-1","x":` + nest(100_000) + `}`
	add(size, "header nested 100000 deep (1 MiB bound)", rawSigned(hugeHeader, body, "RS256", k.rsa), validator.ErrMalformedToken, cfgBig)
	hugeBody := strings.TrimSuffix(body, "}") + `,"x":` + nest(100_000) + `}`
	add(size, "claims nested 100000 deep, genuinely signed (1 MiB bound)", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), hugeBody, "RS256", k.rsa), validator.ErrMalformedToken, cfgBig)
	add(size, "claims nested 100000 objects deep, genuinely signed (1 MiB bound)",
		rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), strings.TrimSuffix(body, "}")+`,"x":`+strings.Repeat(`{"a":`, 100_000)+"1"+strings.Repeat("}", 100_000)+"}", "RS256", k.rsa),
		validator.ErrMalformedToken, cfgBig)
	var many strings.Builder
	many.WriteString(strings.TrimSuffix(body, "}"))
	for i := range 20_000 {
		many.WriteString(`,"m` + itoa(i) + `":0`)
	}
	many.WriteString(`,"m7":1}`)
	add(size, "20000 claims, one duplicated at the end (1 MiB bound)", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), many.String(), "RS256", k.rsa), validator.ErrMalformedToken, cfgBig)

	// --- Claims: types, presence, and near misses of issuer and audience (RFC 8725 §3.8, §3.9). ---
	const claimsClass = "claims"
	claimCases := []struct {
		name string
		kv   []any
		want error
	}{
		{"exp as a string", []any{"exp", itoa(int(now.Add(time.Hour).Unix()))}, validator.ErrMalformedToken},
		{"exp as a boolean", []any{"exp", true}, validator.ErrMalformedToken},
		{"exp as an array", []any{"exp", []int64{now.Add(time.Hour).Unix()}}, validator.ErrMalformedToken},
		{"exp absent", []any{"exp", nil}, validator.ErrMissingClaim},
		{"exp in the past", []any{"exp", now.Add(-time.Hour).Unix()}, validator.ErrTokenExpired},
		{"nbf as a string", []any{"nbf", itoa(int(now.Unix()))}, validator.ErrMalformedToken},
		{"nbf in the future", []any{"nbf", now.Add(time.Hour).Unix()}, validator.ErrTokenNotYetValid},
		{"iat in the future", []any{"iat", now.Add(time.Hour).Unix()}, validator.ErrTokenNotYetValid},
		{"aud empty array", []any{"aud", []string{}}, validator.ErrInvalidAudience},
		{"aud empty string", []any{"aud", ""}, validator.ErrInvalidAudience},
		{"aud absent", []any{"aud", nil}, validator.ErrInvalidAudience},
		{"aud another API", []any{"aud", "https://other.test"}, validator.ErrInvalidAudience},
		// One trailing slash names the same resource URL and is accepted (validator/audience.go); two do not.
		{"aud with two trailing slashes", []any{"aud", testAudience + "//"}, validator.ErrInvalidAudience},
		{"aud in another case", []any{"aud", strings.ToUpper(testAudience)}, validator.ErrInvalidAudience},
		{"aud as a prefix", []any{"aud", testAudience[:len(testAudience)-1]}, validator.ErrInvalidAudience},
		{"aud with a NUL suffix", []any{"aud", testAudience + "\x00"}, validator.ErrInvalidAudience},
		{"aud nested array", []any{"aud", [][]string{{testAudience}}}, validator.ErrMalformedToken},
		{"aud as an object", []any{"aud", map[string]string{"aud": testAudience}}, validator.ErrMalformedToken},
		{"aud array of numbers", []any{"aud", []int{1}}, validator.ErrMalformedToken},
		{"iss with a trailing slash", []any{"iss", testIssuer + "/"}, validator.ErrInvalidIssuer},
		{"iss in another case", []any{"iss", "https://IDP.hardening.test"}, validator.ErrInvalidIssuer},
		{"iss with another scheme", []any{"iss", "http://idp.hardening.test"}, validator.ErrInvalidIssuer},
		{"iss with a leading space", []any{"iss", " " + testIssuer}, validator.ErrInvalidIssuer},
		{"iss with a NUL suffix", []any{"iss", testIssuer + "\x00"}, validator.ErrInvalidIssuer},
		{"iss absent", []any{"iss", nil}, validator.ErrInvalidIssuer},
		{"iss as an array", []any{"iss", []string{testIssuer}}, validator.ErrMalformedToken},
		{"iss as a number", []any{"iss", 1}, validator.ErrMalformedToken},
	}
	for _, cc := range claimCases {
		add(claimsClass, cc.name, signed(hdr("RS256", "rsa-1"), jsonOf(t, with(claims, cc.kv...)), "RS256", k.rsa), cc.want)
	}
	// A token of another identity provider, signed by its own key, is named for its issuer rather than
	// its key (issue 18): the unverified iss only names a refusal that is certain anyway.
	foreign := jsonOf(t, with(claims, "iss", "https://other-idp.hardening.test"))
	add(claimsClass, "iss of another issuer, its own key", signed(hdr("RS256", "other-idp-key"), foreign, "RS256", k.atkRSA), validator.ErrInvalidIssuer)
	add(claimsClass, "iss of another issuer, our kid, its key", signed(hdr("RS256", "rsa-1"), foreign, "RS256", k.atkRSA), validator.ErrInvalidIssuer)
	add(claimsClass, "exp 1e309", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), strings.Replace(body, `"exp":`, `"exp":1e309,"x":`, 1), "RS256", k.rsa), validator.ErrMalformedToken)
	add(claimsClass, "exp null", rawSigned(jsonOf(t, hdr("RS256", "rsa-1")), strings.Replace(body, `"exp":`, `"exp":null,"x":`, 1), "RS256", k.rsa), validator.ErrMissingClaim)

	// Fixed HTTP expectations where the Authorization header changes what reaches the validator.
	for i := range c.cases {
		ac := &c.cases[i]
		switch ac.name {
		case "leading space":
			// HTTP strips optional whitespace around a header value: the token arrives intact.
			ac.http = http.StatusOK
		}
	}
	return c
}

// TestAttackCorpus runs every case through validator.Validate: attacks must be refused with exactly
// the expected reason and code, valid tokens accepted.
func TestAttackCorpus(t *testing.T) {
	c := buildCorpus(t)
	perClass := map[string]int{}
	attacks := 0
	for _, ac := range c.cases {
		perClass[ac.class]++
		if ac.want != nil {
			attacks++
		}
		t.Run(ac.class+"/"+ac.name, func(t *testing.T) {
			v := c.validators[ac.cfg]
			claims, err := v.Validate(context.Background(), ac.token)
			checkVerdict(t, ac, claims, err)
		})
	}
	if hits := c.keyHits.Load(); hits != 0 {
		t.Errorf("the attacker's jku/x5u server was asked %d times; token headers must never be followed", hits)
	}
	t.Logf("attack corpus: %d cases (%d attacks, %d valid tokens)", len(c.cases), attacks, len(c.cases)-attacks)
	classes := make([]string, 0, len(perClass))
	for cl := range perClass {
		classes = append(classes, cl)
	}
	sort.Strings(classes)
	for _, cl := range classes {
		t.Logf("  %-22s %3d", cl, perClass[cl])
	}
}

// checkVerdict asserts that Validate's answer is the one the case expects.
func checkVerdict(t *testing.T, ac attackCase, claims *validator.Claims, err error) {
	t.Helper()
	if ac.want == nil {
		if err != nil {
			t.Fatalf("valid token refused: %v (code %s)", err, validator.Code(err))
		}
		if claims == nil || claims.Issuer != testIssuer || len(claims.Audience) == 0 {
			t.Fatalf("accepted with claims %+v", claims)
		}
		return
	}
	if err == nil {
		t.Fatalf("attack accepted (want %v): claims %+v", ac.want, claims)
	}
	if claims != nil {
		t.Errorf("refusal returned claims %+v", claims)
	}
	if !errors.Is(err, ac.want) {
		t.Fatalf("refused with %q (code %s), want reason %q", err, validator.Code(err), ac.want)
	}
	var ve *validator.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error %T is not a *validator.Error", err)
	}
	if ve.Reason != ac.want {
		t.Errorf("Reason is %q, want %q", ve.Reason, ac.want)
	}
	if got, want := ve.Code(), wantCodes[ac.want]; got != want {
		t.Errorf("Code() = %q, want %q", got, want)
	}
	if got, want := validator.Code(err), wantCodes[ac.want]; got != want {
		t.Errorf("validator.Code = %q, want %q", got, want)
	}
}

// --- Small builders used by the corpus. ---

func quote(s string) string {
	q := []byte{'"'}
	for _, r := range trim(s, 40) {
		switch {
		case r == '"' || r == '\\':
			q = append(q, '\\', byte(r))
		case r < 0x20 || r == 0x7f:
			q = append(q, []byte(`\x`+string("0123456789abcdef"[r>>4])+string("0123456789abcdef"[r&15]))...)
		default:
			q = append(q, string(r)...)
		}
	}
	return string(append(q, '"'))
}

// trim shortens s to at most n runes, marking the cut.
func trim(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

func bytesOf(b byte, n int) []byte { return []byte(strings.Repeat(string([]byte{b}), n)) }

func flipLastBit(b []byte) []byte {
	out := append([]byte(nil), b...)
	out[len(out)-1] ^= 1
	return out
}

// nest returns depth nested JSON arrays around 1.
func nest(depth int) string { return strings.Repeat("[", depth) + "1" + strings.Repeat("]", depth) }

// derECDSA re-encodes a raw R || S signature as ASN.1 DER, the form JWS forbids.
func derECDSA(t testing.TB, raw []byte) []byte {
	t.Helper()
	n := len(raw) / 2
	enc := func(b []byte) []byte {
		for len(b) > 1 && b[0] == 0 {
			b = b[1:]
		}
		if b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return append([]byte{0x02, byte(len(b))}, b...)
	}
	body := append(enc(raw[:n]), enc(raw[n:])...)
	return append([]byte{0x30, byte(len(body))}, body...)
}

// padded re-encodes every segment of token with base64url padding.
func padded(token string) string {
	parts := segments(token)
	for i, p := range parts {
		b, _ := base64.RawURLEncoding.DecodeString(p)
		parts[i] = base64.URLEncoding.EncodeToString(b)
	}
	return strings.Join(parts, ".")
}

// std re-encodes every segment of token with standard, padded base64.
func std(token string) string {
	parts := segments(token)
	for i, p := range parts {
		b, _ := base64.RawURLEncoding.DecodeString(p)
		parts[i] = base64.StdEncoding.EncodeToString(b)
	}
	return strings.Join(parts, ".")
}

// stdAlphabet rewrites a base64url segment in the standard alphabet, keeping it unpadded. It fails
// the test if the segment has no character that differs between the two alphabets.
func stdAlphabet(t testing.TB, seg string) string {
	t.Helper()
	out := strings.NewReplacer("-", "+", "_", "/").Replace(seg)
	if out == seg {
		t.Fatal("segment has no '-' or '_' to rewrite; re-run")
	}
	return out
}

// strayBits returns a genuine token whose header segment is re-spelled with non-zero unused bits in
// its last character: a lenient decoder reads the same bytes, so the spelling must be refused, or one
// token would have many spellings.
func strayBits(t testing.TB, k *suiteKeys) string {
	t.Helper()
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	body := jsonOf(t, claimsAt(time.Now()))
	for pad := ""; len(pad) < 3; pad += "x" {
		h := jsonOf(t, hdr("RS256", "rsa-1", "p", pad))
		enc := b64s(h)
		if len(enc)%4 == 0 {
			continue // no unused bits in this spelling
		}
		last := strings.IndexByte(alphabet, enc[len(enc)-1])
		respelled := enc[:len(enc)-1] + string(alphabet[last|1])
		if dec, err := base64.RawURLEncoding.DecodeString(respelled); err != nil || string(dec) != h {
			t.Fatalf("stray-bit spelling does not decode to the same header")
		}
		input := enc + "." + b64s(body)
		return respelled + "." + b64s(body) + "." + b64(signature(t, "RS256", k.rsa, input))
	}
	t.Fatal("no header length with unused bits")
	return ""
}

// sizedToken returns a token genuinely signed with the rsa-1 key that is exactly n bytes long, padded
// with a claim (and, to reach every length, a header member).
func sizedToken(t testing.TB, k *suiteKeys, claims map[string]any, n int) string {
	t.Helper()
	sigLen := len(b64(make([]byte, k.rsa.Size())))
	rawLen := func(l int) int { return l/3*4 + [3]int{0, 2, 3}[l%3] }
	base := len(jsonOf(t, with(claims, "pad", "")))
	for hp := range 4 {
		h := jsonOf(t, hdr("RS256", "rsa-1", "p", strings.Repeat("x", hp)))
		want := n - len(b64s(h)) - 2 - sigLen // length of the payload segment
		for l := want*3/4 - 3; l <= want*3/4+3; l++ {
			if l >= base && rawLen(l) == want {
				tok := compact(t, h, jsonOf(t, with(claims, "pad", strings.Repeat("a", l-base))), "RS256", k.rsa)
				if len(tok) != n {
					t.Fatalf("sizedToken: made %d bytes, want %d", len(tok), n)
				}
				return tok
			}
		}
	}
	t.Fatalf("sizedToken: cannot make a %d-byte token", n)
	return ""
}

// rawUnencoded builds an RFC 7797 token: b64 false, payload not base64url-encoded, signed as RFC 7797
// specifies.
func rawUnencoded(t testing.TB, k *suiteKeys) string {
	t.Helper()
	h := b64s(jsonOf(t, hdr("RS256", "rsa-1", "crit", []string{"b64"}, "b64", false)))
	payload := `$.02`
	return h + "." + payload + "." + b64(signature(t, "RS256", k.rsa, h+"."+payload))
}
