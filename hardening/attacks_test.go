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
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
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
	binding.ErrUnsupportedBinding:     "unsupported_binding",
}

// Validator configurations the corpus runs against.
const (
	cfgDefault = ""      // jwks.Static over trustedJWKS, issuer and audience, default algorithms
	cfgHS      = "hs"    // as cfgDefault, plus HS* with the API's genuine secret
	cfgWeak    = "weak"  // a naive KeySource that answers every lookup with the RSA-1024 key
	cfgNaiveEC = "ec"    // a naive KeySource that answers every lookup with the P-256 key
	cfgBig     = "big"   // as cfgDefault with a 1 MiB token bound, to reach the JSON parsers with huge input
	cfgAdmin   = "admin" // as cfgDefault, requiring the scope "admin"
	cfgRoles   = "roles" // as cfgDefault, requiring the claim "roles"
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
	// check, when set, inspects the claims of an accepted token.
	check func(*validator.Claims) error
	// refusedBy, when set, is the reason every adapter refuses a token the validator accepts (want
	// nil): a sender-constrained token presented without its proof, which the adapters' binding
	// check refuses on every route, whatever it enabled.
	refusedBy error
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

// corpusBuilder holds what the attack classes share while the corpus is built.
type corpusBuilder struct {
	t      testing.TB
	k      *suiteKeys
	c      *corpus
	atkURL string // the attacker's key server, which token headers point at

	now    time.Time
	claims map[string]any // valid claims at now
	body   string         // claims as JSON
	// genuine is an RS256 token with valid claims, signed by the trusted key; g its segments and
	// genuineSig its decoded signature, for the tampering cases.
	genuine    string
	g          []string
	genuineSig []byte
}

// add appends a case judged by the given configuration (the default one when cfg is omitted).
func (b *corpusBuilder) add(class, name, token string, want error, cfg ...string) {
	ac := attackCase{class: class, name: name, token: token, want: want}
	if len(cfg) > 0 {
		ac.cfg = cfg[0]
	}
	b.c.cases = append(b.c.cases, ac)
}

// signed makes a token with header h and payload p signed by key with alg.
func (b *corpusBuilder) signed(h map[string]any, p string, alg string, key any) string {
	return compact(b.t, jsonOf(b.t, h), p, alg, key)
}

// rawSigned makes a token with the literal header JSON h and payload p signed by key with alg.
func (b *corpusBuilder) rawSigned(h, p string, alg string, key any) string {
	return compact(b.t, h, p, alg, key)
}

// buildCorpus makes every case, one attack class after the other. The attacker's key server is
// closed when t ends.
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
			cfgAdmin:   newValidator(t, set, validator.WithRequiredScopes(scopes.All("admin"))),
			cfgRoles:   newValidator(t, set, validator.WithRequiredClaims("roles")),
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

	b := &corpusBuilder{t: t, k: k, c: c, atkURL: atk.URL, now: time.Now()}
	b.claims = claimsAt(b.now)
	b.body = jsonOf(t, b.claims)
	b.genuine = b.signed(hdr("RS256", "rsa-1"), b.body, "RS256", k.rsa)
	b.g = segments(b.genuine)
	b.genuineSig, _ = base64.RawURLEncoding.DecodeString(b.g[2])

	for _, class := range []func(){
		b.validTokens, b.algNone, b.algAllowList, b.keyConfusion, b.embeddedKeys, b.kids, b.weakKeys,
		b.badSignatures, b.swappedParts, b.compactSyntax, b.jsonObjects, b.extensions, b.sizeAndNesting,
		b.claimChecks, b.scopeGrammar, b.exactClaimNames, b.headerBounds, b.keyHardening,
		b.senderConstrained,
	} {
		class()
	}
	return c
}

// validTokens adds: Valid tokens: every supported algorithm, both aud shapes, kid-less single key.
func (b *corpusBuilder) validTokens() {
	const valid = "valid"
	for _, alg := range []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"} {
		b.add(valid, alg, b.signed(hdr(alg, "rsa-1"), b.body, alg, b.k.rsa), nil)
	}
	b.add(valid, "ES256", b.signed(hdr("ES256", "ec-256"), b.body, "ES256", b.k.p256), nil)
	b.add(valid, "ES384", b.signed(hdr("ES384", "ec-384"), b.body, "ES384", b.k.p384), nil)
	b.add(valid, "ES512", b.signed(hdr("ES512", "ec-521"), b.body, "ES512", b.k.p521), nil)
	b.add(valid, "EdDSA", b.signed(hdr("EdDSA", "ed"), b.body, "EdDSA", b.k.ed), nil)
	b.add(valid, "PS512 with the key pinned to PS512", b.signed(hdr("PS512", "rsa-ps512"), b.body, "PS512", b.k.pinned), nil)
	b.add(valid, "aud array naming us among others",
		b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, "aud", []string{"https://other.test", testAudience})), "RS256", b.k.rsa), nil)
	b.add(valid, "aud single-element array", b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, "aud", []string{testAudience})), "RS256", b.k.rsa), nil)
	b.add(valid, "no kid, one RSA key fits RS256", b.signed(hdr("RS256", ""), b.body, "RS256", b.k.rsa), nil)
	b.add(valid, "no kid, one key fits ES256", b.signed(hdr("ES256", ""), b.body, "ES256", b.k.p256), nil)
	b.add(valid, "no kid, one key fits EdDSA", b.signed(hdr("EdDSA", ""), b.body, "EdDSA", b.k.ed), nil)
	b.add(valid, "no typ, minimal claims", b.signed(map[string]any{"alg": "ES256", "kid": "ec-256"},
		jsonOf(b.t, map[string]any{"iss": testIssuer, "aud": testAudience, "exp": b.now.Add(time.Minute).Unix()}), "ES256", b.k.p256), nil)
	b.add(valid, "jku and x5u headers ignored, genuine key",
		b.signed(hdr("RS256", "rsa-1", "jku", b.atkURL+"/jwks.json", "x5u", b.atkURL+"/cert.pem"), b.body, "RS256", b.k.rsa), nil)
	b.add(valid, "HS256 with the API's genuine secret", b.signed(hdr("HS256", ""), b.body, "HS256", b.k.hsSecret), nil, cfgHS)
}

