package jwa

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"testing"
)

func TestIndexMatchesTable(t *testing.T) {
	for i, a := range Algorithms {
		if got := Index(a.Name); got != i {
			t.Errorf("Index(%q) = %d, want %d", a.Name, got, i)
		}
		if a.Method.Alg() != a.Name {
			t.Errorf("%s verifies with %s", a.Name, a.Method.Alg())
		}
		if asym := Asymmetric&Bit(i) != 0; asym != (a.Family != HMAC) {
			t.Errorf("%s: in Asymmetric = %v", a.Name, asym)
		}
	}
	for _, name := range []string{"none", "rs256", "HS1", ""} {
		if Index(name) != -1 {
			t.Errorf("Index(%q) found", name)
		}
	}
}

func TestKeyAlgorithms(t *testing.T) {
	r2048, _ := rsa.GenerateKey(rand.Reader, 2048)
	r1024, _ := rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // deliberately weak: must be refused
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	ed, _, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name string
		key  any
		want Set
	}{
		{"RSA 2048", &r2048.PublicKey, 0b111111},
		{"RSA 1024", &r1024.PublicKey, 0},
		{"P-384", &p384.PublicKey, Bit(Index("ES384"))},
		{"P-224", &p224.PublicKey, 0},
		{"Ed25519", ed, Bit(Index("EdDSA"))},
		{"short Ed25519", ed[:31], 0},
		{"secret", []byte("0123456789abcdef0123456789abcdef"), 0},
		{"private RSA", r2048, 0},
	}
	for _, tt := range tests {
		got, err := KeyAlgorithms(tt.key)
		if got != tt.want || (err == nil) != (tt.want != 0) {
			t.Errorf("%s: KeyAlgorithms = %b, %v; want %b", tt.name, got, err, tt.want)
		}
	}
	if _, err := KeyAlgorithms("x"); !errors.Is(err, ErrKeyType) {
		t.Errorf("string key: %v", err)
	}
}

func TestHMACSecretLength(t *testing.T) {
	for _, name := range []string{"HS256", "HS384", "HS512"} {
		a, _ := Lookup(name)
		if a.Fits(make([]byte, a.MinSecretBytes-1)) || !a.Fits(make([]byte, a.MinSecretBytes)) {
			t.Errorf("%s: secret length bound is not %d", name, a.MinSecretBytes)
		}
	}
}
