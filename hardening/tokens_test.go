package hardening

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

// The suite crafts its tokens byte by byte rather than through a JWT library: an attack is mostly a
// header, payload or signature no well-behaved library would produce.

const (
	testIssuer   = "https://idp.hardening.test"
	testAudience = "https://api.hardening.test"
)

// b64 is the only encoding compact JWS allows: base64url without padding.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func b64s(s string) string { return b64([]byte(s)) }

// suiteKeys are the keys of the trusted identity provider, of an attacker, and a few the provider
// must never be trusted with. Generated once per test binary: RSA generation is slow.
type suiteKeys struct {
	rsa      *rsa.PrivateKey // "rsa-1": any RS*/PS* algorithm
	pinned   *rsa.PrivateKey // "rsa-ps512": JWK "alg" pins it to PS512
	rsa1024  *rsa.PrivateKey // "weak-1024": too short, must never verify
	p256     *ecdsa.PrivateKey
	p384     *ecdsa.PrivateKey
	p521     *ecdsa.PrivateKey
	ed       ed25519.PrivateKey
	hmac     []byte // published as an "oct" JWK by mistake; must never be used
	atkRSA   *rsa.PrivateKey
	atkP256  *ecdsa.PrivateKey
	atkEd    ed25519.PrivateKey
	atkCert  []byte // self-signed X.509 certificate (DER) for atkRSA
	hsSecret []byte // the validator's genuine HS* secret (48 bytes: long enough for HS256 and HS384), for the configuration that allows HS*
}

var loadKeys = sync.OnceValue(func() *suiteKeys {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	genRSA := func(bits int) *rsa.PrivateKey {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		must(err)
		return k
	}
	genEC := func(c elliptic.Curve) *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		must(err)
		return k
	}
	genEd := func() ed25519.PrivateKey {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		must(err)
		return k
	}
	k := &suiteKeys{
		rsa:      genRSA(2048),
		pinned:   genRSA(2048),
		rsa1024:  genRSA(1024),
		p256:     genEC(elliptic.P256()),
		p384:     genEC(elliptic.P384()),
		p521:     genEC(elliptic.P521()),
		ed:       genEd(),
		hmac:     []byte("published-by-mistake-symmetric-secret-0123456789"),
		atkRSA:   genRSA(2048),
		atkP256:  genEC(elliptic.P256()),
		atkEd:    genEd(),
		hsSecret: []byte("the-genuine-hs-secret-of-this-api-0123456789abcd"),
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "idp.hardening.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	var err error
	k.atkCert, err = x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.atkRSA.Public(), k.atkRSA)
	must(err)
	return k
})

// hashFor returns the hash an RS/PS/ES/HS algorithm of the given size uses.
func hashFor(alg string) (crypto.Hash, func() hash.Hash) {
	switch alg[len(alg)-3:] {
	case "384":
		return crypto.SHA384, sha512.New384
	case "512":
		return crypto.SHA512, sha512.New
	}
	return crypto.SHA256, sha256.New
}

// signature computes the JWS signature of input with alg and key. HS* take the secret as []byte;
// the others a private key of the matching type. ES* signatures are the fixed-width R || S of
// RFC 7518 §3.4.
func signature(t testing.TB, alg string, key any, input string) []byte {
	t.Helper()
	if alg == "EdDSA" {
		return ed25519.Sign(key.(ed25519.PrivateKey), []byte(input))
	}
	h, newHash := hashFor(alg)
	if strings.HasPrefix(alg, "HS") {
		m := hmac.New(newHash, key.([]byte))
		m.Write([]byte(input))
		return m.Sum(nil)
	}
	d := newHash()
	d.Write([]byte(input))
	digest := d.Sum(nil)
	var sig []byte
	var err error
	switch {
	case strings.HasPrefix(alg, "RS"):
		sig, err = rsa.SignPKCS1v15(rand.Reader, key.(*rsa.PrivateKey), h, digest)
	case strings.HasPrefix(alg, "PS"):
		sig, err = rsa.SignPSS(rand.Reader, key.(*rsa.PrivateKey), h, digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case strings.HasPrefix(alg, "ES"):
		k := key.(*ecdsa.PrivateKey)
		var der []byte
		if der, err = ecdsa.SignASN1(rand.Reader, k, digest); err == nil {
			sig, err = rawECDSA(der, k.Curve)
		}
	default:
		t.Fatalf("signature: unknown alg %q", alg)
	}
	if err != nil {
		t.Fatalf("signature %s: %v", alg, err)
	}
	return sig
}

// rawECDSA turns an ASN.1 DER ECDSA signature into the JWS form R || S, each curve-size bytes.
func rawECDSA(der []byte, c elliptic.Curve) ([]byte, error) {
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &rs); err != nil {
		return nil, err
	}
	n := (c.Params().BitSize + 7) / 8
	out := make([]byte, 2*n)
	rs.R.FillBytes(out[:n])
	rs.S.FillBytes(out[n:])
	return out, nil
}

// compact assembles a compact JWS from raw header and payload JSON, signing with alg and key; a nil
// key leaves the signature segment empty.
func compact(t testing.TB, header, payload string, alg string, key any) string {
	t.Helper()
	input := b64s(header) + "." + b64s(payload)
	if key == nil {
		return input + "."
	}
	return input + "." + b64(signature(t, alg, key, input))
}