// algNone adds: alg "none" (RFC 8725 §2.1, §3.1) in any casing, with and without a signature.
func (b *corpusBuilder) algNone() {
	const none = "alg none"
	for _, alg := range []string{"none", "None", "NONE", "nOnE"} {
		h := jsonOf(b.t, hdr(alg, "rsa-1"))
		// With no signature the third segment is empty, which the strict parser refuses first.
		b.add(none, alg+" without signature", b64s(h)+"."+b.g[1]+".", validator.ErrUnsupportedAlgorithm)
		b.add(none, alg+" with a signature", b64s(h)+"."+b.g[1]+"."+b.g[2], validator.ErrUnsupportedAlgorithm)
		b.add(none, alg+" without signature, HS allowed", b64s(h)+"."+b.g[1]+".", validator.ErrUnsupportedAlgorithm, cfgHS)
		b.add(none, alg+" with a signature, HS allowed", b64s(h)+"."+b.g[1]+"."+b.g[2], validator.ErrUnsupportedAlgorithm, cfgHS)
	}
	b.add(none, "none without kid or typ", b64s(`{"alg":"none"}`)+"."+b.g[1]+".", validator.ErrUnsupportedAlgorithm)
	b.add(none, "none, signature one byte", b64s(`{"alg":"none"}`)+"."+b.g[1]+".AA", validator.ErrUnsupportedAlgorithm)
}

// algAllowList adds: Other algorithms that must not be accepted.
func (b *corpusBuilder) algAllowList() {
	const badAlg = "algorithm allow-list"
	for _, alg := range []string{"", "rs256", "RS256 ", " RS256", "RS1", "RS", "ES256K", "RSA-OAEP", "dir", "HS256", "HS512", "Ed25519", "EdDSA\u0000"} {
		b.add(badAlg, "alg "+quote(alg), b.rawSigned(jsonOf(b.t, hdr(alg, "rsa-1")), b.body, "RS256", b.k.rsa), validator.ErrUnsupportedAlgorithm)
	}
	b.add(badAlg, "alg missing", b.rawSigned(`{"kid":"rsa-1","typ":"at+jwt"}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(badAlg, "alg null", b.rawSigned(`{"alg":null,"kid":"rsa-1"}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(badAlg, "alg array", b.rawSigned(`{"alg":["RS256"],"kid":"rsa-1"}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(badAlg, "alg number", b.rawSigned(`{"alg":256,"kid":"rsa-1"}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
}

// keyConfusion adds: Key confusion (RFC 8725 §2.1): HS* keyed with the public key the RS/ES/EdDSA tokens use.
func (b *corpusBuilder) keyConfusion() {
	const confusion = "key confusion"
	pkix, err := x509.MarshalPKIXPublicKey(b.k.rsa.Public())
	if err != nil {
		b.t.Fatal(err)
	}
	ecPoint, err := b.k.p256.PublicKey.Bytes()
	if err != nil {
		b.t.Fatal(err)
	}
	secrets := []struct {
		name   string
		secret []byte
		kid    string
	}{
		{"RSA PEM", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix}), "rsa-1"},
		{"RSA PEM PKCS#1", pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&b.k.rsa.PublicKey)}), "rsa-1"},
		{"RSA DER SPKI", pkix, "rsa-1"},
		{"RSA DER PKCS#1", x509.MarshalPKCS1PublicKey(&b.k.rsa.PublicKey), "rsa-1"},
		{"RSA modulus bytes", b.k.rsa.N.Bytes(), "rsa-1"},
		{"RSA JWK JSON", []byte(jsonOf(b.t, jwkOf(b.t, b.k.rsa.Public(), "rsa-1", "", "sig"))), "rsa-1"},
		{"EC point bytes", ecPoint, "ec-256"},
		{"Ed25519 public key bytes", []byte(b.k.ed.Public().(ed25519.PublicKey)), "ed"},
		{"oct key published in the JWKS", b.k.hmac, "hmac"},
	}
	for _, s := range secrets {
		for _, alg := range []string{"HS256", "HS384"} {
			tok := b.signed(hdr(alg, s.kid), b.body, alg, s.secret)
			b.add(confusion, alg+" keyed with "+s.name, tok, validator.ErrUnsupportedAlgorithm)
			b.add(confusion, alg+" keyed with "+s.name+", HS allowed", tok, validator.ErrInvalidSignature, cfgHS)
		}
		tok := b.signed(hdr("HS256", ""), b.body, "HS256", s.secret)
		b.add(confusion, "HS256 keyed with "+s.name+", no kid, HS allowed", tok, validator.ErrInvalidSignature, cfgHS)
	}
}

