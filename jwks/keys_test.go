package jwks

import (
	"crypto"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"testing"

	"github.com/MicahParks/jwkset"
)

func TestParseJWKFilters(t *testing.T) {
	rsa2048 := rsaKey(t, 0)
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p256 := ecKey(t, elliptic.P256())
	p384 := ecKey(t, elliptic.P384())
	p521 := ecKey(t, elliptic.P521())
	ed := edKey(t)
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}

	with := func(m jwkset.JWKMarshal, f func(*jwkset.JWKMarshal)) jwkset.JWKMarshal { f(&m); return m }
	rsaPub := publicJWK(t, rsa2048, "r", "")

	tests := []struct {
		name     string
		jwk      any
		wantAlgs algSet // 0: the key must be skipped
		private  bool   // private material was present and dropped
	}{
		{"RSA 2048", rsaPub, rsaAlgs, false},
		{"RSA 2048 use sig", with(rsaPub, func(m *jwkset.JWKMarshal) { m.USE = jwkset.UseSig }), rsaAlgs, false},
		{"RSA 2048 alg RS256 only", publicJWK(t, rsa2048, "r", "RS256"), bit(algRS256), false},
		{"RSA 2048 alg PS384 only", publicJWK(t, rsa2048, "r", "PS384"), bit(algPS384), false},
		{"RSA 1024 too weak", publicJWK(t, rsa1024, "r", ""), 0, false},
		{"RSA use enc", with(rsaPub, func(m *jwkset.JWKMarshal) { m.USE = jwkset.UseEnc }), 0, false},
		{"RSA alg RSA-OAEP", with(rsaPub, func(m *jwkset.JWKMarshal) { m.ALG = jwkset.AlgRSAOAEP }), 0, false},
		{"RSA alg HS256", with(rsaPub, func(m *jwkset.JWKMarshal) { m.ALG = jwkset.AlgHS256 }), 0, false},
		{"RSA alg ES256", with(rsaPub, func(m *jwkset.JWKMarshal) { m.ALG = jwkset.AlgES256 }), 0, false},
		{"RSA unknown use", with(rsaPub, func(m *jwkset.JWKMarshal) { m.USE = "other" }), 0, false},
		{"key_ops verify", with(rsaPub, func(m *jwkset.JWKMarshal) { m.KEYOPS = []jwkset.KEYOPS{jwkset.KeyOpsVerify} }), rsaAlgs, false},
		{"key_ops encrypt only", with(rsaPub, func(m *jwkset.JWKMarshal) { m.KEYOPS = []jwkset.KEYOPS{jwkset.KeyOpsEncrypt} }), 0, false},
		{"RSA bad modulus", with(rsaPub, func(m *jwkset.JWKMarshal) { m.N = "!!!" }), 0, false},
		{"RSA missing e", with(rsaPub, func(m *jwkset.JWKMarshal) { m.E = "" }), 0, false},
		{"RSA http x5u ignored", with(rsaPub, func(m *jwkset.JWKMarshal) { m.X5U = "http://example.invalid/cert" }), rsaAlgs, false},
		{"RSA private JWK keeps public part", jwk(t, rsa2048, "r", "", ""), rsaAlgs, true},
		{"EC P-256", publicJWK(t, p256, "e", ""), bit(algES256), false},
		{"EC P-384", publicJWK(t, p384, "e", ""), bit(algES384), false},
		{"EC P-521", publicJWK(t, p521, "e", ""), bit(algES512), false},
		{"EC P-256 alg ES256", publicJWK(t, p256, "e", "ES256"), bit(algES256), false},
		{"EC P-256 alg ES384 mismatch", with(publicJWK(t, p256, "e", ""), func(m *jwkset.JWKMarshal) { m.ALG = jwkset.AlgES384 }), 0, false},
		{"EC private JWK keeps public part", jwk(t, p384, "e", "", ""), bit(algES384), true},
		{"EC secp256k1", with(publicJWK(t, p256, "e", ""), func(m *jwkset.JWKMarshal) { m.CRV = jwkset.CrvSECP256K1 }), 0, false},
		{"EC point off curve", with(publicJWK(t, p256, "e", ""), func(m *jwkset.JWKMarshal) { m.Y = m.X }), 0, false},
		{"Ed25519", publicJWK(t, ed, "o", ""), bit(algEdDSA), false},
		{"Ed25519 private JWK keeps public part", jwk(t, ed, "o", "", ""), bit(algEdDSA), true},
		{"X25519 is not a signature key", jwk(t, x25519.PublicKey(), "x", "", ""), 0, false},
		{"oct symmetric", jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0c2VjcmV0c2VjcmV0"}, 0, true},
		{"unknown kty", jwkset.JWKMarshal{KTY: "XYZ", KID: "u"}, 0, false},
		{"not an object", "a string", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.jwk)
			if err != nil {
				t.Fatal(err)
			}
			k, hadPrivate, err := parseJWK(raw)
			if hadPrivate != tt.private {
				t.Errorf("hadPrivate = %v, want %v", hadPrivate, tt.private)
			}
			if tt.wantAlgs == 0 {
				if err == nil {
					t.Fatalf("key accepted with algs %b, want skipped", k.algs)
				}
				t.Logf("skipped: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("key skipped: %v", err)
			}
			if k.algs != tt.wantAlgs {
				t.Errorf("algs = %b, want %b", k.algs, tt.wantAlgs)
			}
			if _, ok := k.pub.(interface{ Public() crypto.PublicKey }); ok {
				t.Errorf("kept a private key %T", k.pub)
			}
			if _, err := keyAlgs(k.pub); err != nil {
				t.Errorf("kept key is not a public verification key: %v", err)
			}
		})
	}
}

func TestParseSetSkipsIndividually(t *testing.T) {
	good := publicJWK(t, ecKey(t, elliptic.P256()), "good", "")
	doc := setJSON(t,
		jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "secret", K: "c2VjcmV0"},
		good,
		map[string]any{"kty": "RSA", "kid": 7}, // kid of the wrong JSON type
		jwkset.JWKMarshal{KTY: "EC", KID: "broken"},
	)
	p, err := parseSet(doc)
	if err != nil {
		t.Fatalf("parseSet: %v", err)
	}
	if len(p.keys) != 1 || p.keys[0].kid != "good" {
		t.Fatalf("keys = %+v, want only \"good\"", p.keys)
	}
	if len(p.skipped) != 3 {
		t.Errorf("skipped %d keys, want 3: %+v", len(p.skipped), p.skipped)
	}
}

func TestParseSetFailures(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want error
	}{
		{"not JSON", "<html>", nil},
		{"no keys member", `{"kty":"RSA"}`, nil},
		{"keys null", `{"keys":null}`, nil},
		{"keys not array", `{"keys":{}}`, nil},
		{"empty set", `{"keys":[]}`, errNoUsableKeys},
		{"only unusable", `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`, errNoUsableKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseSet([]byte(tt.doc))
			if err == nil {
				t.Fatal("parseSet succeeded, want error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