// jsonOf marshals v, failing the test on error.
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// claimsAt returns the claims of a token that is valid at now for the suite's issuer and audience.
func claimsAt(now time.Time) map[string]any {
	return map[string]any{
		"iss":       testIssuer,
		"aud":       testAudience,
		"sub":       "user-42",
		"client_id": "client-7",
		"scope":     "orders:read orders:write",
		"iat":       now.Unix(),
		"nbf":       now.Unix(),
		"exp":       now.Add(time.Hour).Unix(),
		"jti":       "jti-hardening",
	}
}

// with returns a copy of m with the given members set (nil deletes).
func with(m map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(m)+len(kv)/2)
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, name)
		} else {
			out[name] = kv[i+1]
		}
	}
	return out
}

// hdr builds a header object: alg, then kid when not empty, then extra name/value pairs.
func hdr(alg, kid string, kv ...any) map[string]any {
	h := map[string]any{"alg": alg, "typ": "at+jwt"}
	if kid != "" {
		h["kid"] = kid
	}
	return with(h, kv...)
}

// jwkJSON renders the public half of key as a JWK with kid and, when not empty, alg and use.
func jwkOf(t testing.TB, pub crypto.PublicKey, kid, alg, use string) map[string]any {
	t.Helper()
	m := map[string]any{}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		m["kty"] = "RSA"
		m["n"] = b64(k.N.Bytes())
		m["e"] = b64(big.NewInt(int64(k.E)).Bytes())
	case *ecdsa.PublicKey:
		point, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		n := (len(point) - 1) / 2
		m["kty"] = "EC"
		m["crv"] = k.Curve.Params().Name
		m["x"] = b64(point[1 : 1+n])
		m["y"] = b64(point[1+n:])
	case ed25519.PublicKey:
		m["kty"] = "OKP"
		m["crv"] = "Ed25519"
		m["x"] = b64(k)
	case []byte:
		m["kty"] = "oct"
		m["k"] = b64(k)
	default:
		t.Fatalf("jwkOf: %T", pub)
	}
	if kid != "" {
		m["kid"] = kid
	}
	if alg != "" {
		m["alg"] = alg
	}
	if use != "" {
		m["use"] = use
	}
	return m
}

// trustedJWKS is the identity provider's JWK Set: one usable key per family plus keys that must be
// skipped (RSA-1024, an encryption key, a symmetric key).
func trustedJWKS(t testing.TB) []byte {
	t.Helper()
	k := loadKeys()
	return []byte(jsonOf(t, map[string]any{"keys": []any{
		jwkOf(t, k.rsa.Public(), "rsa-1", "", "sig"),
		jwkOf(t, k.pinned.Public(), "rsa-ps512", "PS512", "sig"),
		jwkOf(t, k.p256.Public(), "ec-256", "", "sig"),
		jwkOf(t, k.p384.Public(), "ec-384", "ES384", ""),
		jwkOf(t, k.p521.Public(), "ec-521", "", ""),
		jwkOf(t, k.ed.Public(), "ed", "", "sig"),
		jwkOf(t, k.rsa1024.Public(), "weak-1024", "RS256", "sig"),
		jwkOf(t, k.pinned.Public(), "enc", "", "enc"),
		jwkOf(t, k.hmac, "hmac", "HS256", "sig"),
	}}))
}

// segments returns the dot-separated parts of token.
func segments(token string) []string { return strings.Split(token, ".") }

// headerOfMembers returns an RS256 header naming the rsa-1 key with n members in all, the others
// named with \u escapes only; when size is not 0, the names are lengthened with more escapes and the
// last member's value padded so the header is exactly size bytes.
func headerOfMembers(n, size int) string {
	build := func(escapes, pad int) string {
		var b strings.Builder
		b.WriteString(`{"alg":"RS256","kid":"rsa-1"`)
		for i := range n - 2 {
			b.WriteString(`,"` + strings.Repeat(`\u0078`, escapes) + itoa(i) + `":`)
			if i < n-3 {
				b.WriteString("0")
			} else {
				b.WriteString(`"` + strings.Repeat("y", pad) + `"`)
			}
		}
		return b.String() + "}"
	}
	h := build(1, 0)
	if size == 0 {
		return h
	}
	escapes := 1 + (size-len(h))/(6*(n-2))
	h = build(escapes, 0)
	return build(escapes, size-len(h))
}

// escapedNamesToken returns a token of about size bytes (at most size, at least size-3) whose header
// is as many escaped member names as fit beside a small payload and an RS256-sized signature: the
// hostile header an outside review found to cost 16 validations. Signed by nobody, it must be refused
// for its header before any key is looked up.
func escapedNamesToken(t testing.TB, payload string, size int) string {
	t.Helper()
	sig := strings.Repeat("A", 342) // the length of an RSA-2048 signature
	padded := func(pad int) string {
		return b64s(payload[:len(payload)-1] + `,"p":"` + strings.Repeat("p", pad) + `"}`)
	}
	var h strings.Builder
	h.WriteString(`{"alg":"RS256","kid":"rsa-1"`)
	for i := 0; ; i++ {
		member := fmt.Sprintf(`,"\u%04x":0`, 0x100+i) // one escaped character each: distinct names
		if len(b64s(h.String()+member+"}"))+len(padded(0))+len(sig)+2 > size {
			break
		}
		h.WriteString(member)
	}
	h.WriteString("}")
	head := b64s(h.String()) + "."
	for pad := size - len(head); pad >= 0; pad-- {
		if tok := head + padded(pad) + "." + sig; len(tok) <= size {
			return tok
		}
	}
	t.Fatal("escapedNamesToken: payload does not fit")
	return ""
}