// embeddedKeys adds: Keys carried or pointed at by the token (RFC 8725 §3.10, RFC 7515 §4.1.2–4.1.6).
func (b *corpusBuilder) embeddedKeys() {
	const embedded = "embedded key"
	atkJWK := jwkOf(b.t, b.k.atkRSA.Public(), "", "", "")
	b.add(embedded, "jwk header with attacker key, no kid",
		b.signed(hdr("RS256", "", "jwk", atkJWK), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(embedded, "jwk header with attacker key, attacker kid",
		b.signed(hdr("RS256", "attacker", "jwk", with(atkJWK, "kid", "attacker")), b.body, "RS256", b.k.atkRSA), validator.ErrUnknownKey)
	b.add(embedded, "jwk header with attacker key, trusted kid",
		b.signed(hdr("RS256", "rsa-1", "jwk", with(atkJWK, "kid", "rsa-1")), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(embedded, "jwk header with attacker EC key, trusted kid",
		b.signed(hdr("ES256", "ec-256", "jwk", jwkOf(b.t, b.k.atkP256.Public(), "ec-256", "", "")), b.body, "ES256", b.k.atkP256), validator.ErrInvalidSignature)
	b.add(embedded, "jwk header with attacker Ed25519 key, no kid",
		b.signed(hdr("EdDSA", "", "jwk", jwkOf(b.t, b.k.atkEd.Public(), "", "", "")), b.body, "EdDSA", b.k.atkEd), validator.ErrInvalidSignature)
	b.add(embedded, "jku to attacker, trusted kid",
		b.signed(hdr("RS256", "rsa-1", "jku", b.atkURL+"/jwks.json"), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(embedded, "jku to attacker, attacker kid",
		b.signed(hdr("RS256", "attacker", "jku", b.atkURL+"/jwks.json"), b.body, "RS256", b.k.atkRSA), validator.ErrUnknownKey)
	b.add(embedded, "x5u to attacker, trusted kid",
		b.signed(hdr("RS256", "rsa-1", "x5u", b.atkURL+"/cert.pem"), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(embedded, "x5u to attacker, no kid",
		b.signed(hdr("RS256", "", "x5u", b.atkURL+"/cert.pem"), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	x5c := []string{base64.StdEncoding.EncodeToString(b.k.atkCert)}
	b.add(embedded, "x5c with attacker certificate, trusted kid",
		b.signed(hdr("RS256", "rsa-1", "x5c", x5c), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(embedded, "x5c with attacker certificate, no kid",
		b.signed(hdr("RS256", "", "x5c", x5c), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(embedded, "x5c with attacker certificate, x5t#S256, attacker kid",
		b.signed(hdr("RS256", "attacker-cert", "x5c", x5c, "x5t#S256", "AAAA"), b.body, "RS256", b.k.atkRSA), validator.ErrUnknownKey)
}

// kids adds: kid: a key of another type, keys that must not load, traversal and injection strings.
func (b *corpusBuilder) kids() {
	const kid = "kid"
	kidCases := []struct {
		name, alg, kid string
		key            any
	}{
		{"RS256 naming the P-256 key", "RS256", "ec-256", b.k.rsa},
		{"RS256 naming the Ed25519 key", "RS256", "ed", b.k.rsa},
		{"ES256 naming the RSA key", "ES256", "rsa-1", b.k.p256},
		{"ES256 naming the P-384 key", "ES256", "ec-384", b.k.p256},
		{"ES384 naming the P-256 key", "ES384", "ec-256", b.k.p384},
		{"ES512 naming the P-384 key", "ES512", "ec-384", b.k.p521},
		{"EdDSA naming the RSA key", "EdDSA", "rsa-1", b.k.ed},
		{"RS256 with the key pinned to PS512", "RS256", "rsa-ps512", b.k.pinned},
		{"PS256 with the key pinned to PS512", "PS256", "rsa-ps512", b.k.pinned},
		{"RS256 naming the encryption key", "RS256", "enc", b.k.pinned},
		{"RS256 naming the RSA-1024 key", "RS256", "weak-1024", b.k.rsa1024},
		{"RS256 naming the oct key", "RS256", "hmac", b.k.rsa},
		{"attacker key, unknown kid", "RS256", "attacker", b.k.atkRSA},
	}
	for _, kc := range kidCases {
		b.add(kid, kc.name, b.signed(hdr(kc.alg, kc.kid), b.body, kc.alg, kc.key), validator.ErrUnknownKey)
	}
	// Every key that fits is tried (issue 12): the pinned key verifies its own kid-less token.
	b.add("valid", "no kid, two RSA keys fit PS512, the pinned one signed", b.signed(hdr("PS512", ""), b.body, "PS512", b.k.pinned), nil)
	for _, s := range []string{
		"../../../../etc/passwd", `..\..\..\windows\win.ini`, "/dev/null", "file:///etc/passwd",
		"%2e%2e%2f%2e%2e%2fetc%2fpasswd", "' OR '1'='1", "rsa-1' --", `rsa-1" OR ""="`, "rsa-1\u0000",
		"rsa-1 ", " rsa-1", "RSA-1", "rsa-1\nadmin", "$(id)", "`id`", "<script>alert(1)</script>",
		"{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "*", "rsa-*", "\u202ersa-1", "rsa\u20101",
		strings.Repeat("k", 2<<10), // longer ones are refused for validator.MaxHeaderBytes: see headerBounds
	} {
		b.add(kid, "kid "+quote(s), b.signed(hdr("RS256", s), b.body, "RS256", b.k.rsa), validator.ErrUnknownKey)
	}
	b.add(kid, "kid number", b.rawSigned(`{"alg":"RS256","kid":1}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(kid, "kid object (NoSQL operator)", b.rawSigned(`{"alg":"RS256","kid":{"$ne":null}}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(kid, "kid array", b.rawSigned(`{"alg":"RS256","kid":["rsa-1"]}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
}

// weakKeys adds: Weak keys and key sources that answer with the wrong key.
func (b *corpusBuilder) weakKeys() {
	const weak = "weak or wrong key"
	b.add(weak, "RSA-1024 key served by the key source", b.signed(hdr("RS256", "weak"), b.body, "RS256", b.k.rsa1024), validator.ErrUnknownKey, cfgWeak)
	b.add(weak, "RSA-1024 key served, PS256", b.signed(hdr("PS256", "weak"), b.body, "PS256", b.k.rsa1024), validator.ErrUnknownKey, cfgWeak)
	b.add(weak, "RS256 token, key source serves an EC key", b.signed(hdr("RS256", "x"), b.body, "RS256", b.k.rsa), validator.ErrUnknownKey, cfgNaiveEC)
	b.add(weak, "ES384 token, key source serves a P-256 key", b.signed(hdr("ES384", "x"), b.body, "ES384", b.k.p384), validator.ErrUnknownKey, cfgNaiveEC)
	b.add(weak, "EdDSA token, key source serves an EC key", b.signed(hdr("EdDSA", "x"), b.body, "EdDSA", b.k.ed), validator.ErrUnknownKey, cfgNaiveEC)
	b.add(weak, "ES256 token, key source serves the P-256 key (control)", b.signed(hdr("ES256", "x"), b.body, "ES256", b.k.p256), nil, cfgNaiveEC)
}

// badSignatures adds: Signatures that are not signatures (RFC 7518 §3.4; CVE-2022-21449 "psychic signatures").
func (b *corpusBuilder) badSignatures() {
	const sigs = "bad signature"
	ecInput := b64s(jsonOf(b.t, hdr("ES256", "ec-256"))) + "." + b.g[1]
	ec384Input := b64s(jsonOf(b.t, hdr("ES384", "ec-384"))) + "." + b.g[1]
	ec521Input := b64s(jsonOf(b.t, hdr("ES512", "ec-521"))) + "." + b.g[1]
	edInput := b64s(jsonOf(b.t, hdr("EdDSA", "ed"))) + "." + b.g[1]
	n256 := elliptic.P256().Params().N.FillBytes(make([]byte, 32))
	ecSig := signature(b.t, "ES256", b.k.p256, ecInput)
	der := derECDSA(b.t, ecSig)
	b.add(sigs, "ES256 r = s = 0", ecInput+"."+b64(make([]byte, 64)), validator.ErrInvalidSignature)
	b.add(sigs, "ES384 r = s = 0", ec384Input+"."+b64(make([]byte, 96)), validator.ErrInvalidSignature)
	b.add(sigs, "ES512 r = s = 0", ec521Input+"."+b64(make([]byte, 132)), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 r = s = n", ecInput+"."+b64(append(append([]byte{}, n256...), n256...)), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 r valid, s = 0", ecInput+"."+b64(append(append([]byte{}, ecSig[:32]...), make([]byte, 32)...)), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signature DER-encoded", ecInput+"."+b64(der), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signature one byte short", ecInput+"."+b64(ecSig[:63]), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signature one byte long", ecInput+"."+b64(append(append([]byte{}, ecSig...), 0)), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signature one byte", ecInput+".AA", validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signature empty", ecInput+".", validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signature of P-384 size", ecInput+"."+b64(signature(b.t, "ES384", b.k.p384, ecInput)), validator.ErrInvalidSignature)
	b.add(sigs, "EdDSA signature all zero", edInput+"."+b64(make([]byte, 64)), validator.ErrInvalidSignature)
	b.add(sigs, "EdDSA signature short", edInput+"."+b64(signature(b.t, "EdDSA", b.k.ed, edInput)[:63]), validator.ErrInvalidSignature)
	b.add(sigs, "RS256 signature all zero", b.g[0]+"."+b.g[1]+"."+b64(make([]byte, 256)), validator.ErrInvalidSignature)
	b.add(sigs, "RS256 signature all 0xff (above the modulus)", b.g[0]+"."+b.g[1]+"."+b64(bytesOf(0xff, 256)), validator.ErrInvalidSignature)
	b.add(sigs, "RS256 signature one byte short", b.g[0]+"."+b.g[1]+"."+b64(b.genuineSig[:255]), validator.ErrInvalidSignature)
	b.add(sigs, "RS256 signature with a leading zero byte", b.g[0]+"."+b.g[1]+"."+b64(append([]byte{0}, b.genuineSig...)), validator.ErrInvalidSignature)
	b.add(sigs, "RS256 signature one bit flipped", b.g[0]+"."+b.g[1]+"."+b64(flipLastBit(b.genuineSig)), validator.ErrInvalidSignature)
	b.add(sigs, "RS256 signed by the attacker, trusted kid", b.signed(hdr("RS256", "rsa-1"), b.body, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	b.add(sigs, "ES256 signed by the attacker, trusted kid", b.signed(hdr("ES256", "ec-256"), b.body, "ES256", b.k.atkP256), validator.ErrInvalidSignature)
	b.add(sigs, "EdDSA signed by the attacker, trusted kid", b.signed(hdr("EdDSA", "ed"), b.body, "EdDSA", b.k.atkEd), validator.ErrInvalidSignature)
	b.add(sigs, "PS256 signature under an RS256 header", b.g[0]+"."+b.g[1]+"."+b64(signature(b.t, "PS256", b.k.rsa, b.g[0]+"."+b.g[1])), validator.ErrInvalidSignature)
}

// swappedParts adds: Signatures moved between tokens; headers or payloads swapped after signing.
func (b *corpusBuilder) swappedParts() {
	const swap = "swapped parts"
	admin := segments(b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, "sub", "admin", "scope", "admin")), "RS256", b.k.rsa))
	other := segments(b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, "jti", "other")), "RS256", b.k.rsa))
	b.add(swap, "signature from another token", b.g[0]+"."+b.g[1]+"."+other[2], validator.ErrInvalidSignature)
	b.add(swap, "payload swapped after signing", b.g[0]+"."+admin[1]+"."+b.g[2], validator.ErrInvalidSignature)
	b.add(swap, "payload edited after signing (sub)", b.g[0]+"."+b64s(jsonOf(b.t, with(b.claims, "sub", "admin")))+"."+b.g[2], validator.ErrInvalidSignature)
	b.add(swap, "payload edited after signing (exp extended)", b.g[0]+"."+b64s(jsonOf(b.t, with(b.claims, "exp", b.now.Add(1000*time.Hour).Unix())))+"."+b.g[2], validator.ErrInvalidSignature)
	b.add(swap, "header swapped after signing (typ)", b64s(jsonOf(b.t, hdr("RS256", "rsa-1", "typ", "JWT")))+"."+b.g[1]+"."+b.g[2], validator.ErrInvalidSignature)
	b.add(swap, "header swapped after signing (alg RS256 to PS256)", b64s(jsonOf(b.t, hdr("PS256", "rsa-1")))+"."+b.g[1]+"."+b.g[2], validator.ErrInvalidSignature)
	b.add(swap, "header swapped after signing (alg RS256 to RS512)", b64s(jsonOf(b.t, hdr("RS512", "rsa-1")))+"."+b.g[1]+"."+b.g[2], validator.ErrInvalidSignature)
	b.add(swap, "header swapped after signing (kid dropped)", b64s(jsonOf(b.t, hdr("RS256", "")))+"."+b.g[1]+"."+b.g[2], validator.ErrInvalidSignature)
	ecSig := signature(b.t, "ES256", b.k.p256, b64s(jsonOf(b.t, hdr("ES256", "ec-256")))+"."+b.g[1])
	b.add(swap, "header and payload of one token, signature of an ES256 token", b.g[0]+"."+b.g[1]+"."+b64(ecSig), validator.ErrInvalidSignature)
	b.add(swap, "header of an ES256 token on an RS256 token", b64s(jsonOf(b.t, hdr("ES256", "ec-256")))+"."+b.g[1]+"."+b.g[2], validator.ErrInvalidSignature)
}

// compactSyntax adds: Compact serialization (RFC 7515 §7.1): segment counts, base64 spelling.
func (b *corpusBuilder) compactSyntax() {
	const syntax = "compact syntax"
	b.add(syntax, "JWE compact (5 parts)", b64s(`{"alg":"RSA-OAEP","enc":"A256GCM"}`)+".AAAA.AAAA.AAAA.AAAA", validator.ErrMalformedToken)
	b.add(syntax, "JWE-shaped with JWS header (5 parts)", b.g[0]+"."+b.g[1]+"."+b.g[2]+".x.y", validator.ErrMalformedToken)
	b.add(syntax, "1 segment", b.g[0], validator.ErrMalformedToken)
	b.add(syntax, "2 segments", b.g[0]+"."+b.g[1], validator.ErrMalformedToken)
	b.add(syntax, "4 segments", b.genuine+"."+b.g[2], validator.ErrMalformedToken)
	b.add(syntax, "6 segments", b.genuine+".a.b.c", validator.ErrMalformedToken)
	b.add(syntax, "trailing dot", b.genuine+".", validator.ErrMalformedToken)
	b.add(syntax, "leading dot", "."+b.genuine, validator.ErrMalformedToken)
	b.add(syntax, "empty header", "."+b.g[1]+"."+b.g[2], validator.ErrMalformedToken)
	b.add(syntax, "empty payload", b.g[0]+".."+b.g[2], validator.ErrMalformedToken)
	b.add(syntax, "only dots", "..", validator.ErrMalformedToken)
	b.add(syntax, "no dots", "not-a-token", validator.ErrMalformedToken)
	b.add(syntax, "padded segments", padded(b.genuine), validator.ErrMalformedToken)
	b.add(syntax, "padded signature", b.g[0]+"."+b.g[1]+"."+base64.URLEncoding.EncodeToString(b.genuineSig), validator.ErrMalformedToken)
	b.add(syntax, "padding appended to the header", b.g[0]+"="+"."+b.g[1]+"."+b.g[2], validator.ErrMalformedToken)
	b.add(syntax, "standard-base64 signature", b.g[0]+"."+b.g[1]+"."+stdAlphabet(b.t, b.g[2]), validator.ErrMalformedToken)
	b.add(syntax, "standard-base64 segments, padded", std(b.genuine), validator.ErrMalformedToken)
	b.add(syntax, "non-canonical base64 (stray bits)", strayBits(b.t, b.k), validator.ErrMalformedToken)
	b.add(syntax, "space inside", b.g[0]+". "+b.g[1]+"."+b.g[2], validator.ErrMalformedToken)
	b.add(syntax, "leading space", " "+b.genuine, validator.ErrMalformedToken)
	// HTTP strips optional whitespace around a header value: over HTTP the token arrives intact.
	b.c.cases[len(b.c.cases)-1].http = http.StatusOK
	b.add(syntax, `"Bearer " prefix left on`, "Bearer "+b.genuine, validator.ErrMalformedToken)
	b.add(syntax, "non-ASCII byte in the signature", b.g[0]+"."+b.g[1]+"."+b.g[2][:10]+"é"+b.g[2][10:], validator.ErrMalformedToken)
	b.add(syntax, "NUL byte in the payload", b.g[0]+"."+b.g[1][:5]+"\x00"+b.g[1][5:]+"."+b.g[2], validator.ErrMalformedToken)
	// encoding/base64 skips CR and LF even in strict mode: they must not give a token a second spelling.
	b.add(syntax, "trailing newline", b.genuine+"\n", validator.ErrMalformedToken)
	b.add(syntax, "CRLF inside the signature", b.g[0]+"."+b.g[1]+"."+b.g[2][:10]+"\r\n"+b.g[2][10:], validator.ErrMalformedToken)
	b.add(syntax, "CR inside the header", b.g[0][:4]+"\r"+b.g[0][4:]+"."+b.g[1]+"."+b.g[2], validator.ErrMalformedToken)
	b.add(syntax, "empty token", "", validator.ErrMissingToken)
}

// jsonObjects adds: The header and the claims must be JSON objects without duplicate or case-variant members.
func (b *corpusBuilder) jsonObjects() {
	const jsonClass = "JSON objects"
	for _, h := range []string{`[]`, `["RS256"]`, `"RS256"`, `null`, `1`, `true`, `{}`, `{`, `{"alg":"RS256"`,
		`{"alg":"RS256","kid":"rsa-1"}x`, `{"alg":"RS256","kid":"rsa-1"}{"alg":"none"}`, `{"alg":"RS256",}`,
		`{'alg':'RS256'}`, `{alg:"RS256"}`, "\ufeff" + `{"alg":"RS256","kid":"rsa-1"}`} {
		b.add(jsonClass, "header "+quote(h), b64s(h)+"."+b.g[1]+"."+b.g[2], validator.ErrMalformedToken)
	}
	for _, p := range []string{`[]`, `"claims"`, `null`, `123`, `true`, `{"iss":`, b.body + "x", b.body + b.body, "\ufeff" + b.body} {
		// Signed by the trusted key: the payload is refused for its shape, after the signature.
		b.add(jsonClass, "payload "+quote(trim(p, 24)), b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), p, "RS256", b.k.rsa), validator.ErrMalformedToken)
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
		b.add(jsonClass, "header "+quote(h), b.rawSigned(h, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	}
	objectBody := strings.TrimSuffix(b.body, "}")
	for _, extra := range []string{
		`,"iss":"https://evil.test"}`, `,"aud":"https://evil.test"}`, `,"exp":99999999999}`,
		`,"\u0069ss":"https://evil.test"}`, `,"ISS":"https://evil.test"}`, `,"Exp":99999999999}`, `,"scope":"admin"}`,
	} {
		b.add(jsonClass, "claims with "+quote(extra[1:len(extra)-1]), b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), objectBody+extra, "RS256", b.k.rsa), validator.ErrMalformedToken)
	}

	// Unicode case folding: encoding/json matches struct fields with it, so "ſ" (U+017F) folds to "s"
	// and "K" (U+212A, Kelvin) to "k"; a claim "iſs" could be read as "iss" by one parser and not by
	// another. RFC 7515 §5.2 also requires the JSON to be valid UTF-8.
	for _, extra := range []string{",\"i\u017fs\":\"https://evil.test\"}", ",\"\u017fcope\":\"admin\"}", `,"\u017fub":"admin"}`, ",\"\u017fcp\":[\"admin\"]}"} {
		b.add(jsonClass, "claims with the fold variant "+quote(extra[1:len(extra)-1]), b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), objectBody+extra, "RS256", b.k.rsa), validator.ErrMalformedToken)
	}
	b.add(jsonClass, "header with the fold variant \"\u212aid\"", b.rawSigned(`{"alg":"RS256","\u212aid":"rsa-1"}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(jsonClass, "header with a raw Kelvin-sign kid beside kid", b.rawSigned("{\"alg\":\"RS256\",\"kid\":\"ec-256\",\"\u212aid\":\"rsa-1\"}", b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(jsonClass, "header with invalid UTF-8", b.rawSigned("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":\"\xff\"}", b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(jsonClass, "claims with invalid UTF-8 in iss", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), strings.Replace(b.body, `"iss":"`+testIssuer+`"`, `"iss":"`+testIssuer+"\xff\"", 1), "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(jsonClass, "claims with an invalid UTF-8 member name", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), objectBody+",\"\xff\":1}", "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(jsonClass, "claims with a leading-zero number", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), objectBody+`,"n":01}`, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(jsonClass, "claims with aud [null, ours]", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), strings.Replace(b.body, `"aud":"`+testAudience+`"`, `"aud":[null,"`+testAudience+`"]`, 1), "RS256", b.k.rsa), validator.ErrMalformedToken)
}

// extensions adds: Extensions the validator does not understand (RFC 7515 §4.1.11, RFC 7797).
func (b *corpusBuilder) extensions() {
	const ext = "crit and b64"
	b.add(ext, "crit naming an unknown extension", b.signed(hdr("RS256", "rsa-1", "crit", []string{"exp"}, "exp", 1), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "crit naming an absent extension", b.signed(hdr("RS256", "rsa-1", "crit", []string{"http://example.test/x"}), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "crit empty array", b.signed(hdr("RS256", "rsa-1", "crit", []string{}), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "crit null", b.rawSigned(`{"alg":"RS256","kid":"rsa-1","crit":null}`, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "crit not an array", b.signed(hdr("RS256", "rsa-1", "crit", "b64"), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "b64 false with crit", b.signed(hdr("RS256", "rsa-1", "crit", []string{"b64"}, "b64", false), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "b64 false without crit", b.signed(hdr("RS256", "rsa-1", "b64", false), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "b64 as a string", b.signed(hdr("RS256", "rsa-1", "b64", "true"), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(ext, "b64 false, payload unencoded", rawUnencoded(b.t, b.k), validator.ErrMalformedToken)
}

// sizeAndNesting adds: Size and nesting: refused before decoding, or refused by the parser without exhausting it.
func (b *corpusBuilder) sizeAndNesting() {
	const size = "size and nesting"
	big := b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, "pad", strings.Repeat("a", 48<<10))), "RS256", b.k.rsa)
	b.add(size, "64 KiB token, genuinely signed", big, validator.ErrTokenTooLarge)
	b.add(size, "64 KiB of dots", strings.Repeat(".", 64<<10), validator.ErrTokenTooLarge)
	b.add(size, "64 KiB signature segment", b.g[0]+"."+b.g[1]+"."+strings.Repeat("A", 64<<10), validator.ErrTokenTooLarge)
	b.add(size, "exactly 16 KiB, genuinely signed", sizedToken(b.t, b.k, b.claims, validator.DefaultMaxTokenSize), nil)
	b.add(size, "16 KiB + 1, genuinely signed", sizedToken(b.t, b.k, b.claims, validator.DefaultMaxTokenSize+1), validator.ErrTokenTooLarge)
	deepHeader := `{"alg":"RS256","kid":"rsa-1","x":` + nest(4000) + `}`
	b.add(size, "header nested 4000 deep, attacker-signed", b.rawSigned(deepHeader, b.body, "RS256", b.k.atkRSA), validator.ErrMalformedToken)
	b.add(size, "header nested 4000 deep, unbalanced", b64s(strings.TrimSuffix(deepHeader, "]}"))+"."+b.g[1]+"."+b.g[2], validator.ErrMalformedToken)
	deepBody := strings.TrimSuffix(b.body, "}") + `,"x":` + nest(4000) + `}`
	b.add(size, "claims nested 4000 deep, attacker-signed", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), deepBody, "RS256", b.k.atkRSA), validator.ErrInvalidSignature)
	hugeHeader := `{"alg":"RS256","kid":"rsa-1","x":` + nest(100_000) + `}`
	b.add(size, "header nested 100000 deep (1 MiB bound)", b.rawSigned(hugeHeader, b.body, "RS256", b.k.rsa), validator.ErrMalformedToken, cfgBig)
	hugeBody := strings.TrimSuffix(b.body, "}") + `,"x":` + nest(100_000) + `}`
	b.add(size, "claims nested 100000 deep, genuinely signed (1 MiB bound)", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), hugeBody, "RS256", b.k.rsa), validator.ErrMalformedToken, cfgBig)
	b.add(size, "claims nested 100000 objects deep, genuinely signed (1 MiB bound)",
		b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), strings.TrimSuffix(b.body, "}")+`,"x":`+strings.Repeat(`{"a":`, 100_000)+"1"+strings.Repeat("}", 100_000)+"}", "RS256", b.k.rsa),
		validator.ErrMalformedToken, cfgBig)
	var many strings.Builder
	many.WriteString(strings.TrimSuffix(b.body, "}"))
	for i := range 20_000 {
		many.WriteString(`,"m` + itoa(i) + `":0`)
	}
	many.WriteString(`,"m7":1}`)
	b.add(size, "20000 claims, one duplicated at the end (1 MiB bound)", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), many.String(), "RS256", b.k.rsa), validator.ErrMalformedToken, cfgBig)
}

// claimChecks adds: Claims: types, presence, and near misses of issuer and audience (RFC 8725 §3.8, §3.9).
func (b *corpusBuilder) claimChecks() {
	const claimsClass = "claims"
	claimCases := []struct {
		name string
		kv   []any
		want error
	}{
		{"exp as a string", []any{"exp", itoa(int(b.now.Add(time.Hour).Unix()))}, validator.ErrMalformedToken},
		{"exp as a boolean", []any{"exp", true}, validator.ErrMalformedToken},
		{"exp as an array", []any{"exp", []int64{b.now.Add(time.Hour).Unix()}}, validator.ErrMalformedToken},
		{"exp absent", []any{"exp", nil}, validator.ErrMissingClaim},
		{"exp in the past", []any{"exp", b.now.Add(-time.Hour).Unix()}, validator.ErrTokenExpired},
		{"nbf as a string", []any{"nbf", itoa(int(b.now.Unix()))}, validator.ErrMalformedToken},
		{"nbf in the future", []any{"nbf", b.now.Add(time.Hour).Unix()}, validator.ErrTokenNotYetValid},
		{"iat in the future", []any{"iat", b.now.Add(time.Hour).Unix()}, validator.ErrTokenNotYetValid},
		{"aud empty array", []any{"aud", []string{}}, validator.ErrInvalidAudience},
		{"aud empty string", []any{"aud", ""}, validator.ErrInvalidAudience},
		{"aud absent", []any{"aud", nil}, validator.ErrInvalidAudience},
		{"aud another API", []any{"aud", "https://other.test"}, validator.ErrInvalidAudience},
		// A resource URL matches with or without one trailing slash (README, "Audience and resource URLs").
		{"aud with a trailing slash", []any{"aud", testAudience + "/"}, nil},
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
		b.add(claimsClass, cc.name, b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, cc.kv...)), "RS256", b.k.rsa), cc.want)
	}
	// A token of another identity provider, signed by its own key, is named for its issuer rather than
	// its key (issue 18): the unverified iss only names a refusal that is certain anyway.
	foreign := jsonOf(b.t, with(b.claims, "iss", "https://other-idp.hardening.test"))
	b.add(claimsClass, "iss of another issuer, its own key", b.signed(hdr("RS256", "other-idp-key"), foreign, "RS256", b.k.atkRSA), validator.ErrInvalidIssuer)
	b.add(claimsClass, "iss of another issuer, our kid, its key", b.signed(hdr("RS256", "rsa-1"), foreign, "RS256", b.k.atkRSA), validator.ErrInvalidIssuer)
	b.add(claimsClass, "exp 1e309", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), strings.Replace(b.body, `"exp":`, `"exp":1e309,"x":`, 1), "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(claimsClass, "exp null", b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), strings.Replace(b.body, `"exp":`, `"exp":null,"x":`, 1), "RS256", b.k.rsa), validator.ErrMissingClaim)
}

// scopeGrammar adds: scope and scp are split at U+0020 only, and a scope-token outside RFC 6749 §3.3
// grants nothing (issue 14 item 3): "read\u00a0admin" must not pass a route requiring admin.
func (b *corpusBuilder) scopeGrammar() {
	const class = "scope grammar"
	token := func(kv ...any) string {
		return b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, kv...)), "RS256", b.k.rsa)
	}
	for _, sep := range []string{"\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u1680", "\u2003", "\u2028", "\u3000", "\ufeff", "\x00"} {
		scope := "read" + sep + "admin"
		b.add(class, "scope "+quote(scope), token("scope", scope), validator.ErrInsufficientScope, cfgAdmin)
		b.add(class, "scp "+quote(scope), token("scope", nil, "scp", scope), validator.ErrInsufficientScope, cfgAdmin)
		b.add(class, "scp array item "+quote(scope), token("scope", nil, "scp", []string{"read", scope}), validator.ErrInsufficientScope, cfgAdmin)
	}
	for _, scope := range []string{`admin"`, `admin\`, "admin\u00e9", "\"admin\"", "ADMIN", "admin,read"} {
		b.add(class, "scope-token "+quote(scope), token("scope", "read "+scope), validator.ErrInsufficientScope, cfgAdmin)
	}
	b.add(class, "scope \"read admin\" (control)", token("scope", "read admin"), nil, cfgAdmin)
	b.add(class, "scope with runs of spaces (control)", token("scope", "  read   admin "), nil, cfgAdmin)
	b.add(class, "scp array, a bad item beside admin (control)", token("scope", nil, "scp", []string{"read\u00a0x", "admin"}), nil, cfgAdmin)
}

// exactClaimNames adds: a claim is found only under its exact name (issue 14 item 4), by
// WithRequiredClaims and by Claims.Decode and Claims.Get alike.
func (b *corpusBuilder) exactClaimNames() {
	const class = "exact claim names"
	withRoles := func(extra string) string {
		return b.rawSigned(jsonOf(b.t, hdr("RS256", "rsa-1")), strings.TrimSuffix(b.body, "}")+","+extra+"}", "RS256", b.k.rsa)
	}
	b.add(class, `"ROLES" for a required "roles"`, withRoles(`"ROLES":["admin"]`), validator.ErrMissingClaim, cfgRoles)
	b.add(class, `"role\u017f" for a required "roles"`, withRoles(`"role\u017f":["admin"]`), validator.ErrMissingClaim, cfgRoles)
	for _, extra := range []string{`"roles":["user"],"ROLES":["admin"]`, `"ROLES":["admin"],"roles":["user"]`, `"roles":["user"],"Roles":["admin"],"role\u017f":["admin"]`} {
		b.add(class, "Decode and Get read "+quote(extra), withRoles(extra), nil, cfgRoles)
		b.c.cases[len(b.c.cases)-1].check = rolesAreUser
	}
	b.add(class, `"ROLES" alone fills no "roles"`, withRoles(`"ROLES":["admin"]`), nil)
	b.c.cases[len(b.c.cases)-1].check = func(c *validator.Claims) error {
		var mine struct {
			Roles []string `json:"roles"`
		}
		if err := c.Decode(&mine); err != nil || mine.Roles != nil {
			return fmt.Errorf("Decode filled roles with %q (%v) from a member named ROLES", mine.Roles, err)
		}
		return nil
	}
}

// rolesAreUser checks that the claim "roles" reads [user] through Decode and Get alike.
func rolesAreUser(c *validator.Claims) error {
	var mine struct {
		Roles []string `json:"roles"`
	}
	if err := c.Decode(&mine); err != nil {
		return err
	}
	got, ok := c.Get("roles")
	if !slices.Equal(mine.Roles, []string{"user"}) || !ok || !reflect.DeepEqual(got, []any{"user"}) {
		return fmt.Errorf("roles: Decode %q, Get %v; want [user] from the member named exactly roles", mine.Roles, got)
	}
	return nil
}

// headerBounds adds: headers over validator.MaxHeaderBytes, validator.MaxHeaderMembers or
// validator.MaxHeaderDepth are refused before any key is looked up (issue 14 item 5), and headers at
// the bounds pass.
func (b *corpusBuilder) headerBounds() {
	const class = "header bounds"
	b.add(class, "16 KiB token, ~1000 escaped member names", escapedNamesToken(b.t, b.body, validator.DefaultMaxTokenSize), validator.ErrMalformedToken)
	b.add(class, "header of MaxHeaderMembers members", b.rawSigned(headerOfMembers(validator.MaxHeaderMembers, 0), b.body, "RS256", b.k.rsa), nil)
	b.add(class, "header of MaxHeaderMembers+1 members", b.rawSigned(headerOfMembers(validator.MaxHeaderMembers+1, 0), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(class, "header of MaxHeaderBytes, escaped names", b.rawSigned(headerOfMembers(validator.MaxHeaderMembers, validator.MaxHeaderBytes), b.body, "RS256", b.k.rsa), nil)
	b.add(class, "header of MaxHeaderBytes+1", b.rawSigned(headerOfMembers(validator.MaxHeaderMembers, validator.MaxHeaderBytes+1), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	nested := func(depth int) string {
		return `{"alg":"RS256","kid":"rsa-1","x":` + nest(depth-1) + "}"
	}
	b.add(class, "header nested MaxHeaderDepth deep", b.rawSigned(nested(validator.MaxHeaderDepth), b.body, "RS256", b.k.rsa), nil)
	b.add(class, "header nested MaxHeaderDepth+1 deep", b.rawSigned(nested(validator.MaxHeaderDepth+1), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
	b.add(class, "kid of MaxHeaderBytes", b.signed(hdr("RS256", strings.Repeat("k", validator.MaxHeaderBytes)), b.body, "RS256", b.k.rsa), validator.ErrMalformedToken)
}

// TestAttackCorpus runs every case through validator.Validate: attacks must be refused with exactly
// the expected reason and code, valid tokens accepted.
// senderConstrained adds: genuine tokens bound by cnf (RFC 7800) — to a DPoP key (RFC 9449), a
// client certificate (RFC 8705), a key in a member no binding knows, or to nothing — presented as
// plain bearer tokens. The validator accepts them (it judges the token, not its presenter); every
// adapter must refuse them, since none of the corpus's routes checks a binding (issue 22 item 4).
func (b *corpusBuilder) senderConstrained() {
	const class = "sender-constrained"
	for _, tc := range []struct {
		name string
		cnf  any
	}{
		{"DPoP-bound token as bearer", map[string]any{"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}},
		{"certificate-bound token without its certificate", map[string]any{"x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}},
		{"both bindings", map[string]any{"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", "x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}},
		{"cnf jwk (RFC 7800 §3.2)", map[string]any{"jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}},
		{"cnf kid (RFC 7800 §3.4)", map[string]any{"kid": "dfd1aa97-6d8d-4575-a0fe-34b96de2bfad"}},
		{"empty cnf", map[string]any{}},
		{"cnf jkt null", map[string]any{"jkt": nil}},
	} {
		token := b.signed(hdr("RS256", "rsa-1"), jsonOf(b.t, with(b.claims, "cnf", tc.cnf)), "RS256", b.k.rsa)
		b.c.cases = append(b.c.cases, attackCase{class: class, name: tc.name, token: token, refusedBy: binding.ErrUnsupportedBinding})
	}
}

func TestAttackCorpus(t *testing.T) {
	c := buildCorpus(t)
	perClass := map[string]int{}
	attacks := 0
	for _, ac := range c.cases {
		perClass[ac.class]++
		if ac.want != nil || ac.refusedBy != nil {
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
		if ac.check != nil {
			if err := ac.check(claims); err != nil {
				t.Fatal(err)
			}
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
